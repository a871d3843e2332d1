"""Author lines: "T Dettmers, M Lewis, Y Belkada", "Ivana Balažević, David Steiner", "A. Smith et al.".

``looks_like_authors`` decides, without a label, whether a line is a list of names;
``split_authors`` splits a line known to hold authors (after "作者：") into names.
"""

from __future__ import annotations

import re

_ET_AL = re.compile(r"(?:,?\s*(?:et\.?\s?al\.?|等人|等)|\.{3}|…)\s*$", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:[,，;；、]|\s&\s|\sand\s)\s*")
_MARKS = "*†‡§¶#0123456789¹²³⁴⁵⁶⁷⁸⁹⁰ "  # footnote marks after a name
_PARTICLES = frozenset("van von de der den da di du le la dos del della bin al el y zu ter".split())
_STOPWORDS = frozenset("of for the and with in on via to a an from by is are we our this at as".split())
# Capitalised words of titles that are never part of a name ("A" is: "R A Novoa").
_TITLE_WORDS = frozenset("The For With And Of Via From Towards Toward Using Through Into Learning Is Are".split())
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")
_MAX_LINE = 1500


def strip_et_al(text: str) -> tuple[str, bool]:
    """The text without a trailing "et al." / "..." marker, and whether it had one."""
    text = text.strip()
    # Only the end can hold the marker: searching the whole of a long line would be slow.
    cut = max(0, len(text) - 16)
    match = _ET_AL.search(text, cut)
    if match is None:
        return text, False
    return text[: match.start()].rstrip(), True


def split_authors(text: str) -> list[str]:
    """Names of an author line, in order, markers and footnote marks removed."""
    text, _ = strip_et_al(text)
    names = []
    for part in _SEPARATORS.split(text):
        name = _clean(part)
        if name and len(name) <= 100 and name.casefold() not in ("et al", "et al.", "others"):
            names.append(name)
    return names


def _clean(part: str) -> str:
    name, _ = strip_et_al(part)
    return name.strip().rstrip(_MARKS).lstrip("*").strip()


def _is_token(token: str) -> bool:
    if token.casefold() in _PARTICLES:
        return True
    return token[0].isupper()


def _is_name(name: str) -> bool:
    if _CJK_NAME.match(name):
        return True
    tokens = name.split()
    if not 1 <= len(tokens) <= 6 or any(t in _STOPWORDS or t in _TITLE_WORDS for t in tokens):
        return False
    return all(_is_token(t) for t in tokens) and any(len(t.strip(".")) > 1 for t in tokens)


def _is_initial(token: str) -> bool:
    return len(token.rstrip(".")) == 1 and token[0].isupper()


def looks_like_authors(text: str) -> bool:
    """Whether a line without a label is a list of author names."""
    if len(text) > _MAX_LINE or not text.strip() or "。" in text:
        return False
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
    good = sum(_is_name(name) for name in names)
    return good >= 0.8 * len(names)


def looks_like_one_name(text: str) -> bool:
    """Whether the text is one person's name ("Tom Hardy", "张三"): for places where a name is expected."""
    text = text.strip()
    return _is_name(text) and (bool(_CJK_NAME.match(text)) or 2 <= len(text.split()) <= 4)
