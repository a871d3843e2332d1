"""Markdown to a Document, through markdown-it-py's tokens.

Headings, paragraphs (each soft break starts a new line: digests put one field per
line), list items (ordered ones keep their number, which marks entries), blockquotes,
tables (rows keep their cells and the header's texts), code blocks, and raw HTML blocks
such as ``<details>``, which are read by the HTML reader.

markdown-it-py is pure Python and its inline parser slows down badly on pathological
input (a long paragraph of unclosed brackets). The source is therefore parsed in chunks
split at blank lines, and a single block larger than ``BLOCK_LIMIT`` is read as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from digestgen.extract.document import Cell, Document, Line, Link
from digestgen.extract.html import parse_html, walk
from digestgen.extract.plaintext import text_lines
from digestgen.extract.text import squash

_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # every value a string, dates as written

BLOCK_LIMIT = 16_000
"""Characters: a block between blank lines larger than this is read as plain text."""
CHUNK_SIZE = 64_000
"""Characters of Markdown handed to the parser at once."""

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")


@dataclass
class _State:
    lines: list[Line] = field(default_factory=list)
    heading: int = 0
    gap: bool = True
    prefix: str = ""  # an ordered list item's number, put before its first line
    header: tuple[str, ...] = ()
    row: list[Cell] | None = None
    in_head: bool = False
    row_lineno: int = 0
    base: int = 0  # line number of the chunk's first line, minus one

    def emit(self, text: str, links: tuple[Link, ...], lineno: int) -> None:
        text = squash(self.prefix + text)
        self.prefix = ""
        if text or links:
            self.lines.append(Line(text, lineno, links, self.heading, self.gap))
            self.gap = False


def _inline_lines(token: Token) -> Iterator[tuple[str, tuple[Link, ...], int]]:
    """Lines of an inline token: (text, links, offset in lines from the token's start)."""
    parts: list[str] = []
    links: list[Link] = []
    anchors: list[tuple[str, int]] = []
    offset = 0
    for child in token.children or []:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            yield "".join(parts), tuple(links), offset
            parts, links, offset = [], [], offset + 1
        elif kind == "link_open":
            anchors.append((str(child.attrs.get("href", "")), len(parts)))
        elif kind == "link_close" and anchors:
            href, position = anchors.pop()
            links.append(Link(squash("".join(parts[position:])), href))
        elif kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind == "html_inline" and child.content.lower().startswith("<br"):
            yield "".join(parts), tuple(links), offset
            parts, links = [], []
    yield "".join(parts), tuple(links), offset


def _lineno(state: _State, token: Token) -> int:
    return state.base + (token.map[0] + 1 if token.map else 0)


def _handle(state: _State, token: Token, lineno: int) -> None:
    kind = token.type
    if kind == "heading_open":
        state.heading, state.gap = int(token.tag[1]), True
    elif kind == "heading_close":
        state.heading, state.gap = 0, True
    elif kind in ("paragraph_close", "bullet_list_close", "ordered_list_close", "blockquote_close"):
        state.gap = True
    elif kind == "list_item_open" and token.info:
        state.prefix, state.gap = f"{token.info}{token.markup} ", True
    elif kind == "list_item_open":
        state.gap = True
    elif kind in ("fence", "code_block"):
        state.lines.extend(text_lines(token.content, first_lineno=lineno))
    elif kind == "html_block":
        _html_block(state, token.content, lineno)
    elif kind == "inline" and state.row is not None:
        _cell(state, token)
    elif kind == "inline":
        for text, links, offset in _inline_lines(token):
            state.emit(text, links, lineno + offset)
    else:
        _table(state, token, lineno)


def _html_block(state: _State, content: str, lineno: int) -> None:
    root = parse_html(content)
    if root is None:
        return
    for line in walk(root):
        state.lines.append(Line(line.text, lineno, line.links, line.heading, True, line.cells, line.header))


def _cell(state: _State, token: Token) -> None:
    texts: list[str] = []
    links: list[Link] = []
    for text, found, _ in _inline_lines(token):
        texts.append(text)
        links.extend(found)
    if state.row is not None:
        state.row.append(Cell(squash(" ".join(texts)), tuple(links)))


def _table(state: _State, token: Token, lineno: int) -> None:
    kind = token.type
    if kind == "thead_open":
        state.in_head = True
    elif kind == "thead_close":
        state.in_head = False
    elif kind == "tr_open":
        state.row, state.row_lineno = [], lineno
    elif kind == "tr_close" and state.row is not None:
        cells, state.row = tuple(state.row), None
        if state.in_head:
            state.header = tuple(cell.text for cell in cells)
        text = " | ".join(cell.text for cell in cells if cell.text)
        header = () if state.in_head else state.header
        state.lines.append(Line(text, state.row_lineno, (), 0, state.gap, cells, header))
        state.gap = False
    elif kind == "table_close":
        state.header, state.gap = (), True


def _blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """Runs of lines ended by a blank line outside a fence, with the first line's number."""
    block: list[str] = []
    start = 1
    fence = ""
    for lineno, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if fence and stripped.startswith(fence):
            fence = ""
        elif not fence and stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        if not block:
            start = lineno
        block.append(line)
        if not stripped and not fence:
            yield start, block
            block = []
    if block:
        yield start, block


def _chunks(text: str) -> Iterator[tuple[int, str, bool]]:
    """(first line number, text, parse as Markdown?) pieces, split between blocks."""
    chunk: list[str] = []
    chunk_start = 1
    size = 0
    for start, block in _blocks(text):
        block_size = sum(len(line) + 1 for line in block)
        if block_size > BLOCK_LIMIT:
            if chunk:
                yield chunk_start, "\n".join(chunk), True
                chunk, size = [], 0
            yield start, "\n".join(block), False
            continue
        if not chunk:
            chunk_start = start
        chunk.extend(block)
        size += block_size
        if size >= CHUNK_SIZE:
            yield chunk_start, "\n".join(chunk), True
            chunk, size = [], 0
    if chunk:
        yield chunk_start, "\n".join(chunk), True


_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)
_FRONT_MATTER_MAX = 10_000
"""Characters: front matter is a few lines of metadata, never a whole post."""


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What a static-site generator's front matter says of the post."""

    title: str | None
    date: str | None


def split_front_matter(text: str) -> tuple[FrontMatter | None, str]:
    """The post's YAML front matter (Jekyll, Hugo, Hexo) and the text with its lines blanked.

    The lines are blanked, not removed, so that line numbers in problems stay those of the file.
    """
    match = _FRONT_MATTER.match(text[:_FRONT_MATTER_MAX])
    if match is None:
        return None, text
    try:
        data = yaml.load(match.group(1), Loader=_LOADER)
    except yaml.YAMLError:
        return None, text
    if not isinstance(data, dict):
        return None, text
    blank = "\n" * match.group(0).count("\n")
    title, date = data.get("title"), data.get("date")
    return FrontMatter(str(title).strip() if title else None, str(date) if date else None), blank + text[match.end() :]


def read_markdown(text: str) -> Document:
    """Read Markdown into a Document."""
    front, text = split_front_matter(text)
    state = _State()
    for first, piece, as_markdown in _chunks(text):
        if not as_markdown:
            state.lines.extend(text_lines(piece, first_lineno=first))
            continue
        state.base = first - 1
        for token in _MD.parse(piece):
            _handle(state, token, _lineno(state, token))
        state.header, state.row, state.heading, state.gap = (), None, 0, True
    if front is None:
        return Document(tuple(state.lines), "markdown")
    return Document(tuple(state.lines), "markdown", title=front.title, published=front.date)
