"""Shape of a piece of text: which language it is in, whether it reads like a title or a paragraph.

Pure functions on strings, used by every later layer. All scans are single passes or
regexes without nested quantifiers, so cost stays linear in the length of the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any, ParamSpec, TypeVar, cast

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_SENTENCE_END = tuple(".。!?！？…")
_CLAUSE_END = tuple(",，;；:：、")
_SENTENCE_INSIDE = re.compile(r"[a-z]{3}\. [a-z]")
"""A full stop after a lowercase word, then a lowercase word: one sentence ends, another begins."""
_MINOR_WORDS = frozenset(
    "a an and as at but by for from in into is of on or over per the to via vs with without".split()
)
# Zero-width and soft-hyphen characters that scraped text carries invisibly.
_DROP_INVISIBLE = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
"""Any of them: translating looks every character up in a dict, and few lines hold one."""

_P = ParamSpec("_P")
_T = TypeVar("_T")
_POST_CACHES: list[Any] = []
_POST_CACHE_SIZE = 8192


def per_post(func: Callable[_P, _T]) -> Callable[_P, _T]:
    """Memoise a pure function of a line's text while one post is read.

    Each layer asks the same questions of the same lines (is it a crumb, a title, what are
    its URLs): classify, then segment's features, then the unit and draft readers. The
    answers are kept until ``forget_post``, which extraction calls after every post, so
    memory stays that of one post and one post's answers never serve another. The result
    must be immutable (a bool, str, tuple or None).
    """
    cached = lru_cache(maxsize=_POST_CACHE_SIZE)(func)
    _POST_CACHES.append(cached)
    return cast(Callable[_P, _T], cached)


def forget_post() -> None:
    """Empty the caches of ``per_post`` functions."""
    for cached in _POST_CACHES:
        cached.cache_clear()


# Lines are measured again by several rules; the cache makes that one scan per line.
@lru_cache(maxsize=4096)
def cjk_count(text: str) -> int:
    """How many CJK ideographs ``text`` holds."""
    return len(_CJK.findall(text))


@lru_cache(maxsize=4096)
def latin_words(text: str) -> int:
    """How many runs of Latin letters ``text`` holds."""
    return len(_LATIN_WORD.findall(text))


def is_chinese(text: str) -> bool:
    """Whether the text is mainly Chinese: an ideograph weighs as much as a Latin word. Japanese
    and Korean (kana, hangul) are not Chinese."""
    cjk = cjk_count(text)
    return cjk >= 2 and cjk >= latin_words(text) and not is_other_cjk(text)


_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")
_KANA_HANGUL_MIN = 2


def is_other_cjk(text: str) -> bool:
    """Whether the text is Japanese or Korean (it holds kana or hangul), which no field of a record
    holds: a record has an English and a Chinese title and abstract."""
    if not text or text.isascii():
        return False
    return len(_KANA_HANGUL.findall(text[:400])) >= _KANA_HANGUL_MIN


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def has_letters(text: str) -> bool:
    """Whether the text holds any letter or ideograph (not only digits and symbols)."""
    if _ASCII_LETTER.search(text):
        return True
    return not text.isascii() and any(map(str.isalpha, text))


def squash(text: str) -> str:
    """Whitespace runs made single spaces, invisible characters dropped, ends stripped."""
    # str.split() without arguments splits at exactly the characters that regex \s matches
    # in str patterns, and is several times faster than a substitution: this runs on every line.
    if not text.isascii() and _INVISIBLE.search(text):
        text = text.translate(_DROP_INVISIBLE)
    return " ".join(text.split())


def word_count(text: str) -> int:
    """Words of a Latin text plus ideographs of a Chinese one: a rough length in words."""
    return latin_words(text) + cjk_count(text)


def ends_sentence(text: str) -> bool:
    """Whether the text ends like a sentence."""
    return text.rstrip(" \"'”’)）").endswith(_SENTENCE_END)


def is_title_case(text: str) -> bool:
    """Whether most words of a Latin text open with a capital ("Does Your Model Achieve Reasoning?")."""
    words = [w for w in _LATIN_WORD.findall(text) if w.casefold() not in _MINOR_WORDS]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


PAIR_SEPARATORS = (" / ", " | ", " ｜ ", "／")
"""What stands between a title's two languages ("English Title / 中文标题")."""


