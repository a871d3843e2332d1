"""Subjects as arXiv category codes, and their names in English and Chinese.

Posts write subjects many ways: ``[LG]``, ``LG``, ``cs.lg``, ``Subjects: cs.CV``. Every
one of them is normalised to the arXiv code (``cs.LG``) so that the site groups them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class SubjectName:
    """How the site shows a subject code."""

    en: str
    """English name, as arXiv gives it."""
    zh: str
    """Chinese name, as Chinese digests commonly write it."""


SUBJECT_NAMES: dict[str, SubjectName] = {
    code: SubjectName(en, zh)
    for code, en, zh in [
        ("cs.AI", "Artificial Intelligence", "人工智能"),
        ("cs.AR", "Hardware Architecture", "硬件架构"),
        ("cs.CC", "Computational Complexity", "计算复杂性"),
        ("cs.CE", "Computational Engineering, Finance, and Science", "计算工程、金融与科学"),
        ("cs.CG", "Computational Geometry", "计算几何"),
        ("cs.CL", "Computation and Language", "计算与语言"),
        ("cs.CR", "Cryptography and Security", "密码学与安全"),
        ("cs.CV", "Computer Vision and Pattern Recognition", "计算机视觉"),
        ("cs.CY", "Computers and Society", "计算机与社会"),
        ("cs.DB", "Databases", "数据库"),
        ("cs.DC", "Distributed, Parallel, and Cluster Computing", "分布式、并行与集群计算"),
        ("cs.DL", "Digital Libraries", "数字图书馆"),
        ("cs.DM", "Discrete Mathematics", "离散数学"),
        ("cs.DS", "Data Structures and Algorithms", "数据结构与算法"),
        ("cs.ET", "Emerging Technologies", "新兴技术"),
        ("cs.FL", "Formal Languages and Automata Theory", "形式语言与自动机理论"),
        ("cs.GL", "General Literature", "一般文献"),
        ("cs.GR", "Graphics", "图形学"),
        ("cs.GT", "Computer Science and Game Theory", "博弈论"),
        ("cs.HC", "Human-Computer Interaction", "人机交互"),
        ("cs.IR", "Information Retrieval", "信息检索"),
        ("cs.IT", "Information Theory", "信息论"),
        ("cs.LG", "Machine Learning", "机器学习"),
        ("cs.LO", "Logic in Computer Science", "计算机科学中的逻辑"),
        ("cs.MA", "Multiagent Systems", "多智能体系统"),
        ("cs.MM", "Multimedia", "多媒体"),
        ("cs.MS", "Mathematical Software", "数学软件"),
        ("cs.NA", "Numerical Analysis", "数值分析"),
        ("cs.NE", "Neural and Evolutionary Computing", "神经与进化计算"),
        ("cs.NI", "Networking and Internet Architecture", "网络与互联网架构"),
        ("cs.OH", "Other Computer Science", "其他计算机科学"),
        ("cs.OS", "Operating Systems", "操作系统"),
        ("cs.PF", "Performance", "性能"),
        ("cs.PL", "Programming Languages", "编程语言"),
        ("cs.RO", "Robotics", "机器人"),
        ("cs.SC", "Symbolic Computation", "符号计算"),
        ("cs.SD", "Sound", "声音"),
        ("cs.SE", "Software Engineering", "软件工程"),
        ("cs.SI", "Social and Information Networks", "社会与信息网络"),
        ("cs.SY", "Systems and Control", "系统与控制"),
        ("eess.AS", "Audio and Speech Processing", "音频与语音"),
        ("eess.IV", "Image and Video Processing", "图像与视频处理"),
        ("eess.SP", "Signal Processing", "信号处理"),
        ("eess.SY", "Systems and Control", "系统与控制"),
        ("stat.AP", "Applications", "统计应用"),
        ("stat.CO", "Computation", "统计计算"),
        ("stat.ME", "Methodology", "统计方法"),
        ("stat.ML", "Machine Learning (Statistics)", "统计机器学习"),
        ("stat.TH", "Statistics Theory", "统计理论"),
        ("math.NA", "Numerical Analysis", "数值分析"),
        ("math.OC", "Optimization and Control", "优化与控制"),
        ("math.PR", "Probability", "概率论"),
        ("math.ST", "Statistics Theory", "统计理论"),
        ("q-bio.NC", "Neurons and Cognition", "神经元与认知"),
        ("q-bio.QM", "Quantitative Methods", "定量方法"),
        ("quant-ph", "Quantum Physics", "量子物理"),
        ("physics.comp-ph", "Computational Physics", "计算物理"),
        ("hep-th", "High Energy Physics - Theory", "高能物理理论"),
        ("cond-mat.dis-nn", "Disordered Systems and Neural Networks", "无序系统与神经网络"),
    ]
}

# Bare codes that posts use without the archive ("[LG]", "CV - 计算机视觉"). Where two
# archives share a code, the one that digests of this kind mean is listed: SY and AS are
# eess (as arXiv cross-lists them), ML is stat.ML. NLP and RL are not arXiv codes but are
# common legend entries in Chinese digests for cs.CL and cs.LG.
SHORT_CODES: dict[str, str] = {
    **{code.split(".")[1]: code for code in SUBJECT_NAMES if code.startswith("cs.")},
    "AS": "eess.AS",
    "IV": "eess.IV",
    "SP": "eess.SP",
    "SY": "eess.SY",
    "ML": "stat.ML",
    "NLP": "cs.CL",
    "RL": "cs.LG",
}

# arXiv archives; a subject code is one of these, optionally with ".CLASS".
ARCHIVES = frozenset(
    "cs math stat eess econ q-bio q-fin physics astro-ph cond-mat gr-qc hep-ex hep-lat hep-ph "
    "hep-th math-ph nlin nucl-ex nucl-th quant-ph".split()
)
# Archives whose subject classes are upper case (cs.CV); the others are lower case (cond-mat.soft).
_UPPER_CLASS_ARCHIVES = frozenset({"cs", "math", "stat", "eess", "econ", "q-bio", "q-fin", "astro-ph", "nlin"})

_CODE = re.compile(r"^([a-z-]+)(?:\.([a-z-]+))?$", re.IGNORECASE)
_WRAPPERS = "[]【】()（） \t"


@lru_cache(maxsize=4096)  # a site uses a few dozen spellings, met on every paper
def normalize_subject(raw: str) -> str | None:
    """The arXiv code for ``raw`` (``"[LG]"`` -> ``"cs.LG"``), or None if it names no subject."""
    text = raw.strip(_WRAPPERS)
    short = SHORT_CODES.get(text.upper())
    if short:
        return short
    match = _CODE.match(text)
    if not match:
        return None
    archive, klass = match.group(1).lower(), match.group(2)
    if archive not in ARCHIVES:
        return None
    if klass is None:
        return archive
    klass = klass.upper() if archive in _UPPER_CLASS_ARCHIVES else klass.lower()
    return f"{archive}.{klass}"


def subject_name(code: str, overrides: tuple[tuple[str, str, str], ...] = ()) -> SubjectName:
    """Names for a code: the site's own (``overrides``: code, English, Chinese), else the built-in
    ones; unknown codes are shown as themselves."""
    for overridden, en, zh in overrides:
        if overridden == code:
            return SubjectName(en, zh)
    return SUBJECT_NAMES.get(code, SubjectName(code, code))
