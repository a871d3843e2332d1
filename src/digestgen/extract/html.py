"""HTML to a Document, through lxml.

Scripts, styles, navigation and elements whose class or id names page chrome
(comments, sidebars, share bars) are dropped; when one container plainly holds the
article (``<article>``, CSDN's ``#content_views``) only it is read. The tree is walked
with ``iterwalk``, not recursion, so deeply nested markup cannot exhaust the stack.
Each link keeps its href, since the visible text of a link is often shortened.

Every block element that ends up holding a line is a block of the Document's tree, and so
is an element of any other tag that directly holds block elements (a card made of a custom
element or an ``<a>``); ``<html>``, ``<body>``, ``<thead>``, ``<tbody>`` and ``<tfoot>`` add
no level. A block's signature is its tag and sorted class names, digits made ``#``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]

from digestgen.extract.document import BlockBuilder, Cell, Document, Line, Link
from digestgen.extract.sites import HTML_ARTICLE_XPATHS, HTML_CHROME_WORDS, HTML_DROP_TAGS, header_slot
from digestgen.extract.text import squash
from digestgen.extract.urls import PAPER_KINDS, classify_url

_BLOCKS = frozenset(
    "p div section article main header footer aside nav li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table thead "
    "tbody tfoot tr blockquote pre figure figcaption details summary hr address center fieldset body html".split()
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_KINDS = {
    **dict.fromkeys(_HEADINGS, "heading"),
    **dict.fromkeys(("html", "body", "thead", "tbody", "tfoot", "hr"), ""),  # no block of their own
    "p": "paragraph",
    "ul": "list",
    "ol": "list",
    "li": "item",
    "table": "table",
    "tr": "row",
    "blockquote": "quote",
    "details": "details",
    "summary": "summary",
    "pre": "code",
    # A definition list's term opens what its <dd> holds: an arXiv listing's "[1] arXiv:ID [pdf]"
    # is the start of the entry whose title and authors follow in the <dd>.
    "dt": "term",
}
"""Block kind of a tag of ``_BLOCKS``; any other is a "container"."""
HOLDABLE = frozenset(
    "div section article main header footer aside nav details blockquote table ul ol li dl dd figure "
    "center fieldset address".split()
)
"""Tags of a raw HTML block in Markdown that may stay open over the Markdown after it."""
_DIGIT_RUNS = re.compile(r"[0-9]+")
_WORDS = re.compile(r"[a-z]+")
_CHROME = frozenset(HTML_CHROME_WORDS)
_ARTICLE_SHARE = 0.3  # an article container must hold this share of the page's text
_DOMINANT_SHARE = 0.6  # of several containers of one kind, the article holds this share of their text


@dataclass
class _Table:
    header: tuple[str, ...] = ()
    row: list[Cell] | None = None
    row_is_header: bool = False
    rows_seen: int = 0
    layout: bool = False
    """A table that only lays blocks out (one cell a row, holding paragraphs and lists): its
    contents are read as blocks, not as cells."""


_LAYOUT_BLOCKS = frozenset("p ul ol h1 h2 h3 h4 h5 h6 div blockquote pre table dl section article".split())


def _is_layout_table(el: Any) -> bool:
    """Whether every row of the table has one cell, and a cell holds blocks (a GitHub comment's body)."""
    rows = el.xpath("./tr | ./tbody/tr | ./thead/tr")
    if not rows:
        return False
    blocks = False
    for row in rows:
        cells = [child for child in row if child.tag in ("td", "th")]
        if len(cells) > 1:
            return False
        blocks = blocks or any(child.tag in _LAYOUT_BLOCKS for cell in cells for child in cell)
    return blocks


@dataclass
class _Buffer:
    """The line being assembled: text parts and the links that closed inside it."""

    parts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    lineno: int = 0
    emphasis: list[str] = field(default_factory=list)

    def text(self) -> str:
        text = "".join(self.parts)
        # Most buffers a block's end flushes hold only the markup's indentation.
        return "" if not text or text.isspace() else squash(text)

    def clear(self) -> None:
        self.parts, self.links, self.lineno, self.emphasis = [], [], 0, []


class _Walker:
    """Turns the element events of one tree into Lines."""

    def __init__(self, tree: BlockBuilder, lineno_base: int = 0, keep: Sequence[Any] = ()) -> None:
        self.tree = tree
        self.lineno_base = lineno_base  # added to element source lines for their blocks
        self.keep = keep  # elements whose blocks stay open after the walk
        self.opened: list[tuple[Any, int]] = []  # (element, handle) of the open blocks, innermost last
        self.lines: list[Line] = []
        self.buf = _Buffer()
        self.gap = False
        self.heading = 0
        self.pre = 0
        self.anchors: list[tuple[str, int]] = []  # (href, position in buf.parts) of open <a>
        self.emphases: list[int] = []  # position in buf.parts of each open <strong>, <b>, <em>, <i>
        self.tables: list[_Table] = []
        self.cell: _Buffer | None = None
        self.ol_counters: list[int] = []

    @property
    def target(self) -> _Buffer:
        return self.cell if self.cell is not None else self.buf

    def add_text(self, text: str | None, lineno: int) -> None:
        if not text:
            return
        if self.pre and "\n" in text and self.cell is None:
            first, *rest = text.split("\n")
            self._append(first, lineno)
            for piece in rest:
                self.flush()
                self._append(piece, lineno)
            return
        self._append(text, lineno)

    def _append(self, text: str, lineno: int) -> None:
        target = self.cell if self.cell is not None else self.buf
        if not target.lineno:
            target.lineno = lineno
        target.parts.append(text)

    def flush(self) -> None:
        text = self.buf.text()
        if text:
            line = Line(
                text,
                self.buf.lineno,
                tuple(self.buf.links),
                self.heading,
                self.gap,
                block=self.tree.line(),
                emphasis=tuple(self.buf.emphasis),
            )
            self.lines.append(line)
            self.gap = False
        self.buf.clear()

    def start(self, el: Any, tag: str) -> None:
        lineno = el.sourceline or 0
        if self.cell is None:
            if tag in _BLOCKS:
                if not self._number_pending(tag):
                    self.flush()
                self.heading = _HEADINGS.get(tag, self.heading)
                kind = _KINDS.get(tag, "container")
                if kind:
                    self._open(el, tag, kind, lineno)
            elif len(el) and self._holds_blocks(el):
                self._open(el, tag, "container", lineno)
        handler = _START.get(tag)
        if handler:
            handler(self, el)
        self.add_text(el.text, lineno)
        if not self.buf.lineno and self.cell is None:
            self.buf.lineno = lineno

    def end(self, el: Any, tag: str) -> None:
        handler = _END.get(tag)
        if handler:
            handler(self, el)
        if tag in _BLOCKS and self.cell is None:
            self.flush()
            self.gap = True
            if tag in _HEADINGS:
                self.heading = 0
        opened = self.opened
        if opened and opened[-1][0] is el:
            handle = opened.pop()[1]
            if not self.keep or not any(el is kept for kept in self.keep):
                self.tree.close_to(handle)
        tail = el.tail
        if tail:
            self.add_text(tail, el.sourceline or 0)

    # blocks -----------------------------------------------------------------------

    def _open(self, el: Any, tag: str, kind: str, lineno: int) -> None:
        sig = _sig(tag, el.get("class"))
        handle = self.tree.open(kind, sig, lineno + self.lineno_base if lineno else 0, _HEADINGS.get(tag, 0), tag)
        self.opened.append((el, handle))

    def _number_pending(self, tag: str) -> bool:
        """Whether the line so far is only an ordered item's number, which opens the item's first
        block ("<li><p><a>Title</a></p>…" reads "1. Title"), not a line of its own."""
        if tag in ("li", "ol", "ul", "table") or not self.ol_counters or self.buf.links:
            return False
        return self.buf.text() == f"{self.ol_counters[-1]}."

    def _holds_blocks(self, el: Any) -> bool:
        """Whether an element of another tag holds block elements itself, with no text pending
        before it (which would run into its first line)."""
        for child in el:
            if child.tag in _BLOCKS:
                return not any(part.strip() for part in self.buf.parts)
        return False

    # element handlers -------------------------------------------------------------

    def _em_start(self, el: Any) -> None:
        self.emphases.append(len(self.target.parts))

    def _em_end(self, el: Any) -> None:
        if not self.emphases:
            return
        position = self.emphases.pop()
        target = self.target
        if target is self.buf and position <= len(target.parts):
            text = squash("".join(target.parts[position:]))
            if text:
                target.emphasis.append(text)

    def _a_start(self, el: Any) -> None:
        self.anchors.append((el.get("href") or "", len(self.target.parts)))

    def _a_end(self, el: Any) -> None:
        if not self.anchors:
            return
        href, position = self.anchors.pop()
        target = self.target
        text = squash("".join(target.parts[position:]))
        if href:
            target.links.append(Link(text, href.strip()))

    def _br(self, el: Any) -> None:
        if self.cell is not None:
            self.cell.parts.append(" ")
        else:
            self.flush()

    def _pre_start(self, el: Any) -> None:
        self.pre += 1

    def _pre_end(self, el: Any) -> None:
        self.pre -= 1

    def _ol_start(self, el: Any) -> None:
        start = el.get("start") or "1"
        self.ol_counters.append(int(start) - 1 if start.isdigit() and len(start) < 6 else 0)

    def _ol_end(self, el: Any) -> None:
        if self.ol_counters:
            self.ol_counters.pop()

    def _li_start(self, el: Any) -> None:
        parent = el.getparent()
        if parent is not None and parent.tag == "ol" and self.ol_counters:
            self.ol_counters[-1] += 1
            self.target.parts.append(f"{self.ol_counters[-1]}. ")

    def _table_start(self, el: Any) -> None:
        self.tables.append(_Table(layout=_is_layout_table(el)))

    def _table_end(self, el: Any) -> None:
        if self.tables:
            self.tables.pop()

    def _tr_start(self, el: Any) -> None:
        if self.tables and self.cell is None and not self.tables[-1].layout:
            table = self.tables[-1]
            table.row = []
            table.row_is_header = el.getparent() is not None and el.getparent().tag == "thead"

    def _tr_end(self, el: Any) -> None:
        if not self.tables or self.tables[-1].row is None or self.cell is not None:
            return
        table = self.tables[-1]
        cells = tuple(table.row or ())
        table.row = None
        if not any(cell.text for cell in cells):
            return
        if table.row_is_header or (table.rows_seen == 0 and el.find("th") is not None):
            table.header = tuple(cell.text for cell in cells)
        text = " | ".join(cell.text for cell in cells if cell.text)
        header = () if table.header == tuple(c.text for c in cells) else table.header
        self.lines.append(Line(text, el.sourceline or 0, (), 0, self.gap, cells, header, self.tree.line()))
        self.gap = False
        table.rows_seen += 1

    def _cell_start(self, el: Any) -> None:
        if self.tables and self.tables[-1].row is not None and self.cell is None:
            self.cell = _Buffer()

    def _cell_end(self, el: Any) -> None:
        if self.cell is None or not self.tables or self.tables[-1].row is None:
            return
        row = self.tables[-1].row
        row.append(Cell(self.cell.text(), tuple(self.cell.links)))
        self.cell = None


_START = {
    "a": _Walker._a_start,
    **dict.fromkeys(("strong", "b", "em", "i"), _Walker._em_start),
    "br": _Walker._br,
    "pre": _Walker._pre_start,
    "ol": _Walker._ol_start,
    "li": _Walker._li_start,
    "table": _Walker._table_start,
    "tr": _Walker._tr_start,
    "td": _Walker._cell_start,
    "th": _Walker._cell_start,
}
_END = {
    "a": _Walker._a_end,
    **dict.fromkeys(("strong", "b", "em", "i"), _Walker._em_end),
    "pre": _Walker._pre_end,
    "ol": _Walker._ol_end,
    "table": _Walker._table_end,
    "tr": _Walker._tr_end,
    "td": _Walker._cell_end,
    "th": _Walker._cell_end,
}


def _is_chrome(el: Any) -> bool:
    classes, name = el.get("class"), el.get("id")
    named = bool(classes and _chrome_names(classes)) or bool(name and _chrome_names(name))
    return named and not _opens_with_label(el)


def _opens_with_label(el: Any) -> bool:
    """Whether the element's text opens with a field label ("Comments: 9 pages, code at …"): an
    entry's field that its class names like page chrome ("list-comments"), not a comment section."""
    head = (el.text_content() or "")[:_LABEL_LOOK].lstrip()
    label, colon, _ = head.partition(":")
    return bool(colon) and len(label) <= _LABEL_LOOK // 2 and header_slot(label) is not None


_LABEL_LOOK = 40


@lru_cache(maxsize=4096)
def _chrome_names(names: str) -> bool:
    """Whether a class or id attribute names page chrome (a page repeats its class names)."""
    return any(word.rstrip("s") in _CHROME or word in _CHROME for word in _WORDS.findall(names.lower()))


def _prune(root: Any, keep: Any) -> None:
    """Drop unreadable elements and chrome, never ``keep`` or anything that holds it."""
    # The elements themselves, not their id()s: lxml makes a Python proxy for an element on
    # demand and frees it when unused, so the id of a proxy let go is soon another element's.
    holders = {keep, *keep.iterancestors()}
    # A page whose posts sit in containers named like chrome (a GitHub issue's "comment-body", a
    # forum's "comment" posts) keeps those of them that hold a paper link.
    papers = _paper_holders(root)
    doomed = [
        el
        for el in root.iter()
        if isinstance(el.tag, str)
        and el not in holders
        and (el.tag in HTML_DROP_TAGS or (_is_chrome(el) and el not in papers))
        and not (el.tag in _PREVIEW_TAGS and el in papers and _inside(el, keep))
    ]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _paper_holders(root: Any) -> set[Any]:
    """Every element holding a link to an arXiv or paper page (each link walks up to the first
    element already known, so the whole page costs one pass)."""
    holders: set[Any] = set()
    for anchor in root.iter("a"):
        if classify_url(anchor.get("href") or "") not in PAPER_KINDS:
            continue
        for el in (anchor, *anchor.iterancestors()):
            if el in holders:
                break
            holders.add(el)
    return holders


_PREVIEW_TAGS = frozenset({"aside", "header"})
"""Tags a page also uses for a link's preview card inside a post (a forum's "onebox", a chat's
unfurl), which shows a linked paper's title, authors and abstract."""


def _inside(el: Any, article: Any) -> bool:
    """Whether the element sits in the article (an aside there that links a paper previews it)."""
    return any(ancestor is article for ancestor in el.iterancestors())


def _article(root: Any) -> Any:
    """The element holding the post's content: the first container of sites.HTML_ARTICLE_XPATHS
    that holds enough of the page's text, else the whole page.

    Several matches of one kind where none dominates ("<article>" per paper card on a
    listing page) are a list of entries, not the article: that kind is passed over.
    """
    total = len(root.text_content() or "")
    if not total:
        return root
    for xpath in HTML_ARTICLE_XPATHS:
        sized = [(len(candidate.text_content() or ""), candidate) for candidate in root.xpath(xpath)]
        if not sized:
            continue
        size, biggest = max(sized, key=lambda pair: pair[0])
        if len(sized) > 1 and size < _DOMINANT_SHARE * sum(s for s, _ in sized):
            continue
        if size >= _ARTICLE_SHARE * total:
            return biggest
    return root


_PUBLISHED = (
    "//meta[@property='article:published_time' or @property='og:published_time'"
    " or @itemprop='datePublished' or @name='date' or @name='pubdate' or @name='publishdate']/@content"
    " | //*[@itemprop='datePublished']/@datetime | //time[@pubdate]/@datetime"
)
"""Where pages state their publication date: Open Graph, schema.org, Dublin-Core-like names."""


def _meta(root: Any) -> tuple[str | None, str | None, str | None]:
    """The page's title, canonical address and publication date, from its head."""
    titles = root.xpath("//title/text()")
    title = squash(titles[0]) if titles else None
    sources = root.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content")
    source = sources[0].strip() if sources else None
    # A page without publication metadata may still date itself in its first <time datetime>
    # ("<time datetime="2024-06-27">Jun 27</time>" above a day's list).
    published = root.xpath(_PUBLISHED) or root.xpath("(//time/@datetime)[1]")
    return title or None, source or None, (published[0].strip() or None) if published else None


def _resolve_links(root: Any, source: str | None) -> None:
    """Make relative links absolute when the page says where it lives (``<base>``, canonical, og:url).

    A saved page keeps links such as ``/papers/2501.08313``, which name a paper only with their host.
    """
    bases = root.xpath("//base/@href")
    base = (bases[0].strip() if bases else "") or source or ""
    if base.startswith(("http://", "https://")):
        with contextlib.suppress(ValueError):
            root.make_links_absolute(base, resolve_base_href=True, handle_failures="discard")


_PARSER = lxml.html.HTMLParser()
# lxml.html's own parser picks each element's class in Python, each time an element gets a
# Python proxy (several times per element here); the reader needs no tag's own class (forms,
# inputs, labels), only HtmlElement's methods, which a lookup in C gives.
_PARSER.set_element_class_lookup(
    lxml.etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


def parse_html(text: str) -> Any | None:
    """The lxml tree of an HTML text, or None when there is nothing to parse."""
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return None


def read_html(text: str) -> Document:
    """Read an HTML page (or fragment) into a Document."""
    root = parse_html(text)
    if root is None:
        return Document((), "html")
    title, source, published = _meta(root)
    _resolve_links(root, source)
    for el in root.xpath("//script | //style | //noscript | //template"):
        el.drop_tree()
    # Comments keep their tail text when stripped; iterwalk would skip it.
    lxml.etree.strip_tags(root, lxml.etree.Comment, lxml.etree.ProcessingInstruction)
    article = _article(root)
    _prune(root, article)
    tree = BlockBuilder()
    lines = tuple(walk(article, tree))
    return Document(lines, "html", title, source, published, blocks=tree.finish())


@lru_cache(maxsize=4096)
def _sig(tag: str, classes: str | None) -> str:
    """An element's repetition signature: ``tag.classA.classB``, classes sorted, digit runs ``#``."""
    if not classes or not classes.strip():
        return tag
    return ".".join([tag, *sorted(set(_DIGIT_RUNS.sub("#", classes).split()))])


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9.:-]*)[^<>]*>|<!--")


