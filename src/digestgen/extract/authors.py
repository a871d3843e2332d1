"""Author lines: "T Dettmers, M Lewis, Y Belkada", "Ivana Balažević, David Steiner", "A. Smith et al.".

``looks_like_authors`` decides, without a label, whether a line is a list of names;
``split_authors`` splits a line known to hold authors (after "作者：") into names, one string
per person as printed: "Smith, John; Doe, Jane" and "Smith, J., Doe, A." give two names each.
Elisions ("et al.", "…", "等 12 位作者", "and 5 others", "+3 more"), footnote marks and
bracketed affiliations ("Zhang San (Tsinghua University)", "Ann Lee [1]") are not names.
"""

from __future__ import annotations

import re

from digestgen.extract.text import squash

# A trailing elision: "et al.", "…", "...", "等", "等人", "等12人", "等 12 位作者", "and 5 others",
# "+3 more", "and others". Only the end of a line is searched (see strip_et_al).
_ET_AL = re.compile(
    r"(?:[,，;；、]?\s*(?:et\.?\s?al\b\.?|等\s*\d*\s*[位名]?\s*(?:作者|人)?"
    r"|(?<![^\s,，;；、])(?:(?:and|&)\s+)?\d+\s+(?:others|more)(?:\s+authors)?"
    r"|(?<![^\s,，;；、])(?:and\s+)?others|\+\s*\d+\s*(?:more|others|authors)?)"
    r"|\.{3,}|…+|⋯+)[\s.,;]*$",
    re.IGNORECASE,
)
_ET_AL_WINDOW = 28
"""Characters at the end of a line that can hold the elision."""
_ET_AL_PARTS = ("et", "等", "others", "more", "+", "...", "…", "⋯")
"""One of these is in every elision of ``_ET_AL`` (case-folded): a line end without one is not
searched (most are not, and the pattern is tried at each of their positions). A new form of
elision must add its part here."""
_LABEL = re.compile(r"^[*_#>\s]*(?:authors?|by|作者(?:们|列表|信息)?)\s*[*_]*\s*[:：]\s*[*_]*\s*", re.IGNORECASE)
# Between names, after whitespace runs are squashed to one space: ",", "、", ";", " and ", " & ",
# and the Oxford comma (", and ").
_SEPARATORS = re.compile(r" ?(?:, ?(?:and|&) |[,，;；、]| & | and | / | ｜ | \| ) ?")
_SEMICOLONS = re.compile(r" ?[;；] ?")
_AND = re.compile(r" (?:and|&) ")
_MARKS = "*†‡§¶#∗⋆✉♠♣♥♦★☆⁺'0123456789¹²³⁴⁵⁶⁷⁸⁹⁰ "  # footnote marks after a name
_BRACKETS = {"(": ")", "（": "）", "[": "]", "【": "】", "{": "}"}
_CLOSERS = frozenset(_BRACKETS.values())
_OPENERS = re.compile("[" + re.escape("".join(_BRACKETS)) + "]")
_INITIALS = re.compile(r"^[A-Z][a-z]?\.(?:[ -]?[A-Z][a-z]?\.)*$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_PARTICLES = frozenset("van von de der den da di du le la dos del della bin al el y zu ter".split())
_STOPWORDS = frozenset("of for the and with in on via to a an from by is are we our this at as".split())
# Capitalised words of titles that are never part of a name ("A" is: "R A Novoa").
_TITLE_WORDS = frozenset("The For With And Of Via From Towards Toward Using Through Into Learning Is Are".split())
# Words of topics, tags and venues that are not names either ("Computer Vision, Robotics").
_TOPIC_WORDS = frozenset(
    """Vision Language Languages Model Models Network Networks Neural Machine Computer Robotics Robot
    Reasoning Generation Detection Segmentation Recognition Retrieval Benchmark Benchmarks Dataset Datasets
    Survey Analysis Diffusion Transformer Transformers Agent Agents Graph Graphs Large Multimodal
    Reinforcement Attention Optimization Systems System Data Image Images Video Videos Speech Text
    Knowledge Efficient Generative Adversarial Representation Representations Embedding Embeddings Training
    Inference Evaluation Processing Natural Information Intelligence Artificial Security Privacy Code
    Paper Papers Conference Workshop Proceedings Journal Accepted Oral Poster Spotlight University
    Institute Laboratory Lab Research Department School College Academy Technology Sciences""".split()
)
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Common Chinese surnames (simplified and traditional), so that "推理、大模型、多模态" is not a name list.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻"
    "苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练"
    "廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿"
    "鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
    "陳張劉黃趙吳鄭謝韓馮鄧蕭葉蘇呂盧鍾譚陸賈韋鄒閻龍陶賀顧龔萬錢嚴溫莊聶魯詹歐蘭紀單塗駱藍鮑華饒羅楊許孫"
    "馬蔣範鄔嶽湯葉錢賴鄺"
)
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 轩辕 独孤 南宫 西门 百里 呼延 "
    "闻人 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 钟离 赫连 拓跋 歐陽 司馬 諸葛 長孫 聞人".split()
)
_MAX_LINE = 1500


