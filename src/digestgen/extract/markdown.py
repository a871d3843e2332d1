"""Markdown to a Document, through markdown-it-py's tokens.

Headings, paragraphs (each soft break starts a new line: digests put one field per
line), list items (ordered ones keep their number, which marks entries), blockquotes,
tables (rows keep their cells and the header's texts), code blocks, and raw HTML blocks
such as ``<details>``, which are read by the HTML reader.

markdown-it-py is pure Python and its inline parser slows down badly on pathological
input (a long paragraph of unclosed brackets). The source is therefore parsed in chunks
split at blank lines, and a single block larger than ``BLOCK_LIMIT`` is read as plain text.

The block tree follows the tokens: lists, items, paragraphs (a tight list's too), headings,
quotes, tables and rows, code. A raw HTML block's elements join the same tree, and one it
leaves open (``<details>``, ``<div>``, ``<table>``) holds the Markdown after it until a
later HTML block closes it. A list that goes on past the end of a chunk is kept open, and
the next chunk's items, or its blocks indented into the last item, join it, so that the
tree is the one of the whole source.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import yaml
from markdown_it import MarkdownIt, helpers
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token

from digestgen.extract.document import BlockBuilder, Cell, Document, Line, Link
from digestgen.extract.html import open_at_end, parse_html, unbalanced, walk
from digestgen.extract.plaintext import text_lines
from digestgen.extract.text import squash

_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # every value a string, dates as written

BLOCK_LIMIT = 16_000
"""Characters: a block between blank lines larger than this is read as plain text."""
CHUNK_SIZE = 64_000
"""Characters of Markdown handed to the parser at once."""

_PLAIN_URL = re.compile(
    r"https?://([A-Za-z0-9_+-]{1,63}(?:\.[A-Za-z0-9_+-]{1,63})*)(?:[/?#](?:[A-Za-z0-9;/?:@&=+$,_.!~*'()#-]|%[0-9A-Fa-f]{2})*)?"
)
"""A web address that markdown-it's link normalisation gives back unchanged: lower-case
scheme, ASCII host of plain labels, no port or user, and nothing that percent-encoding
would touch (only the characters mdurl keeps, and ``%`` only before two hex digits)."""


class _Markdown(MarkdownIt):
    """markdown-it with a fast path for the link addresses that need no normalising.

    ``normalizeLink`` parses, punycodes and percent-encodes every link's address, char by
    char in Python; most addresses of a digest are plain ASCII web addresses, which it
    returns as they are.
    """

    def normalizeLink(self, url: str) -> str:
        match = _PLAIN_URL.fullmatch(url)
        if match is not None and len(match.group(1)) <= 255:
            return url
        return str(super().normalizeLink(url))


_INLINE_STARTS = {
    "newline": "\n",
    "escape": "\\",
    "backticks": "`",
    "emphasis": "*_",
    "link": "[",
    "image": "!",
    "autolink": "<",
    "html_inline": "<",
    "entity": "&",
}
"""The characters each inline rule of the parser starts at (it fails anywhere else)."""
_TEXT_STOP = re.compile("[" + re.escape("".join(sorted(set("".join(_INLINE_STARTS.values())) | {"]"}))) + "]")
"""Where the text rule stops: where a rule may start, or a link label end (``]``)."""


def _text(state: Any, silent: bool) -> bool:
    """markdown-it's text rule, taking every character no rule starts at in one piece.

    The stock rule stops at each of some twenty characters reserved for extensions (":",
    "-", "=", "#", …), after which every inline rule is tried there and fails, one
    character at a time. The pending text, and so every token, is the same.
    """
    pos = state.pos
    end = state.posMax
    stop = _TEXT_STOP.search(state.src, pos, end)
    if stop is not None:
        end = stop.start()
    if end == pos:
        return False
    if not silent:
        state.append_pending(state.src[pos:end])
    state.pos = end
    return True


class _Destination:
    """What markdown-it's ``parseLinkDestination`` gives: found or not, where it ends, the address."""

    __slots__ = ("ok", "pos", "str")

    def __init__(self, ok: bool = False, pos: int = 0, text: str = "") -> None:
        self.ok, self.pos, self.str = ok, pos, text


_PLAIN_DESTINATION = re.compile(r"[^\x00-\x20\x7f()\\]+")
"""A link address without brackets, escapes, spaces or control characters."""