@dataclass(frozen=True, slots=True)
class Unbalanced:
    """The block tags of an HTML fragment that close what it did not open, or stay open."""

    leading: tuple[str, ...]
    """Closing tags before any text or block of the fragment's own."""
    late: tuple[str, ...]
    """Closing tags of blocks the fragment did not open, after some text or block of its own."""
    unclosed: tuple[str, ...]
    """Tags of ``HOLDABLE`` blocks still open at its end, outermost first."""


def unbalanced(content: str) -> Unbalanced:
    """Scan an HTML fragment's tags (a raw HTML block of Markdown), in one linear pass."""
    leading: list[str] = []
    late: list[str] = []
    stack: list[str] = []
    counts: dict[str, int] = {}
    started = False
    pos = 0
    while (match := _TAG.search(content, pos)) is not None:
        if not started and content[pos : match.start()].strip():
            started = True
        if match.group(0) == "<!--":
            end = content.find("-->", match.end())
            pos = len(content) if end < 0 else end + 3
            continue
        pos = match.end()
        name = match.group(2).lower()
        if name not in _BLOCKS or name == "hr":
            continue
        if not match.group(1):
            if not match.group(0).endswith("/>"):
                stack.append(name)
                counts[name] = counts.get(name, 0) + 1
                started = True
        elif counts.get(name):
            while True:
                top = stack.pop()
                counts[top] -= 1
                if top == name:
                    break
        else:
            (late if started else leading).append(name)
    return Unbalanced(tuple(leading), tuple(late), tuple(name for name in stack if name in HOLDABLE))