def strip_et_al(text: str) -> tuple[str, bool]:
    """The text without a trailing elision ("et al.", "...", "等 12 位作者", "+3 more"), and whether it had one."""
    text = text.strip()
    # Only the end can hold the marker: searching the whole of a long line would be slow.
    cut = max(0, len(text) - _ET_AL_WINDOW)
    tail = text[cut:].casefold()
    if not any(part in tail for part in _ET_AL_PARTS):
        return text, False
    match = _ET_AL.search(text, cut)
    if match is None:
        return text, False
    return text[: match.start()].rstrip(), True


def split_authors(text: str) -> list[str]:
    """Names of an author line, in order, as printed; elisions, footnote marks and affiliations removed."""
    text, _ = strip_et_al(without_cited_year(_LABEL.sub("", squash(text), count=1)))
    text = _drop_brackets(_without_list_marks(text))
    parts = _last_first(text)
    if parts is None:
        parts = _pair_initials([part for part in _SEPARATORS.split(text) if part.strip()])
    names = []
    for part in parts:
        name = _clean(part)
        if name and len(name) <= 100 and name.casefold() not in ("et al", "et al.", "others", "and others"):
            names.append(name)
    return names


_QUOTED_ITEM = re.compile(r"""(?<![\w])['"]([^'"\n]{1,100})['"](?![\w])""")


def _without_list_marks(text: str) -> str:
    """Names printed as a program's list ("[Jiwoo Park, Minseo Kang]", "['A B', 'C D']", a
    dataframe's "[A B, C D, Mateo ...") without the brackets, quotes and the cut-off mark."""
    if not text.startswith("[") or "]" in text[:-1]:
        return text  # "[1] Ann Lee": a footnote mark, not a list
    inner = text[1:].removesuffix("]").removesuffix("...").removesuffix("…").rstrip(" ,")
    return _QUOTED_ITEM.sub(r"\1", inner)


def _drop_brackets(text: str) -> str:
    """The text without bracketed parts ("(MIT)", "[1]", "（清华大学）"); an unclosed bracket is kept."""
    if not _OPENERS.search(text):
        return text
    kept: list[str] = []
    held: list[str] = []
    expected: list[str] = []
    for ch in text:
        if ch in _BRACKETS:
            expected.append(_BRACKETS[ch])
            held.append(ch)
        elif expected and ch == expected[-1]:
            expected.pop()
            if expected:
                held.append(ch)
            else:
                held.clear()
        elif expected:
            held.append(ch)
        elif ch not in _CLOSERS:
            kept.append(ch)
    kept.extend(held)  # an unclosed bracket: its text stays
    return "".join(kept)


def _last_first(text: str) -> list[str] | None:
    """Names of a "Last, First; Last, First" line (one comma inside each name), or None."""
    if ";" not in text and "；" not in text:
        return None
    parts = [piece for part in _SEMICOLONS.split(text) for piece in _AND.split(part)]
    commas = [part.count(",") + part.count("，") for part in parts]
    if max(commas) == 1 and commas.count(1) * 2 >= len(parts):
        return parts
    return None