def _link_destination(string: str, pos: int, maximum: int) -> Any:
    """markdown-it's ``parseLinkDestination``, with a fast path for a plain address.

    The stock one walks the address a character at a time in Python. An address that is a run
    of characters none of which it treats specially, ended by a space, a control character, a
    ``)`` or the end, is exactly that run; anything else (``<…>``, brackets, escapes) goes to it.
    """
    match = _PLAIN_DESTINATION.match(string, pos, maximum)
    if match is not None and string[pos] != "<":
        end = match.end()
        if end == maximum or string[end] not in "(\\":
            return _Destination(True, end, unescapeAll(string[pos:end]))
    return helpers.parseLinkDestination(string, pos, maximum)


def _parser() -> MarkdownIt:
    md = _Markdown("commonmark", {"html": True}).enable("table")
    # Only the link address reader is replaced; the rules find these by name on md.helpers.
    md.helpers = SimpleNamespace(  # type: ignore[assignment]
        parseLinkLabel=helpers.parseLinkLabel,
        parseLinkDestination=_link_destination,
        parseLinkTitle=helpers.parseLinkTitle,
    )
    rules = md.inline.ruler.get_active_rules()
    if rules[:1] == ["text"] and set(rules[1:]) <= _INLINE_STARTS.keys():
        md.inline.ruler.at("text", _text)
    return md


_MD = _parser()

_LIST_OPEN = ("bullet_list_open", "ordered_list_open")
_TAIL = frozenset(("bullet_list_close", "ordered_list_close", "list_item_close"))
"""Closing tokens that may end a chunk without ending the list in the source."""
_MARKER = re.compile(r"[ \t]*(?:[-+*]|[0-9]{1,9}[.)])([ \t]*)")
_BLOCK_OPEN = {
    "blockquote_open": ("quote", "quote"),
    "table_open": ("table", "table"),
    "tr_open": ("row", "row"),
    "list_item_open": ("item", "item"),
    "bullet_list_open": ("list", "list"),
    "ordered_list_open": ("list", "list-ordered"),
}


@dataclass(frozen=True, slots=True)
class _ListShape:
    """What makes a list item a sibling of a list's items: its kind, marker and column."""

    kind: str  # the list's opening token type
    markup: str  # bullet character, or the delimiter after the numbers
    indent: int  # column of the markers


@dataclass(frozen=True, slots=True)
class _Held:
    """A list open at the end of a chunk, with its last item."""

    list_handle: int
    shape: _ListShape
    item_handle: int
    content: int  # column of the last item's content: blocks indented this far are inside it


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
    tree: BlockBuilder = field(default_factory=BlockBuilder)
    opened: list[tuple[int, Any]] = field(default_factory=list)  # (handle or 0, what held needs) per open token
    held: list[_Held] = field(default_factory=list)  # lists open from earlier chunks, outermost first
    resume: tuple[int, _ListShape] | None = None  # the held list that the next list token goes on with
    piece: str = ""
    source: list[str] | None = None  # the chunk's lines, split when first needed

    def emit(
        self, text: str, links: tuple[Link, ...], lineno: int, *, strong: bool = False, emphasis: tuple[str, ...] = ()
    ) -> None:
        text = squash(unwiki(self.prefix + text))
        self.prefix = ""
        if text or links:
            block = self.tree.line()
            self.lines.append(
                Line(text, lineno, links, self.heading, self.gap, block=block, strong=strong, emphasis=emphasis)
            )
            self.gap = False

    def source_line(self, token: Token) -> str:
        if self.source is None:
            self.source = self.piece.split("\n")
        row = token.map[0] if token.map else -1
        return self.source[row] if 0 <= row < len(self.source) else ""


@dataclass
class _Piece:
    """One line of an inline token as it is assembled."""

    parts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    offset: int = 0
    strong_chars: int = 0
    """Characters of text inside ``**…**``: the line is bold when they are all of it."""
    emphasis: list[str] = field(default_factory=list)
    """The texts of the line's bold and italic spans."""
    soft: bool = False
    """The line began at a soft break (a line break of the source inside a paragraph)."""

    def text(self) -> str:
        return "".join(self.parts)


WRAP_MIN = 40
"""Characters: a paragraph line at least this long that a soft break ends was wrapped, not ended."""
_OPENS_FIELD = re.compile(r"^\s*(?:[-*+•]\s|\d{1,3}[.、)]\s*|[\[【(（]|[^\s:：]{1,24}\s*[:：]|https?://)")


