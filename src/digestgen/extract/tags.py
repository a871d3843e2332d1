"""Subjects as posts print them: "[LG]" tags, "Subjects: Computer Vision (cs.CV)", legends
("CV - 计算机视觉 | LG - 机器学习"), section headings ("cs.CV 方向") and post titles ("CV论文--2024.3.4").
"""

from __future__ import annotations

import re

from digestgen.subjects import SHORT_CODES, SUBJECT_NAMES, normalize_subject

_CODE_WORD = r"[A-Za-z][A-Za-z.\-]{0,15}"
_TAG = re.compile(rf"^[\[【(（]\s*({_CODE_WORD}(?:\s*[,，/;|]\s*{_CODE_WORD}){{0,5}})\s*[\]】)）]\s*")
# An archive ("cs", "q-fin", "cond-mat", "physics") and its class ("CV", "EC", "soc-ph", "stat-mech").
_FULL_CODE = re.compile(r"(?<![\w.\-])([a-z]{1,8}(?:-[a-z]{2,4})?\.[A-Za-z]{2,4}(?:-[a-z]{2,4})?)(?![\w\-])")
_SHORT_BEFORE_CJK = re.compile(r"([A-Z]{2,4})\s*(?:[-–—:：]\s*)?(?=[\u4e00-\u9fff])")
# A post title names its subject as "CV论文", "cs.CV 方向" or "cs.CV papers". A bare English
# code before "papers" ("AI Papers Daily") names a broad field, not an arXiv category.
_POST_SUBJECT = re.compile(
    r"(?<![A-Za-z.])(?:([A-Z]{2,4}|[a-z]{2,8}\.[A-Z]{2})\s*(?:论文|方向|领域|速递|日报)"
    r"|([a-z]{2,8}\.[A-Z]{2})\s*(?:papers?|daily)\b)",
    re.IGNORECASE,
)
_ZH_NAMES = {name.zh: code for code, name in SUBJECT_NAMES.items() if code.startswith(("cs.", "eess.", "stat."))}
_EN_NAMES = {name.en.casefold(): code for code, name in SUBJECT_NAMES.items()}
_SPLIT = re.compile(r"[\s,，;；|/、·•]+")


def leading_tags(text: str) -> tuple[tuple[str, ...], str]:
    """Subject tags that open a line ("[LG] Title"), and the rest of the line."""
    subjects: list[str] = []
    rest = text
    while True:
        match = _TAG.match(rest)
        if not match:
            break
        codes = [normalize_subject(part) for part in _SPLIT.split(match.group(1)) if part]
        if not codes or None in codes:
            break
        subjects.extend(code for code in codes if code and code not in subjects)
        rest = rest[match.end() :]
    return tuple(subjects), rest


def subjects_in_value(text: str) -> tuple[str, ...]:
    """Subjects named by a field's value: "cs.CV; cs.LG", "Computer Vision (cs.CV)", "[CV]"."""
    found = list(full_codes_in(text))
    if not found:
        for part in _SPLIT.split(text):
            _add(found, normalize_subject(part))
    return tuple(found)


def full_codes_in(text: str) -> tuple[str, ...]:
    """The arXiv category codes written out in the text ("cs.CL", "stat.ML"), not short forms ("ML")."""
    found: list[str] = []
    for match in _FULL_CODE.finditer(text):
        _add(found, normalize_subject(match.group(1)))
    return tuple(found)


def only_subjects(text: str) -> tuple[str, ...]:
    """Subjects when the whole line is subject tags ("[CV]", "cs.CV | cs.LG"), else ()."""
    if len(text) > 80:
        return ()
    parts = [p for p in _SPLIT.split(text.strip().strip("[]【】")) if p]
    if not parts:
        return ()
    codes = []
    for part in parts:  # most lines stop at their first word
        code = normalize_subject(part)
        if code is None:
            return ()
        codes.append(code)
    return tuple(dict.fromkeys(c for c in codes if c))


def legend_codes(text: str) -> int:
    """How many subject codes a line explains ("CV - 计算机视觉"): two or more make a legend."""
    if text.isascii():
        return 0  # a legend's codes stand before ideographs
    codes = set()
    for match in _SHORT_BEFORE_CJK.finditer(text):
        before = text[match.start() - 1 : match.start()]
        if match.group(1) in SHORT_CODES and not (before.isascii() and (before.isalpha() or before == ".")):
            codes.add(match.group(1))
    return len(codes)


def section_subject(text: str) -> str | None:
    """The one subject a heading names ("cs.CV", "[CV] 计算机视觉", "计算机视觉", "CV论文"), or None."""
    found: list[str] = []
    for match in _FULL_CODE.finditer(text):
        _add(found, normalize_subject(match.group(1)))
    tags, _ = leading_tags(text.strip())
    for code in tags:
        _add(found, code)
    if not found:
        _add(found, post_subject(text))
    return found[0] if len(found) == 1 else None


# Longest names first, so that the alternation prefers "计算机视觉" over a name it contains.
_ZH_NAME_SUBJECT = re.compile(
    "(" + "|".join(re.escape(name) for name in sorted(_ZH_NAMES, key=len, reverse=True)) + r")\s*(?:论文|方向|领域)"
)


def post_subject(title: str) -> str | None:
    """The subject a post's title gives every entry: "CV论文--2024.3.4", "cs.CV 方向", "计算机视觉论文"."""
    match = _POST_SUBJECT.search(title)
    if match:
        code = normalize_subject(match.group(1) or match.group(2))
        if code:
            return code
    match = _ZH_NAME_SUBJECT.search(title)
    return _ZH_NAMES[match.group(1)] if match else None


def _add(found: list[str], code: str | None) -> None:
    if code and code not in found:
        found.append(code)