def _pair_initials(parts: list[str]) -> list[str]:
    """ "Smith", "J.", "Doe", "A." (a "Last, F., Last, F." line split at every comma) paired into names."""
    if len(parts) < 2 or len(parts) % 2:
        return parts
    stripped = [part.strip() for part in parts]
    surnames, initials = stripped[::2], stripped[1::2]
    if all(_INITIALS.match(i) for i in initials) and not any(_INITIALS.match(s) for s in surnames):
        return [f"{surname}, {initial}" for surname, initial in zip(surnames, initials, strict=True)]
    return parts


def _clean(part: str) -> str:
    name, _ = strip_et_al(part)
    return name.strip().rstrip(_MARKS).lstrip("*†‡§¶#∗⋆ ").strip().rstrip(",，")


def _is_token(token: str) -> bool:
    if token.casefold() in _PARTICLES:
        return True
    return token[0].isupper()


def _is_cjk_name(name: str) -> bool:
    """A Chinese name: 2-3 characters after a common surname, 3-4 after a compound one, or with "·"."""
    if not _CJK_NAME.match(name):
        return False
    if "·" in name:
        return True
    if name[:2] in _COMPOUND_SURNAMES:
        return 3 <= len(name) <= 4
    return name[0] in _SURNAMES and len(name) <= 3


def _is_name(name: str) -> bool:
    if _is_cjk_name(name):
        return True
    tokens = name.replace(",", " ").split()
    if not 1 <= len(tokens) <= 6:
        return False
    if any(t in _STOPWORDS or t in _TITLE_WORDS or t.strip(".").capitalize() in _TOPIC_WORDS for t in tokens):
        return False
    return all(_is_token(t) for t in tokens) and any(len(t.strip(".")) > 1 for t in tokens)


def _is_initial(token: str) -> bool:
    return len(token.rstrip(".")) == 1 and token[0].isupper()


_CITED_YEAR = re.compile(r"[(（] ?(?:19|20)\d{2}[a-z]? ?[)）][.,;]?$")
"""The year after a byline ("Hannah Kline, Omar Siddiqui et al. (2024)"): cited, not a venue."""


def without_cited_year(text: str) -> str:
    """The text without a cited year at its end; only its last characters are looked at (linear)."""
    text = text.rstrip()
    match = _CITED_YEAR.search(text, max(0, len(text) - 12))
    return text[: match.start()].rstrip() if match else text


def looks_like_authors(text: str) -> bool:
    """Whether a line without a label is a list of author names."""
    text = without_cited_year(text)
    if len(text) > _MAX_LINE or not text.strip() or "。" in text or _YEAR.search(text):
        return False  # too long, a sentence, or a venue / date line ("CVPR 2024")
    head = text.lstrip("*")[:1]
    if not head.isupper() and not _CJK_NAME.match(text[:2]):
        return False  # a name list opens with a capital or a Chinese name
    if len(text) > 80 and len(_SEPARATORS.findall(text)) < len(text) / 50:
        return False  # prose: names come with a separator every few words
    body, marked = strip_et_al(text)
    names = split_authors(body)
    if not names:
        return False
    if len(names) == 1:
        tokens = names[0].split()
        single = _is_name(names[0]) and len(tokens) <= 4
        return single and (marked or any(_is_initial(t) for t in tokens))
    latin = [name for name in names if not _CJK.search(name)]
    if len(latin) >= 2 and 2 * sum(len(name.replace(",", " ").split()) >= 2 for name in latin) < len(latin):
        return False  # one word each: tags or topics ("Transformer, Diffusion, NeRF"), not people
    good = sum(_is_name(name) for name in names)
    return good >= 0.8 * len(names)


def looks_like_one_name(text: str) -> bool:
    """Whether the text is one person's name ("Tom Hardy", "张三"): for places where a name is expected."""
    text = text.strip()
    return _is_name(text) and (_is_cjk_name(text) or 2 <= len(text.split()) <= 4)