def language_halves(text: str) -> tuple[str, str] | None:
    """(Chinese, other) when the text gives one thing in two languages, one each side of a slash
    or bar ("Not Like Transformers: … / 与《变形金刚》不同：…"), else None."""
    for separator in PAIR_SEPARATORS:
        left, found, right = text.partition(separator)
        if not found or separator in right:
            continue
        left, right = left.strip(), right.strip()
        if left and right and is_chinese(left) != is_chinese(right):
            return (left, right) if is_chinese(left) else (right, left)
    return None


def title_words(text: str) -> int:
    """A title's length in words; a title printed in two languages is as long as its longer half."""
    words = word_count(text)
    if words < _LONG_TITLE_WORDS:
        return words
    halves = language_halves(text)
    return max(word_count(halves[0]), word_count(halves[1])) if halves else words


_LONG_TITLE_WORDS = 30


@per_post
def is_paragraph(text: str) -> bool:
    """Whether the text reads as running prose (an abstract), not a label, title or crumb.

    A question in title case ("We-Math: Does Your Model Achieve Human-like Reasoning?") is a title.
    """
    words = title_words(text)
    if words >= 40:
        return True
    if words < 12:
        return False
    if "。" in text or ". " in text:
        return True
    if not ends_sentence(text):
        return False
    question = text.rstrip(" \"'”’)）").endswith(("?", "？"))
    if question and is_chinese(text):
        return "，" in text or "," in text  # a question without a clause break is a title ("…能否操作电子病历？")
    return not (question and is_title_case(text))


@per_post
def is_title_like(text: str, *, max_words: int = 40) -> bool:
    """Whether the text could be a paper title: short, no sentence inside, not cut off mid-clause."""
    text = text.strip()
    if not text or len(text) > 400 or not has_letters(text) or "。" in text:
        return False
    if title_words(text) > max_words:
        return False
    if _SENTENCE_INSIDE.search(text):
        return False  # "implement PixelCNN on MNIST. handout": a sentence ends inside, a title has none
    return not text.endswith(_CLAUSE_END) and not (text.endswith(".") and ". " in text)


@per_post
def normalize_key(text: str) -> str:
    """A comparison key: NFKC, case-folded, inner whitespace dropped."""
    # str.split() splits at exactly the characters \s matches (see squash).
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


_QUOTED = re.compile(r"[\"“]([^\"“”\n]{8,300})[\"”]|《([^《》\n]{8,300})》")
_AROUND_WORDS = 3
_CITATION = re.compile(r"\bet al\b|\((?:19|20)\d{2}[a-z]?\)")


def quoted_title(text: str) -> str | None:
    """The title a sentence quotes ('Mine this week: "Offline RL without Q-Value Collapse" (Kim)'):
    the one quoted span that reads as a title, when the sentence has words of its own around it."""
    head = text[:2000]
    if '"' not in head and "“" not in head and "《" not in head:
        return None
    spans = [m for m in _QUOTED.finditer(head) if _is_quotable(m.group(1) or m.group(2))]
    if len(spans) != 1:
        return None
    around = head[: spans[0].start()] + " " + head[spans[0].end() :]
    if _CITATION.search(around):
        return None  # 'the older Rust et al. (2021) "How Good is Your Tokenizer?"': a reference in passing
    quoted = (spans[0].group(1) or spans[0].group(2)).strip()
    return quoted if word_count(around) >= _AROUND_WORDS else None


def _is_quotable(span: str) -> bool:
    return word_count(span) >= 3 and is_title_case(span) and is_title_like(span)


def emphasized_title(text: str, spans: tuple[str, ...]) -> str | None:
    """The title a sentence names in bold or italics ("the TMLR version of **Benchmarking
    Uncertainty Estimation under Label Noise** by …"): its one emphasised span that reads as a
    title, when the sentence has words of its own around it."""
    if not spans:
        return None
    titles = [span for span in spans if _is_quotable(span)]
    if len(titles) != 1 or word_count(text) - word_count(titles[0]) < _AROUND_WORDS:
        return None
    around = text.replace(titles[0], " ", 1)
    return None if _CITATION.search(around) else titles[0]
