"""Small, locale-independent text helpers for pages: dates, excerpts, safe links."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_ZH = ("一", "二", "三", "四", "五", "六", "日")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def long_date(date: dt.date) -> str:
    """``Thursday, 14 March 2024`` (the same on every machine, whatever its locale)."""
    return f"{WEEKDAYS[date.weekday()]}, {date.day} {MONTHS[date.month - 1]} {date.year}"


def short_date(date: dt.date) -> str:
    """``14 Mar 2024``."""
    return f"{date.day} {MONTHS[date.month - 1][:3]} {date.year}"


def date_span(first: dt.date, last: dt.date) -> str:
    """``14 Mar 2024``, ``2 – 14 Mar 2024``, ``2 Feb – 14 Mar 2024`` or ``29 Dec 2023 – 14 Mar 2024``."""
    if first == last:
        return short_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} – {short_date(last)}"
    if first.year == last.year:
        return f"{first.day} {MONTHS[first.month - 1][:3]} – {short_date(last)}"
    return f"{short_date(first)} – {short_date(last)}"


def zh_date(date: dt.date) -> str:
    """``2024年3月14日 星期四``."""
    return f"{date.year}年{date.month}月{date.day}日 星期{WEEKDAYS_ZH[date.weekday()]}"


_ASCII_CONTROLS = bytes([*range(0x20), 0x7F])
"""The ASCII characters ``str.isprintable`` refuses."""
_SCAN_AS_BYTES_FROM = 256
"""Length from which ``printable`` tests ASCII text as bytes (shorter, the copy costs more than it saves)."""


def printable(text: str) -> bool:
    """``text.isprintable()``, twice as fast for a long ASCII text (an English abstract).

    ``str.isprintable`` looks each character up in the Unicode tables; in ASCII the only
    characters it refuses are the controls 0-31 and 127, which ``bytes.translate`` finds in C.
    Every export reads every abstract through ``clean`` or ``is_flat``: 10,000 of them each time.
    """
    if len(text) >= _SCAN_AS_BYTES_FROM and text.isascii():
        return len(text.encode().translate(None, _ASCII_CONTROLS)) == len(text)
    return text.isprintable()


def clean(text: str) -> str:
    """Text without the control characters that HTML and XML cannot carry."""
    if printable(text):  # no control character; a far cheaper test than the regex scan
        return text
    return _CONTROL.sub("", text)


def is_flat(text: str) -> bool:
    """Whether ``text`` is printable with no two spaces together.

    Such text is on one line, ``clean`` leaves it as it is, and ``" ".join(text.split())``
    is ``text.strip(" ")``, found without splitting it into words.
    """
    return printable(text) and "  " not in text


def clean_line(text: str) -> str:
    """``text`` without control characters, its whitespace runs made single spaces, ends stripped."""
    # is_flat(text), inlined for the short texts of most RIS lines (a call would cost more than the test)
    if (text.isprintable() if len(text) < _SCAN_AS_BYTES_FROM else printable(text)) and "  " not in text:
        return text.strip(" ")
    return " ".join(clean(text).split())


def clean_all(texts: tuple[str, ...]) -> tuple[str, ...]:
    """``tuple(clean(text) for text in texts)``: ``texts`` itself when none needs cleaning."""
    if printable("".join(texts)):  # one test for the whole list, almost always true
        return texts
    return tuple(clean(text) for text in texts)


_EXCERPT_SCAN = 2
"""How many times ``limit`` characters of the text ``excerpt`` cleans first."""


def excerpt(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text`` on one line, cut at a space when there is one."""
    # ``clean_line`` of a prefix is a prefix of ``clean_line`` of the whole (it only drops
    # characters and joins words): when the prefix's is longer than ``limit``, its first
    # ``limit`` characters are the whole's, found without scanning a long abstract.
    flat = clean_line(text[: limit * _EXCERPT_SCAN])
    if len(flat) <= limit and len(text) > limit * _EXCERPT_SCAN:
        flat = clean_line(text)  # mostly whitespace: the prefix was not enough
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    if space > limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,.;:，。；：、") + "…"


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) link, else None (shown as text, never linked)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(c in url for c in "\"'<>`\\ \t\r\n"):
        return None
    return url.strip()


def link_label(url: str) -> str:
    """A short name for a link: its host and the start of its path."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    label = host + path
    return label if len(label) <= 48 else label[:47] + "…"


def short_authors(authors: tuple[str, ...], limit: int = 6) -> str:
    """``A, B, C`` or ``A, B, C, D, E, F +3``."""
    shown = ", ".join(authors[:limit])
    return shown + (f" +{len(authors) - limit}" if len(authors) > limit else "")


def plural(count: int, word: str) -> str:
    """``1 paper``, ``2 papers``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def lang_of(text: str) -> str:
    """``zh`` when ``text`` holds Chinese characters, else ``en``."""
    if text.isascii():  # most English text: one pass in C instead of the character-class scan
        return "en"
    return "zh" if _CJK.search(text) else "en"


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    """Text split at blank lines, each paragraph stripped; empty ones dropped."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