def _joins(previous: _Piece, piece: _Piece) -> bool:
    """Whether a soft-broken line continues the one before it: hard-wrapped prose, not one field a line.

    A digest often puts one field on each line of a paragraph ("作者：…", "arXiv: …"); prose
    hard-wrapped at 80 columns continues mid-sentence. A long line followed by one that
    opens no field (a label, a bullet, a number, a bracket, a URL) is wrapped prose, unless
    the long line is mostly bold (a title, whose authors follow).
    """
    text = previous.text().rstrip()
    return (
        piece.soft
        and len(text) >= WRAP_MIN
        and not text.endswith((":", "："))
        and previous.strong_chars * 2 < len(text)  # a bold title line ends there; a bold label does not
        and not _OPENS_FIELD.match(piece.text())
    )


def _inline_lines(token: Token) -> Iterator[tuple[str, tuple[Link, ...], int, bool, tuple[str, ...]]]:
    """Lines of an inline token: (text, links, offset in lines from the token's start, wholly bold)."""
    pieces = [_Piece()]
    anchors: list[tuple[str, int]] = []
    emphasis_at: list[int] = []  # where each open ** or * began in the piece's parts
    strong_at = -1
    for child in token.children or []:
        kind = child.type
        piece = pieces[-1]
        if kind == "softbreak" and anchors:  # a link's text wrapped in the source: one line
            piece.parts.append(" ")
        elif kind in ("softbreak", "hardbreak") or (kind == "html_inline" and child.content.lower().startswith("<br")):
            offset = piece.offset + (kind != "html_inline")
            pieces.append(_Piece(offset=offset, soft=kind == "softbreak"))
        elif kind == "link_open":
            anchors.append((str(child.attrs.get("href", "")), len(piece.parts)))
        elif kind == "link_close" and anchors:
            href, position = anchors.pop()
            piece.links.append(Link(squash("".join(piece.parts[position:])), href))
        elif kind == "strong_open":
            strong_at = sum(len(p) for p in piece.parts)
            emphasis_at.append(len(piece.parts))
        elif kind == "strong_close" and strong_at >= 0:
            piece.strong_chars += sum(len(p) for p in piece.parts) - strong_at
            strong_at = -1
            _close_emphasis(piece, emphasis_at)
        elif kind == "em_open":
            emphasis_at.append(len(piece.parts))
        elif kind == "em_close":
            _close_emphasis(piece, emphasis_at)
        elif kind in ("text", "code_inline"):
            piece.parts.append(child.content)
    lines: list[_Piece] = []
    for piece in pieces:
        if lines and _joins(lines[-1], piece):
            lines[-1].parts += [" ", *piece.parts]
            lines[-1].links += piece.links
            lines[-1].emphasis += piece.emphasis
        else:
            lines.append(piece)
    for piece in lines:
        text = piece.text()
        bold = piece.strong_chars > 0 and piece.strong_chars >= len(text.strip()) - 2
        yield text, tuple(piece.links), piece.offset, bold, tuple(piece.emphasis)


def _close_emphasis(piece: _Piece, emphasis_at: list[int]) -> None:
    if emphasis_at:
        position = emphasis_at.pop()
        text = squash("".join(piece.parts[position:]))
        if text and position <= len(piece.parts):
            piece.emphasis.append(text)


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
        handle = state.tree.open("code", "code", lineno)
        state.lines.extend(text_lines(token.content, first_lineno=lineno, tree=state.tree))
        state.tree.close_to(handle)
    elif kind == "html_block":
        _html_block(state, token.content, lineno)
    elif kind == "inline" and state.row is not None:
        _cell(state, token)
    elif kind == "inline":
        for text, links, offset, bold, emphasis in _inline_lines(token):
            state.emit(text, links, lineno + offset, strong=bold, emphasis=emphasis)
    else:
        _table(state, token, lineno)


def _html_block(state: _State, content: str, lineno: int) -> None:
    tags = unbalanced(content)
    for tag in tags.leading:  # "</details>" after the Markdown it held
        state.tree.close_tag(tag)
    root = parse_html(content)
    keep = open_at_end(root, tags.unclosed) if root is not None and tags.unclosed else []
    if root is not None:
        for line in walk(root, state.tree, lineno_base=lineno - 1, keep=keep):
            state.lines.append(
                Line(line.text, lineno, line.links, line.heading, True, line.cells, line.header, line.block)
            )
    for tag in tags.late:  # below the blocks just kept open, which it closes too
        state.tree.close_tag(tag, skip=len(keep))


_WIKILINK = re.compile(r"\[\[([^\[\]|\n]{1,200})(?:\|([^\[\]\n]{1,200}))?\]\]")
"""An Obsidian or wiki link, "[[Page]]" or "[[Page|shown text]]": the text it shows."""


