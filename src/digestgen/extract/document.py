"""A scraped post as a Document: its lines of text, each with the links it carries.

Every reader (plain text, Markdown, HTML) makes the same shape, so that the later layers
never know which format a post came in. A line keeps its 1-based line number in the
source (0 where the format has none) for the report, the heading level it had, whether a
blank line or block boundary came before it, and for a table row its cells and the
header row's texts.

The lines sit in a tree of blocks (``Document.blocks``): headings, paragraphs, lists and
their items, tables and their rows, quotes, details, code and other containers, each with
a signature so that siblings of one shape (the rows of a table, the cards of a listing
page) can be told apart from the rest. A reader builds the tree with ``BlockBuilder`` as
it emits lines; blocks that hold no line are left out.
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
    lines: tuple[str, ...] = ()
    """The cell's own lines when it breaks them (``<br>``): a title, then an affiliation, then a summary."""


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
    block: int = 0
    """Index in ``Document.blocks`` of the innermost block holding the line."""
    strong: bool = False
    """The whole line is emphasised (bold or strong): a title or a label, often."""
    emphasis: tuple[str, ...] = ()
    """The texts of the emphasised spans inside the line (bold, italic): a title a sentence names."""


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a post's structure, over a run of its lines."""

    kind: str
    """"root", "heading", "paragraph", "list", "item", "table", "row", "quote", "details",
    "summary", "code", "term" (a definition list's term) or "container"."""
    sig: str
    """Repetition signature: siblings with the same one are the same shape. HTML gives
    ``tag.classA.classB`` (class names sorted, each run of digits as ``#``); Markdown and
    plain text give ``item``, ``row``, ``paragraph``, ``heading2``, ``quote``, ``list``,
    ``list-ordered``, ``table``, ``code``."""
    parent: int
    """Index in ``Document.blocks`` of the parent block; -1 for the root."""
    start: int
    """Index in ``Document.lines`` of the block's first line."""
    end: int
    """Index of the line after the block's last line (``start < end`` always)."""
    lineno: int
    """1-based source line where the block starts; 0 when unknown."""
    level: int = 0
    """Heading level for a "heading" block; 0 otherwise."""


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
    """The block tree in pre-order: ``blocks[0]`` is the root over all lines, a parent comes
    before its children, and a child's lines lie within its parent's. Empty when there are
    no lines."""


class _Open:
    """A block opened by a reader: numbered once its first line arrives."""

    __slots__ = ("end", "index", "kind", "level", "lineno", "parent", "sig", "start", "tag")

    def __init__(self, kind: str, sig: str, lineno: int, level: int, tag: str) -> None:
        self.kind, self.sig, self.lineno, self.level, self.tag = kind, sig, lineno, level, tag
        self.index = self.parent = -1
        self.start = self.end = 0


class BlockBuilder:
    """Builds ``Document.blocks`` while a reader emits its lines, in one pass.

    ``open`` a block (it returns a handle), call ``line`` once for every line appended to
    the document, in order (it returns the line's ``block``), ``close_to`` a handle to close
    that block and every block opened inside it, and ``finish`` for the tree. A block is
    numbered when its first line arrives, so the numbering is pre-order and a block that
    never gets a line is left out.
    """

    __slots__ = ("_blocks", "_stack", "count")

    def __init__(self) -> None:
        self.count = 0
        """Lines taken so far."""
        self._blocks: list[_Open] = []
        self._stack: list[_Open] = [_Open("root", "root", 1, 0, "")]

    @property
    def depth(self) -> int:
        """How many blocks are open, the root included: handles below it are open."""
        return len(self._stack)

    def open(self, kind: str, sig: str, lineno: int, level: int = 0, tag: str = "") -> int:
        """Open a block inside the innermost open one. ``tag``: the HTML tag it was opened
        for, when a later piece of the input may close it (see ``close_tag``)."""
        self._stack.append(_Open(kind, sig, lineno, level, tag))
        return len(self._stack) - 1

    def is_open(self, handle: int, kind: str) -> bool:
        """Whether the block at ``handle`` is open and of ``kind``."""
        return 0 < handle < len(self._stack) and self._stack[handle].kind == kind

    def close_to(self, handle: int) -> None:
        """Close the block ``open`` returned ``handle`` for, and all blocks inside it."""
        stack = self._stack
        count = self.count
        for _ in range(len(stack) - max(handle, 1)):
            block = stack.pop()
            if block.index >= 0:
                block.end = count

    def close_tag(self, tag: str, *, skip: int = 0, reach: int = 64) -> bool:
        """Close the innermost open block opened for HTML ``tag``, looking down through the
        blocks opened for HTML tags on top of the stack, past the top ``skip`` of them (which
        it closes too when it finds one below), at most ``reach`` deep."""
        stack = self._stack
        top = len(stack) - 1
        for handle in range(top - skip, max(top - reach, 0), -1):
            if not stack[handle].tag:
                return False
            if stack[handle].tag == tag:
                self.close_to(handle)
                return True
        return False

    def line(self) -> int:
        """Take the next line of the document: the index of the block holding it."""
        index = self._stack[-1].index
        if index < 0:
            index = self._number()
        self.count += 1
        return index

    def _number(self) -> int:
        stack = self._stack
        blocks = self._blocks
        depth = len(stack) - 1
        while depth > 0 and stack[depth - 1].index < 0:
            depth -= 1
        parent = stack[depth - 1].index if depth else -1
        for block in stack[depth:] if depth < len(stack) - 1 else (stack[-1],):
            block.index, block.parent, block.start = len(blocks), parent, self.count
            blocks.append(block)
            parent = block.index
        return parent

    def finish(self) -> tuple[Block, ...]:
        """Close every block; the tree of the blocks that got lines."""
        self.close_to(1)
        root = self._stack[0]
        if root.index >= 0:
            root.end = self.count
        return tuple(Block(b.kind, b.sig, b.parent, b.start, b.end, b.lineno, b.level) for b in self._blocks)


def row_text(cells: tuple[Cell, ...]) -> str:
    """A table row as one line of text."""
    return " | ".join(cell.text for cell in cells if cell.text)


def row_links(cells: tuple[Cell, ...]) -> tuple[Link, ...]:
    """Every link of a table row."""
    return tuple(link for cell in cells for link in cell.links)