def open_at_end(root: Any, tags: Sequence[str]) -> list[Any]:
    """The elements of a parsed fragment that ``tags`` (``Unbalanced.unclosed``) name: the
    chain of its last elements from the top, as far as it matches."""
    found: list[Any] = []
    el = root
    while len(found) < len(tags):
        child = el[-1] if len(el) else None
        while child is not None and not isinstance(child.tag, str):
            child = child.getprevious()
        if child is None:
            break
        if child.tag in ("html", "body", "thead", "tbody", "tfoot"):
            el = child
            continue
        if child.tag != tags[len(found)]:
            break
        found.append(child)
        el = child
    return found


def walk(root: Any, tree: BlockBuilder | None = None, *, lineno_base: int = 0, keep: Sequence[Any] = ()) -> list[Line]:
    """The lines of an element's content.

    Their blocks are opened in ``tree`` inside its innermost open block, at source lines
    ``lineno_base`` further down; those of the elements in ``keep`` are left open.
    """
    walker = _Walker(tree or BlockBuilder(), lineno_base, keep)
    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = el.tag  # a new string at each read: read once
        if not isinstance(tag, str):
            if event == "end" and el.tail:
                walker.add_text(el.tail, el.sourceline or 0)
        elif event == "start":
            walker.start(el, tag)
        else:
            walker.end(el, tag)
    walker.flush()
    return walker.lines