def unwiki(text: str) -> str:
    """The text with wiki links as the words they show."""
    return _WIKILINK.sub(lambda m: m.group(2) or m.group(1), text) if "[[" in text else text


def _cell(state: _State, token: Token) -> None:
    texts: list[str] = []
    links: list[Link] = []
    for text, found, _, _, _ in _inline_lines(token):
        texts.append(text)
        links.extend(found)
    if state.row is not None:
        parts = tuple(part for part in (squash(unwiki(text)) for text in texts) if part)
        state.row.append(Cell(squash(unwiki(" ".join(texts))), tuple(links), parts if len(parts) > 1 else ()))


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
        state.lines.append(Line(text, state.row_lineno, (), 0, state.gap, cells, header, state.tree.line()))
        state.gap = False
    elif kind == "table_close":
        state.header, state.gap = (), True


# the block tree ---------------------------------------------------------------------


def _indent(line: str) -> int:
    """Column of a line's first non-blank character, tabs to multiples of 4."""
    return len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs(4))


def _content_column(line: str) -> int:
    """Column where a list item's content starts, from its first line."""
    match = _MARKER.match(line)
    if match is None:
        return _indent(line) + 2
    marker_end = len(line[: match.start(1)].expandtabs(4))
    spaces = len(match.group(1).expandtabs(4))
    if not 1 <= spaces <= 4 or match.end() == len(line):
        return marker_end + 1
    return marker_end + spaces


def _open(state: _State, token: Token, lineno: int) -> tuple[int, Any]:
    """Open the block of an opening token: (handle or 0, what a held list needs of it)."""
    kind = token.type
    tree = state.tree
    if kind in _LIST_OPEN and state.resume is not None:
        resumed, state.resume = state.resume, None
        return resumed
    if kind == "paragraph_open":  # hidden ones too (tight lists): a list cut into chunks may be loose whole
        return tree.open("paragraph", "paragraph", lineno), None
    if kind == "heading_open":
        level = int(token.tag[1])
        return tree.open("heading", f"heading{level}", lineno, level), None
    block = _BLOCK_OPEN.get(kind)
    if block is None:
        return 0, None
    return tree.open(block[0], block[1], lineno), token


def _follow(state: _State, token: Token) -> None:
    """Before a top-level token of a chunk, while lists of earlier chunks are held open:
    go on with the list whose item it is, stay in the item it is indented into, or close them."""
    held, tree = state.held, state.tree
    valid = 0
    while valid < len(held) and tree.is_open(held[valid].item_handle, "item"):
        valid += 1
    del held[valid:]
    if not held:
        return
    indent = _indent(state.source_line(token))
    depth = 0
    while depth < len(held) and indent >= held[depth].content:
        depth += 1
    if depth == len(held):
        return
    level = held[depth]
    del held[depth:]
    if token.type == level.shape.kind and token.markup == level.shape.markup:
        tree.close_to(level.item_handle)
        state.resume = (level.list_handle, level.shape)
    else:
        tree.close_to(level.list_handle)


def _hold(state: _State, deferred: list[tuple[int, Any]]) -> None:
    """Keep the lists that end a chunk open: (handle, token or shape) from innermost item out."""
    entries = deferred[::-1]
    pairs = [(entries[i], entries[i + 1]) for i in range(0, len(entries) - 1, 2)]
    if len(entries) % 2 or any(not lst[0] or not item[0] or not isinstance(item[1], Token) for lst, item in pairs):
        if entries:
            state.tree.close_to(entries[0][0])
        return
    for (list_handle, info), (item_handle, item) in pairs:
        if isinstance(info, Token):
            info = _ListShape(info.type, info.markup, _indent(state.source_line(info)))
        state.held.append(_Held(list_handle, info, item_handle, _content_column(state.source_line(item))))


def _release(state: _State) -> None:
    """Close the lists held open from earlier chunks."""
    if state.held:
        state.tree.close_to(state.held[0].list_handle)
        state.held.clear()
    state.resume = None


def _parse(state: _State, piece: str) -> None:
    """Read one chunk of Markdown: its lines, and its blocks into the tree."""
    tokens = _MD.parse(piece)
    state.piece, state.source = piece, None
    tail = len(tokens)
    while tail and tokens[tail - 1].type in _TAIL:
        tail -= 1
    deferred: list[tuple[int, Any]] = []
    tree = state.tree
    for index, token in enumerate(tokens):
        lineno = _lineno(state, token)
        nesting = token.nesting
        if state.held and token.level == 0 and nesting >= 0:
            _follow(state, token)
        if nesting == 1:
            state.opened.append(_open(state, token, lineno))
        _handle(state, token, lineno)
        if nesting == -1 and state.opened:
            opened = state.opened.pop()
            if index >= tail:
                deferred.append(opened)
            elif opened[0]:
                tree.close_to(opened[0])
    if state.opened:  # unbalanced tokens: never seen, but the tree must stay whole
        tree.close_to(max(state.opened[0][0], 1))
        state.opened.clear()
    _hold(state, deferred)


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


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _is_table(block: list[str]) -> bool:
    return len(block) > 2 and "|" in block[0] and _TABLE_RULE.match(block[1]) is not None


