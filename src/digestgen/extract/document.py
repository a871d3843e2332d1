"""A scraped post as a Document: its lines of text, each with the links it carries.

Every reader (plain text, Markdown, HTML) makes the same shape, so that the later layers
never know which format a post came in. A line keeps its 1-based line number in the
source (0 where the format has none) for the report, the heading level it had, whether a
blank line or block boundary came before it, and for a table row its cells and the
header row's texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink: visible text (often shortened) and the address it points to."""

    text: str
    href: str


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a table row."""

    text: str
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a post's text."""

    text: str
    """The visible text, whitespace squashed."""
    lineno: int = 0
    """1-based line in the source file; 0 when unknown."""
    links: tuple[Link, ...] = ()
    """Hyperlinks on the line (bare URLs in the text are found later, not listed here)."""
    heading: int = 0
    """Heading level 1-6, 0 for an ordinary line."""
    gap_before: bool = False
    """A blank line or a block boundary comes before this line."""
    cells: tuple[Cell, ...] = ()
    """A table row's cells; empty for other lines."""
    header: tuple[str, ...] = ()
    """For a table row below a header row: the header's cell texts."""
    strong: bool = False
    """The whole line is emphasised (bold or strong): a title or a label, often."""
    block: int = 0
    """Index in ``Document.blocks`` of the innermost block holding the line."""


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the post (a list item, a table row, an HTML card) and the lines it spans."""

    kind: str
    sig: str
    """Repetition signature: siblings with the same one have the same shape."""
    parent: int
    """Index of the parent block; -1 for the root."""
    start: int
    """Index in ``Document.lines`` of its first line."""
    end: int
    """Index of the line after its last line."""
    lineno: int = 0
    level: int = 0


@dataclass(frozen=True, slots=True)
class Document:
    """A post, read."""

    lines: tuple[Line, ...]
    kind: str
    """"text", "markdown" or "html": the reader used."""
    title: str | None = None
    """The page's own title (HTML ``<title>``), when the format has one."""
    source: str | None = None
    """The page's canonical address, when the format gives one."""
    published: str | None = None
    """The page's own publication date as its metadata writes it (HTML ``article:published_time``)."""
    notes: tuple[str, ...] = field(default=())
    """What the reader had to do about the input (for the report)."""
    blocks: tuple[Block, ...] = ()
    """The block tree the lines sit in, root first (see ``Block``); empty when the reader made none."""


def row_text(cells: tuple[Cell, ...]) -> str:
    """A table row as one line of text."""
    return " | ".join(cell.text for cell in cells if cell.text)


def row_links(cells: tuple[Cell, ...]) -> tuple[Link, ...]:
    """Every link of a table row."""
    return tuple(link for cell in cells for link in cell.links)
