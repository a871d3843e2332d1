"""Plain text (and text that uses a little Markdown) to a Document.

Scraped text often keeps Markdown's marks without being Markdown enough for a Markdown
parser: ``## heading`` lines, ``[title](url)`` links, ``**Authors:**`` and pipe tables.
This reader understands those marks line by line, with regexes that cannot backtrack
(bounded, bracket-free character classes), so a 10 MB line of brackets stays linear.

Its blocks: each run of non-blank lines is a paragraph, a ``#`` heading line a heading of
its own, and a run of ``|`` rows a table with a row block per row. A table whose cell
borders a scrape lost ("Year Method Paper Link", then "2017 Transformer Attention is All
You Need https://…") is a table too: see ``spaced``.
"""

from __future__ import annotations

import dataclasses
import re
from itertools import pairwise

from digestgen.extract.authors import looks_like_authors
from digestgen.extract.document import BlockBuilder, Cell, Document, Line, Link
from digestgen.extract.spaced import SpacedTable, spaced_header
from digestgen.extract.text import squash

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_QUOTE = re.compile(r"^(?:>\s?)+")
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,500}\]\([^()\s]{0,2000}\)")
_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\(\s*(https?://[^\s()<>\[\]]{1,2000})(?:\s+\"[^\"\n]{0,200}\")?\s*\)")
_EMPHASIS = re.compile(r"\*\*|__")
_FOLDED_LABEL = re.compile(r"^[A-Za-z][A-Za-z -]{0,20}:\s+\S")
"""A "Label: value" header line whose value an indented next line may continue."""
_DELIMITER_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def inline(text: str) -> tuple[str, tuple[Link, ...]]:
    """Visible text and links of one line of Markdown-ish text."""
    if "[" not in text:  # the common case: no Markdown link, only emphasis to drop
        return squash(_EMPHASIS.sub("", text) if "*" in text or "_" in text else text), ()
    text = _IMAGE.sub("", text)
    links: list[Link] = []
    parts: list[str] = []
    last = 0
    for match in _LINK.finditer(text):
        label = squash(_EMPHASIS.sub("", match.group(1)))
        links.append(Link(label, match.group(2)))
        parts.append(text[last : match.start()])
        parts.append(label)
        last = match.end()
    parts.append(text[last:])
    return squash(_EMPHASIS.sub("", "".join(parts))), tuple(links)


def _is_row(text: str) -> bool:
    return text.startswith("|") and text.count("|") >= 2


def _cells(text: str) -> tuple[Cell, ...]:
    body = text.strip().strip("|")
    cells = []
    for raw in body.split("|"):
        value, links = inline(raw)
        cells.append(Cell(value, links))
    return tuple(cells)


class _Reader:
    """Walks the lines once, keeping the state a table, a gap or the open block needs."""

    def __init__(self, tree: BlockBuilder, wrap_width: int | None = None) -> None:
        self.lines: list[Line] = []
        self.wrap_width = wrap_width
        """The width the text was hard-wrapped at, when it was (a mailing's 72 columns)."""
        self.last_raw = ""  # the last plain line as written, for the wrap test
        self.raw = ""
        self.gap = False
        self.header: tuple[str, ...] = ()
        self.pending_row: tuple[str, int, bool, tuple[Cell, ...]] | None = None  # a row that may be a header
        self.tree = tree
        self.block = 0  # handle of the open paragraph or table, 0 for none
        self.table = False  # whether that block is a table
        self.spaced: SpacedTable | None = None  # the header of a table without cell borders

    def feed(self, raw: str, lineno: int) -> None:
        self.raw = raw.rstrip()  # as written, indentation and all: the wrap width counts it
        stripped = _QUOTE.sub("", raw.strip()).strip()
        if not stripped:
            self._end_table()
            self._close()
            self.gap = True
            return
        if self.spaced is not None and self._spaced_row(stripped, lineno):
            return
        if _is_row(stripped):
            if not self.table:
                self._open("table", lineno)
            self._row(stripped, lineno)
            return
        self._end_table()
        if self.table:
            self._close()
        if raw[:1] in " \t" and self._fold(stripped):
            return
        header = spaced_header(stripped)
        if header is not None:
            self._open("table", lineno)
            self.spaced = header
            return
        self._plain(stripped, lineno)

    def _fold(self, text: str) -> bool:
        """Join an indented line to the labelled line just above it ("Title: A long title that" /
        "  goes on"): mail and listing headers fold long values so. Whether it was joined."""
        if self.gap or not self.block or not self.lines:
            return False
        last = self.lines[-1]
        if last.heading or last.cells or not _FOLDED_LABEL.match(last.text) or _FOLDED_LABEL.match(text):
            return False  # the indented line is a label of its own ("   code: https://…")
        value, links = inline(text)
        self.lines[-1] = dataclasses.replace(last, text=f"{last.text} {value}", links=last.links + links)
        return True

    def _spaced_row(self, text: str, lineno: int) -> bool:
        """Append the line as a row of the open borderless table; False when it is not one."""
        assert self.spaced is not None
        cells = self.spaced.split(text)
        if cells is None:
            self._end_table()
            self._close()
            return False
        row = tuple(Cell(*inline(cell)) for cell in cells)
        text = " | ".join(c.text for c in row if c.text)
        self._append_row((text, lineno, self._take_gap(), row), self.spaced.names)
        return True

    def _open(self, kind: str, lineno: int) -> None:
        self._close()
        self.block = self.tree.open(kind, kind, lineno)
        self.table = kind == "table"

    def _close(self) -> None:
        if self.block:
            self.tree.close_to(self.block)
            self.block, self.table = 0, False

    def _row(self, text: str, lineno: int) -> None:
        if _DELIMITER_ROW.match(text):
            if self.pending_row is not None:
                self.header = tuple(cell.text for cell in self.pending_row[3])
                self.pending_row = None
            return
        self._flush_pending()
        cells = _cells(text)
        row = (" | ".join(c.text for c in cells if c.text), lineno, self._take_gap(), cells)
        if self.header:
            self._append_row(row, self.header)
        else:
            self.pending_row = row

    def _append_row(self, row: tuple[str, int, bool, tuple[Cell, ...]], header: tuple[str, ...]) -> None:
        text, lineno, gap, cells = row
        handle = self.tree.open("row", "row", lineno)
        self.lines.append(Line(text, lineno, (), 0, gap, cells, header, self.tree.line()))
        self.tree.close_to(handle)

    def _flush_pending(self) -> None:
        if self.pending_row is not None:
            self._append_row(self.pending_row, ())
            self.pending_row = None

    def _end_table(self) -> None:
        self._flush_pending()
        self.header = ()
        self.spaced = None

    def _plain(self, text: str, lineno: int) -> None:
        level = handle = 0
        heading = _HEADING.match(text)
        if heading:
            level, text = len(heading.group(1)), heading.group(2)
            self._close()
            handle = self.tree.open("heading", f"heading{level}", lineno, level)
        elif not self.block:
            self._open("paragraph", lineno)
        value, links = inline(text)
        if not level and self._continues(text):
            last = self.lines[-1]
            self.lines[-1] = dataclasses.replace(last, text=f"{last.text} {value}", links=last.links + links)
        elif value or links:
            self.lines.append(Line(value, lineno, links, level, self._take_gap(), block=self.tree.line()))
        self.last_raw = "" if level else self.raw
        if handle:
            self.tree.close_to(handle)

    def _continues(self, text: str) -> bool:
        """Whether the line goes on the one above: the text is hard-wrapped, the line above stopped
        only because this line's first word would not fit, and this line opens nothing of its own."""
        width, above = self.wrap_width, self.last_raw
        if width is None or not above or self.gap or not self.lines or self.lines[-1].heading:
            return False
        if "://" in above.rsplit(maxsplit=1)[-1]:
            return False  # a line that ends in a URL ends there
        if text.startswith(("— ", "– ")) and not above.endswith(_ENDS_LINE):
            return True  # "— Sven Lindqvist, Hana Kobayashi — arXiv:2510.25501": the line above goes on
        first_word = text.split(maxsplit=1)[0]
        # A few columns of slack: text wrapped by hand, or by a mailer counting differently.
        if len(above) + 1 + len(first_word) <= width - _WRAP_SLACK or above.endswith(_ENDS_LINE):
            return False
        return not _OPENS_LINE.match(text) and not looks_like_authors(text)

    def _take_gap(self) -> bool:
        gap, self.gap = self.gap, False
        return gap

    def finish(self) -> None:
        self._end_table()
        self._close()


_OPENS_LINE = re.compile(
    r"^(?:[-*+•·>]\s|\d{1,3}[.)、/]\s|[\[(（【]\d{1,3}[\])）】]|\[[A-Za-z]{2,12}\]|【|<?https?://|www\.|"
    r"[A-Za-z][A-Za-z -]{0,20}:\s)"
)
"""A line that opens something: a list mark, a number ("2. ", "[3]"), a tag ("[PDF]"), a URL, a label.
A bracket that opens no number or tag ("(arXiv:2510.26640)") goes on the line above."""
_WRAP_MIN_LINES = 8
_WRAP_BAND = 15
_WRAP_SLACK = 4
_ENDS_LINE = (".", "!", "?", ":", "：", "。", "…")
"""Characters: lines of a hard-wrapped paragraph end within this many columns of its width."""


def wrap_width(raw_lines: list[str]) -> int | None:
    """The column the text was hard-wrapped at (60-100), when two in five lines inside its paragraphs
    end near one width; None for text written a paragraph or a field to a line."""
    inner = sorted(
        len(line.rstrip())
        for line, after in pairwise(raw_lines)
        if line.strip() and after.strip() and "://" not in line  # a long URL is never wrapped
    )
    if len(inner) < _WRAP_MIN_LINES:
        return None
    width = inner[int(len(inner) * 0.9)]
    near = sum(width - _WRAP_BAND <= length <= width for length in inner)
    if not (60 <= width <= 100 and near * 5 >= 2 * len(inner)):
        return None
    return max(length for length in inner if length <= width + _WRAP_BAND)  # the widest line of the band


def read_numbered(lines: list[tuple[int, str]]) -> Document:
    """Read plain-text lines, each with its own line number in the source (a rewritten format's)."""
    tree = BlockBuilder()
    return Document(tuple(_read_lines(lines, tree)), "text", blocks=tree.finish())


def read_text(text: str, *, first_lineno: int = 1) -> Document:
    """Read plain text into a Document."""
    tree = BlockBuilder()
    lines = text_lines(text, first_lineno=first_lineno, tree=tree)
    return Document(tuple(lines), "text", blocks=tree.finish())


def text_lines(text: str, *, first_lineno: int = 1, tree: BlockBuilder | None = None) -> list[Line]:
    """The lines of a plain-text piece (used by the other readers for text they cannot parse).

    With ``tree``, the piece's blocks are opened inside that builder's innermost open block.
    """
    return _read_lines(list(enumerate(text.split("\n"), start=first_lineno)), tree or BlockBuilder())


def _read_lines(lines: list[tuple[int, str]], tree: BlockBuilder) -> list[Line]:
    """The Lines of numbered raw lines, read once in order into ``tree``."""
    reader = _Reader(tree, wrap_width([raw for _, raw in lines]))
    for lineno, raw in lines:
        reader.feed(raw, lineno)
    reader.finish()
    return reader.lines