def _table_pieces(start: int, block: list[str]) -> Iterator[tuple[int, str, bool]]:
    """A large table as Markdown pieces of whole rows, each under its header again.

    Each cell is parsed alone, so a table is never slow to parse as a whole paragraph of
    brackets can be; only a row longer than ``BLOCK_LIMIT`` is read as plain text. Each
    piece's header lines take the numbers of the lines before its first row, so every row
    keeps its own line number.
    """
    head = block[:2]
    rows: list[str] = []
    first = start + 2
    size = 0
    for offset, row in enumerate(block[2:]):
        if len(row) > BLOCK_LIMIT:
            if rows:
                yield first - 2, "\n".join(head + rows), True
            yield start + 2 + offset, row, False
            rows, size, first = [], 0, start + 3 + offset
            continue
        if size + len(row) > BLOCK_LIMIT and rows:
            yield first - 2, "\n".join(head + rows), True
            rows, size, first = [], 0, start + 2 + offset
        rows.append(row)
        size += len(row) + 1
    if rows:
        yield first - 2, "\n".join(head + rows), True


def _chunks(text: str) -> Iterator[tuple[int, str, bool]]:
    """(first line number, text, parse as Markdown?) pieces, split between blocks."""
    chunk: list[str] = []
    chunk_start = 1
    size = 0
    for start, block in _blocks(text):
        block_size = sum(len(line) + 1 for line in block)
        if block_size > BLOCK_LIMIT and _is_table(block):
            if chunk:
                yield chunk_start, "\n".join(chunk), True
                chunk, size = [], 0
            yield from _table_pieces(start, block)
            continue
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
_TOML_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?\+\+\+[ \t]*\r?\n(.*?)^\+\+\+[ \t]*$", re.DOTALL | re.MULTILINE)
"""Hugo's TOML front matter, between lines of "+++"."""
_FRONT_MATTER_MAX = 10_000
"""Characters: front matter is a few lines of metadata, never a whole post."""


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What a static-site generator's front matter says of the post."""

    title: str | None
    date: str | None


_DATE_KEYS = ("date", "pubDate", "pubDatetime", "publishDate", "published_at", "published", "created")
"""Front-matter keys of a post's date (Jekyll and Hugo, Astro, Obsidian), first found first."""


def split_front_matter(text: str) -> tuple[FrontMatter | None, str]:
    """The post's YAML front matter (Jekyll, Hugo, Hexo) and the text with its lines blanked.

    The lines are blanked, not removed, so that line numbers in problems stay those of the file.
    """
    head = text[:_FRONT_MATTER_MAX]
    yaml_match = _FRONT_MATTER.match(head)
    match = yaml_match or _TOML_FRONT_MATTER.match(head)
    if match is None:
        return None, text
    toml = yaml_match is None
    try:
        data = tomllib.loads(match.group(1)) if toml else yaml.load(match.group(1), Loader=_LOADER)
    except (yaml.YAMLError, tomllib.TOMLDecodeError):
        return None, text
    if not isinstance(data, dict):
        return None, text
    blank = "\n" * match.group(0).count("\n")
    title = data.get("title")
    date = next((data[key] for key in _DATE_KEYS if data.get(key)), None)
    return FrontMatter(str(title).strip() if title else None, str(date) if date else None), blank + text[match.end() :]


def read_markdown(text: str) -> Document:
    """Read Markdown into a Document."""
    front, text = split_front_matter(text)
    state = _State()
    for first, piece, as_markdown in _chunks(text):
        if not as_markdown:
            _release(state)
            state.lines.extend(text_lines(piece, first_lineno=first, tree=state.tree))
            continue
        state.base = first - 1
        _parse(state, piece)
        state.header, state.row, state.heading, state.gap = (), None, 0, True
    lines, blocks = tuple(state.lines), state.tree.finish()
    if front is None:
        return Document(lines, "markdown", blocks=blocks)
    return Document(lines, "markdown", title=front.title, published=front.date, blocks=blocks)
