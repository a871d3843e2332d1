"""What a post says about itself: its title, its date, the subject it gives every entry.

Only the page title, headings and the lines before the first entry are read for these,
so that a date inside an abstract or a table of papers is never taken for the post's.
"""

from __future__ import annotations

import datetime as dt
import re

from digestgen.extract.sites import TITLE_SUFFIX_WORDS
from digestgen.extract.text import is_title_like, per_post

_NUMERIC = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*[-./年_]\s*(\d{1,2})\s*[-./月_]\s*(\d{1,2})(?![\d])")
_SHORT_YEAR = re.compile(r"(?<![\w.])(\d{2})([-./])(\d{1,2})\2(\d{1,2})(?![\d.])")
_DATE_RANGE = re.compile(
    r"(?<![\d.])(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?\s*(?:-|–|—|~|～|至|到|to)\s*"
    r"(?:(?:19|20)\d{2}\s*[-./年]\s*)?\d{1,2}\s*[-./月]\s*\d{1,2}(?![\d])"
)
"""Two dates joined as a range, the second perhaps without its year ("2024.12.09-12.15")."""

_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_NAMED_RANGE = re.compile(
    _MONTH
    + r"\s+\d{1,2}(?:st|nd|rd|th)?\s*(?:-|–|—|to|~)\s*(?:"
    + _MONTH
    + r"\s+)?\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}",
    re.IGNORECASE,
)
"""The same with month names: "Oct 27 - Nov 2, 2025", "May 6-12, 2024"."""
_MONTH_FIRST = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})", re.IGNORECASE)
_DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})\s+" + _MONTH + r",?\s+((?:19|20)\d{2})", re.IGNORECASE)
_MAIL_DATE = re.compile(r"(?<!\d)(\d{1,2})\s+" + _MONTH + r"\s+(\d{2})\s+\d{1,2}:\d{2}", re.IGNORECASE)
"""A mail header's date, two-digit year and time ("Fri, 17 Mar 23 00:31:14 GMT", RFC 822)."""
_TITLE_SPLIT = re.compile(r"\s+[-_|–—]\s+|_")
_PRELUDE_LINE_MAX = 200
_VERSION = re.compile(
    r"(?<![\w.])v\d+\.\d+(?:\.\d+)*\b|\[\d{1,3}\.\d{1,3}(?:\.\d{1,4})*\]|^\d{1,3}\.\d{1,3}\.\d{1,4}\s+[-–—]\s",
    re.IGNORECASE,
)
"""A software version: "v0.5.6", or a changelog's "[0.9.0]" or "0.9.0 - 2024-10-28"."""


@per_post
def find_date(text: str) -> dt.date | None:
    """The first valid calendar date written in the text, in any of the forms posts use."""
    for year, month, day in _candidates(text):
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            continue
    return None


_YEAR_OR_CLOCK = re.compile(r"(?:19|20)\d\d|\d:\d\d")
"""What every form of date below holds (a mail date's year has two digits, but it has a time):
a text without one is not searched five times. A new form without either must widen this."""
_DIGIT = re.compile(r"\d")


def _candidates(text: str) -> list[tuple[str, str, str]]:
    found: list[tuple[int, tuple[str, str, str]]] = []
    digit = _DIGIT.search(text)  # found faster than a year or a time, which start with one
    if digit is None or not _YEAR_OR_CLOCK.search(text, digit.start()):
        return []  # every form of a date has a four-digit year, or a mail date's time
    for match in _NUMERIC.finditer(text):
        found.append((match.start(), (match.group(1), match.group(2), match.group(3))))
    for match in _COMPACT.finditer(text):
        found.append((match.start(), (match.group(1), match.group(2), match.group(3))))
    for match in _MONTH_FIRST.finditer(text):
        month = str(_MONTHS.index(match.group(1).lower()[:3]) + 1)
        found.append((match.start(), (match.group(3), month, match.group(2))))
    for match in _DAY_FIRST.finditer(text):
        month = str(_MONTHS.index(match.group(2).lower()[:3]) + 1)
        found.append((match.start(), (match.group(3), month, match.group(1))))
    for match in _MAIL_DATE.finditer(text):
        month = str(_MONTHS.index(match.group(2).lower()[:3]) + 1)
        found.append((match.start(), ("20" + match.group(3), month, match.group(1))))
    return [date for _, date in sorted(found)]


def post_date(candidates: list[str]) -> dt.date | None:
    """The date of the first candidate line (title, headings, prelude lines) that gives one.

    A two-digit year ("CV论文--24.3.4") is read only when no line gives a full date: it is
    the post's date only where nothing clearer is written.
    """
    # A line naming a software version ("Search v0.5.6 released 2020-02-24") dates a release.
    # A line giving a range of days ("第 47 期（2024.12.09-12.15）", "覆盖：2026-08-15 至 2026-08-21")
    # names the days a digest covers, not the day it was posted.
    short = [
        text
        for text in candidates
        if len(text) <= _PRELUDE_LINE_MAX
        and not _VERSION.search(text)
        and not _DATE_RANGE.search(text)
        and not _NAMED_RANGE.search(text)
    ]
    for text in short:
        date = find_date(text)
        if date:
            return date
    for text in short:
        date = find_short_year_date(text)
        if date:
            return date
    return None


def find_short_year_date(text: str) -> dt.date | None:
    """A date written with a two-digit year and one separator used twice: "24.3.4", "25-07-01".

    Years 10 to 69 only (2010-2069: digests are recent), so that "1.2.3" or "v3.10.2" is never one.
    """
    for match in _SHORT_YEAR.finditer(text):
        year = int(match.group(1))
        if not 10 <= year <= 69:
            continue
        try:
            return dt.date(2000 + year, int(match.group(3)), int(match.group(4)))
        except ValueError:
            continue
    return None


def clean_page_title(title: str) -> str:
    """A page title without the site name pages append ("每日学术速递 - CSDN博客")."""
    parts = _TITLE_SPLIT.split(title)
    while len(parts) > 1 and any(word in parts[-1].casefold() for word in TITLE_SUFFIX_WORDS):
        parts.pop()
    return " - ".join(p.strip() for p in parts if p.strip())


def post_title(page_title: str | None, candidates: list[str]) -> str | None:
    """The post's title: the page title, else the first short title-like candidate line."""
    if page_title:
        cleaned = clean_page_title(page_title)
        if cleaned:
            return cleaned
    for text in candidates:
        if is_title_like(text, max_words=30) and len(text) <= 120:
            return text
    return None
