"""Tables whose cell borders a scrape lost: a header line of column names, then rows.

Copying an HTML table as text leaves "Year Method Paper Link" and, below it, rows such as
"2017 Transformer Attention is All You Need https://arxiv.org/pdf/1706.03762". The header
names the columns (the same vocabulary as a Markdown table's header); a row is split by
tabs or runs of spaces when it has them, else by what each column can hold: a year
column one year, a link column one URL, a short name column ("Method", "Model") a name,
and the title column the rest. A line that cannot be split so ends the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digestgen.extract.sites import header_slot

_WIDE_GAP = re.compile(r"\t|\s{2,}")
_YEAR_OR_DATE = re.compile(r"^(?:19|20)\d{2}(?:[-./年]\d{1,2}(?:[-./月]\d{1,2}日?)?)?$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$|^[-—–/]$")
"""A link cell: a URL, or a dash for none."""
_NAME_SUFFIX = re.compile(r"^(?:\d{1,2}|v\d{1,2}|[IVX]{1,4}|\+\+?|-\w{1,6})$")
"""What can follow a name in its cell: a number or version ("MoCo 2", "YOLO v3", "Llama II")."""
_YEAR_WORDS = frozenset({"year", "年份", "年", "date", "日期", "time", "时间"})
_MIN_COLUMNS = 3
_MAX_COLUMNS = 8
_MAX_NAME_WORDS = 3


@dataclass(frozen=True, slots=True)
class SpacedTable:
    """A borderless table's columns: their names as printed and what each holds."""

    names: tuple[str, ...]
    kinds: tuple[str, ...]
    """Per column: "year", "link", "title", "name" (a short text before the title) or "text"."""

    def split(self, line: str) -> tuple[str, ...] | None:
        """The line's cells, or None when the line is not a row of this table."""
        parts = tuple(p for p in _WIDE_GAP.split(line.strip()) if p)
        if len(parts) == len(self.kinds):
            return parts
        return self._split_words(line.split())

    def _split_words(self, words: list[str]) -> tuple[str, ...] | None:
        title = self.kinds.index("title")
        before, after = self.kinds[:title], self.kinds[title + 1 :]
        if any(kind != "link" for kind in after) or len(words) < len(self.kinds):
            return None
        tail = words[len(words) - len(after) :] if after else []
        if not all(_URL.match(word) for word in tail):
            return None
        words = words[: len(words) - len(after)]
        cells: list[str] = []
        for kind in before:
            width = _width(kind, words)
            if width == 0 or width >= len(words):
                return None
            cells.append(" ".join(words[:width]))
            words = words[width:]
        return (*cells, " ".join(words), *tail)


def _width(kind: str, words: list[str]) -> int:
    """How many of the row's next words the column takes; 0 when they cannot be its cell."""
    if kind == "year":
        return 1 if _YEAR_OR_DATE.match(words[0]) else 0
    if kind == "link":
        return 1 if _URL.match(words[0]) else 0
    if kind != "name":
        return 0
    # A name the title repeats ("BERT BERT: Pre-training …", "Swin Transformer Swin Transformer: …").
    for width in range(_MAX_NAME_WORDS, 0, -1):
        name, rest = words[:width], words[width : 2 * width]
        if len(rest) == width and [w.rstrip(":：") for w in rest] == name:
            return width
    width = 1
    while width < min(_MAX_NAME_WORDS, len(words) - 1) and _NAME_SUFFIX.match(words[width]):
        width += 1
    return width


def spaced_header(line: str) -> SpacedTable | None:
    """The columns of a header line that only names columns, a title column among them."""
    names = tuple(p for p in _WIDE_GAP.split(line.strip()) if p)
    if len(names) < _MIN_COLUMNS:
        names = tuple(line.split())
    if not _MIN_COLUMNS <= len(names) <= _MAX_COLUMNS:
        return None
    kinds: list[str] = []
    for name in names:  # most lines are no header: their first word names no column
        kind = _kind(name)
        if kind is None:
            return None
        kinds.append(kind)
    if kinds.count("title") != 1 or "link" not in kinds:
        return None
    return SpacedTable(names, tuple(kinds))


def _kind(name: str) -> str | None:
    slot = header_slot(name)
    if slot is None:
        return None
    if slot in ("title", "title_zh", "title_en"):
        return "title"
    if slot in ("link", "code", "project"):
        return "link"
    if slot == "skip":
        return "year" if name.casefold() in _YEAR_WORDS else "name"
    return "text"
