"""The block tree under a Document's lines: what each reader makes of lists, tables, cards, details."""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digestgen.extract import markdown, read_document
from digestgen.extract.document import Block, BlockBuilder, Document
from digestgen.extract.html import read_html
from digestgen.extract.markdown import read_markdown
from digestgen.extract.plaintext import read_text


def check_tree(doc: Document) -> None:
    """The invariants every reader's tree keeps (iteratively: trees may be deep)."""
    blocks, count = doc.blocks, len(doc.lines)
    if not count:
        assert blocks == ()
        return
    root = blocks[0]
    assert (root.kind, root.parent, root.start, root.end) == ("root", -1, 0, count)
    for index, block in enumerate(blocks[1:], 1):
        assert block.start < block.end, block
        assert 0 <= block.parent < index, block
        parent = blocks[block.parent]
        assert parent.start <= block.start and block.end <= parent.end, (block, parent)
        previous = blocks[index - 1]  # pre-order: the previous block is the parent or ends before
        assert index - 1 == block.parent or previous.start < block.start, (previous, block)
    inner = [0] * count  # the innermost block over each line, from the tree alone
    for index, block in enumerate(blocks):
        for position in range(block.start, block.end):
            inner[position] = index
    assert [line.block for line in doc.lines] == inner


def shape(doc: Document) -> list[tuple[int, str, str, int, int]]:
    """(depth, kind, sig, start, end) of every block but the root, in order."""
    check_tree(doc)
    depth = [0] * len(doc.blocks)
    rows = []
    for index, block in enumerate(doc.blocks[1:], 1):
        depth[index] = depth[block.parent] + 1
        rows.append((depth[index], block.kind, block.sig, block.start, block.end))
    return rows


def children(doc: Document, parent: int) -> list[Block]:
    return [block for block in doc.blocks if block.parent == parent]


def index_of(doc: Document, kind: str, nth: int = 0) -> int:
    return [i for i, block in enumerate(doc.blocks) if block.kind == kind][nth]


# the builder ----------------------------------------------------------------------


def test_builder_leaves_out_blocks_without_lines_and_numbers_in_pre_order() -> None:
    tree = BlockBuilder()
    outer = tree.open("list", "ul", 3)
    tree.open("item", "li", 3)  # empty: left out
    tree.close_to(outer + 1)
    wrapper = tree.open("item", "li", 4)
    inner = tree.open("paragraph", "p", 5)
    assert tree.line() == 3  # the root, the list, the item and the paragraph are numbered with it
    tree.close_to(inner)
    assert tree.line() == 2
    tree.close_to(wrapper)
    tree.close_to(outer)
    assert tree.line() == 0
    assert tree.finish() == (
        Block("root", "root", -1, 0, 3, 1),
        Block("list", "ul", 0, 0, 2, 3),
        Block("item", "li", 1, 0, 2, 4),
        Block("paragraph", "p", 2, 0, 1, 5),
    )


def test_builder_takes_any_depth() -> None:
    tree = BlockBuilder()
    for _ in range(100_000):
        tree.open("container", "div", 1)
    assert tree.line() == 100_000
    tree.close_to(1)
    assert tree.line() == 0
    blocks = tree.finish()
    assert len(blocks) == 100_001 and blocks[-1].parent == 99_999 and blocks[-1].end == 1


def test_builder_without_lines_has_no_tree() -> None:
    tree = BlockBuilder()
    tree.open("paragraph", "p", 1)
    assert tree.finish() == ()


def test_close_tag_closes_only_html_blocks_on_top() -> None:
    tree = BlockBuilder()
    details = tree.open("details", "details", 1, tag="details")
    item = tree.open("item", "item", 2)
    assert not tree.close_tag("details")  # a Markdown block lies above it
    tree.close_to(item)
    assert tree.close_tag("details")
    assert tree.depth == details


# plain text ------------------------------------------------------------------------


def test_plain_text_paragraphs_headings_and_tables() -> None:
    doc = read_text("Title\n\npara one\nline two\n## Head\nafter\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\ntail\n")
    assert shape(doc) == [
        (1, "paragraph", "paragraph", 0, 1),
        (1, "paragraph", "paragraph", 1, 3),
        (1, "heading", "heading2", 3, 4),
        (1, "paragraph", "paragraph", 4, 5),
        (1, "table", "table", 5, 7),  # the header row is not a line of its own
        (2, "row", "row", 5, 6),
        (2, "row", "row", 6, 7),
        (1, "paragraph", "paragraph", 7, 8),
    ]
    assert doc.blocks[3].level == 2
    assert [b.lineno for b in doc.blocks] == [1, 1, 3, 5, 6, 7, 9, 10, 11]


def test_plain_text_rows_without_header() -> None:
    doc = read_text("| a | b |\n| c | d |\n\n| e | f |\n")
    assert shape(doc) == [
        (1, "table", "table", 0, 2),
        (2, "row", "row", 0, 1),
        (2, "row", "row", 1, 2),
        (1, "table", "table", 2, 3),
        (2, "row", "row", 2, 3),
    ]


# HTML ------------------------------------------------------------------------------


CARD = '<div class="{cls}"><h3>Paper {n}</h3><p class="authors">A. Author</p><p>Abstract {n}.</p></div>'


def test_html_cards_of_one_tag_and_class_are_siblings_of_one_sig() -> None:
    cards = "".join(CARD.format(cls=cls, n=n) for n, cls in enumerate(["paper card", "card paper", "card  paper"]))
    doc = read_html(f"<html><body><h1>Daily</h1><section class='list'>{cards}</section></body></html>")
    section = index_of(doc, "container")
    assert doc.blocks[section].sig == "section.list"
    kids = children(doc, section)
    assert [(b.kind, b.sig) for b in kids] == [("container", "div.card.paper")] * 3
    assert [(b.start, b.end) for b in kids] == [(1, 4), (4, 7), (7, 10)]
    first = doc.blocks.index(kids[0])
    assert [(b.kind, b.sig, b.level) for b in children(doc, first)] == [
        ("heading", "h3", 3),
        ("paragraph", "p.authors", 0),
        ("paragraph", "p", 0),
    ]


def test_html_sig_sorts_classes_and_blurs_digits() -> None:
    doc = read_html("<div class='item-12 col-3 x'><p>a</p></div><div class='x col-10 item-7'><p>b</p></div>")
    assert {b.sig for b in doc.blocks if b.kind == "container"} == {"div.col-#.item-#.x"}


def test_html_table_rows_are_children_of_the_table() -> None:
    doc = read_html(
        "<table><thead><tr><th>Title</th><th>Code</th></tr></thead>"
        "<tbody><tr><td>A</td><td>x</td></tr><tr><td>B</td><td><div>y</div></td></tr></tbody></table>"
    )
    assert shape(doc) == [
        (1, "table", "table", 0, 3),
        (2, "row", "tr", 0, 1),
        (2, "row", "tr", 1, 2),
        (2, "row", "tr", 2, 3),  # no block inside a cell
    ]


def test_html_lists_quotes_details_code_headings() -> None:
    doc = read_html(
        "<h2 class='date'>2024-03-04</h2><ol><li>one</li><li>two<ul><li>sub</li></ul></li></ol>"
        "<blockquote><p>quoted</p></blockquote>"
        "<details><summary>More</summary><p>hidden</p></details><pre>a\nb</pre>"
    )
    assert shape(doc) == [
        (1, "heading", "h2.date", 0, 1),
        (1, "list", "ol", 1, 4),
        (2, "item", "li", 1, 2),
        (2, "item", "li", 2, 4),
        (3, "list", "ul", 3, 4),
        (4, "item", "li", 3, 4),
        (1, "quote", "blockquote", 4, 5),
        (2, "paragraph", "p", 4, 5),
        (1, "details", "details", 5, 7),
        (2, "summary", "summary", 5, 6),
        (2, "paragraph", "p", 6, 7),
        (1, "code", "pre", 7, 9),
    ]
    assert doc.blocks[1].level == 2


def test_html_other_tags_holding_blocks_are_containers() -> None:
    card = "<motion.div class='bento-item'><h2>T{n}</h2><p>abstract</p></motion.div>"
    linked = "<a class='card' href='https://arxiv.org/abs/2401.0000{n}'><div>T{n}</div><p>x</p></a>"
    doc = read_html("<div class='grid'>" + "".join(card.format(n=n) for n in range(2)) + "</div>" + linked.format(n=1))
    assert [(d, kind, sig) for d, kind, sig, _, _ in shape(doc) if kind == "container"] == [
        (1, "container", "div.grid"),
        (2, "container", "motion.div.bento-item"),
        (2, "container", "motion.div.bento-item"),
        (1, "container", "a.card"),
        (2, "container", "div"),
    ]


def test_html_inline_elements_are_not_blocks() -> None:
    doc = read_html("<p>A <a href='x'>link</a> and <span class='s'>span</span>.</p>")
    assert shape(doc) == [(1, "paragraph", "p", 0, 1)]


def test_html_blocks_keep_source_lines() -> None:
    doc = read_html("<html><body>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</body></html>")
    assert [(b.kind, b.lineno) for b in doc.blocks] == [("root", 1), ("list", 2), ("item", 3), ("item", 4)]


def test_deeply_nested_html_is_read_without_recursion() -> None:
    depth = 200  # libxml2 reads no deeper than 255 elements
    doc = read_html("<div>" * depth + "<p>deep</p>" + "</div>" * depth + "<p>after</p>")
    check_tree(doc)
    assert [line.text for line in doc.lines] == ["deep", "after"]
    assert len(doc.blocks) == depth + 3
    assert doc.blocks[-1].kind == "paragraph" and doc.blocks[-1].parent == 0


# Markdown --------------------------------------------------------------------------


def test_markdown_list_of_three_items_is_one_list() -> None:
    doc = read_markdown("# Daily\n\n- a\n- b\n- c\n\nafter\n")
    assert shape(doc) == [
        (1, "heading", "heading1", 0, 1),
        (1, "list", "list", 1, 4),
        (2, "item", "item", 1, 2),
        (3, "paragraph", "paragraph", 1, 2),  # a tight list's too: the same list read in chunks is loose
        (2, "item", "item", 2, 3),
        (3, "paragraph", "paragraph", 2, 3),
        (2, "item", "item", 3, 4),
        (3, "paragraph", "paragraph", 3, 4),
        (1, "paragraph", "paragraph", 4, 5),
    ]
    assert [b.lineno for b in doc.blocks] == [1, 1, 3, 3, 3, 4, 4, 5, 5, 7]
    assert [b.sig for b in children(doc, 2)] == ["item"] * 3


def test_markdown_loose_ordered_list_and_nesting() -> None:
    doc = read_markdown("1. First\n   Authors: A\n\n2. Second\n   - sub\n   - sub\n")
    assert shape(doc) == [
        (1, "list", "list-ordered", 0, 5),
        (2, "item", "item", 0, 2),
        (3, "paragraph", "paragraph", 0, 2),
        (2, "item", "item", 2, 5),
        (3, "paragraph", "paragraph", 2, 3),
        (3, "list", "list", 3, 5),
        (4, "item", "item", 3, 4),
        (5, "paragraph", "paragraph", 3, 4),
        (4, "item", "item", 4, 5),
        (5, "paragraph", "paragraph", 4, 5),
    ]


def test_markdown_table_quote_code() -> None:
    doc = read_markdown("| Title | Code |\n|---|---|\n| A | x |\n| B | y |\n\n> quoted\n\n```\ncode line\n```\n")
    assert shape(doc) == [
        (1, "table", "table", 0, 3),
        (2, "row", "row", 0, 1),  # the header row is a line here
        (2, "row", "row", 1, 2),
        (2, "row", "row", 2, 3),
        (1, "quote", "quote", 3, 4),
        (2, "paragraph", "paragraph", 3, 4),
        (1, "code", "code", 4, 5),
        (2, "paragraph", "paragraph", 4, 5),
    ]


def test_html_table_inside_markdown_is_a_table() -> None:
    doc = read_markdown(
        "Intro\n\n<table>\n<tr><th>Title</th></tr>\n<tr><td>A</td></tr>\n<tr><td>B</td></tr>\n</table>\n\n"
        "- item\n\n  <table><tr><td>C</td></tr></table>\n"
    )
    assert shape(doc) == [
        (1, "paragraph", "paragraph", 0, 1),
        (1, "table", "table", 1, 4),
        (2, "row", "tr", 1, 2),
        (2, "row", "tr", 2, 3),
        (2, "row", "tr", 3, 4),
        (1, "list", "list", 4, 6),
        (2, "item", "item", 4, 6),
        (3, "paragraph", "paragraph", 4, 5),
        (3, "table", "table", 5, 6),
        (4, "row", "tr", 5, 6),
    ]
    assert [b.lineno for b in doc.blocks if b.kind in ("table", "row")] == [3, 4, 5, 6, 11, 11]


def test_details_inside_markdown_hold_the_markdown_until_closed() -> None:
    doc = read_markdown(
        "<details>\n<summary>2024-03</summary>\n\n| Title | Code |\n|---|---|\n| A | x |\n\n- one\n- two\n"
        "</details>\n\nafter\n\n<details><summary>Inline</summary><p>whole</p></details>\n"
    )
    assert shape(doc) == [
        (1, "details", "details", 0, 5),
        (2, "summary", "summary", 0, 1),
        (2, "table", "table", 1, 3),
        (3, "row", "row", 1, 2),
        (3, "row", "row", 2, 3),
        (2, "list", "list", 3, 5),
        (3, "item", "item", 3, 4),
        (4, "paragraph", "paragraph", 3, 4),
        (3, "item", "item", 4, 5),
        (4, "paragraph", "paragraph", 4, 5),
        (1, "paragraph", "paragraph", 5, 6),
        (1, "details", "details", 6, 8),
        (2, "summary", "summary", 6, 7),
        (2, "paragraph", "p", 7, 8),
    ]


def test_div_left_open_in_markdown_holds_what_follows() -> None:
    doc = read_markdown("<div align='center'>\n\n[badge](https://x.org)\n\n</div>\n<div class='b'>\n\ntext\n\n</div>\n")
    assert shape(doc) == [
        (1, "container", "div", 0, 1),
        (2, "paragraph", "paragraph", 0, 1),
        (1, "container", "div.b", 1, 2),
        (2, "paragraph", "paragraph", 1, 2),
    ]


def test_unmatched_closing_tags_in_markdown_close_nothing_else() -> None:
    doc = read_markdown("- a\n\n</details>\n\n</div>\n\ntext\n")
    assert shape(doc) == [
        (1, "list", "list", 0, 1),
        (2, "item", "item", 0, 1),
        (3, "paragraph", "paragraph", 0, 1),
        (1, "paragraph", "paragraph", 1, 2),
    ]


def test_html_blocks_left_open_in_markdown_nest_at_any_depth() -> None:
    depth = 3_000
    doc = read_markdown("<div>\n\n" * depth + "text\n")
    check_tree(doc)
    assert len(doc.blocks) == depth + 2 and doc.blocks[-1].kind == "paragraph"


def test_markdown_blocks_after_front_matter_keep_file_lines() -> None:
    doc = read_markdown("---\ntitle: Daily\n---\n\n- a\n- b\n")
    assert [(b.kind, b.lineno) for b in doc.blocks if b.kind != "paragraph"] == [
        ("root", 1),
        ("list", 5),
        ("item", 5),
        ("item", 6),
    ]


CHUNKED = [
    "- a\n\n- b\n\n- c\n\ntail\n",
    "1. a\n\n2. b\n\n3) other list\n",
    "- a\n\n  more of a\n\n- b\n\n  - sub 1\n\n  - sub 2\n\n- c\n",
    "- a\n\n* b\n\n- c\n",
    "<details>\n<summary>s</summary>\n\n- a\n\n- b\n\n</details>\n\nafter\n",
    "- a\n\n  ```\n  code\n  ```\n\n- b\n\n---\n\n- c\n",
]


@pytest.mark.parametrize("text", CHUNKED)
def test_lists_spanning_chunks_are_one_list(text: str) -> None:
    whole = read_markdown(text)
    with mock.patch.object(markdown, "CHUNK_SIZE", 1):  # every block between blank lines a chunk
        chunked = read_markdown(text)
    assert [line.text for line in chunked.lines] == [line.text for line in whole.lines]
    assert shape(chunked) == shape(whole)


def test_list_spanning_chunks_shape() -> None:
    with mock.patch.object(markdown, "CHUNK_SIZE", 1):
        doc = read_markdown("- a\n\n- b\n\n- c\n\ntail\n")
    assert shape(doc) == [
        (1, "list", "list", 0, 3),
        (2, "item", "item", 0, 1),
        (3, "paragraph", "paragraph", 0, 1),
        (2, "item", "item", 1, 2),
        (3, "paragraph", "paragraph", 1, 2),
        (2, "item", "item", 2, 3),
        (3, "paragraph", "paragraph", 2, 3),
        (1, "paragraph", "paragraph", 3, 4),
    ]


def test_markdown_block_too_big_is_read_as_text_blocks() -> None:
    with mock.patch.object(markdown, "BLOCK_LIMIT", 20):
        doc = read_markdown("- a\n\n- b\n\n" + "word " * 10 + "\nmore\n| x | y |\n")
    assert shape(doc) == [
        (1, "list", "list", 0, 2),
        (2, "item", "item", 0, 1),
        (3, "paragraph", "paragraph", 0, 1),
        (2, "item", "item", 1, 2),
        (3, "paragraph", "paragraph", 1, 2),
        (1, "paragraph", "paragraph", 2, 4),
        (1, "table", "table", 4, 5),
        (2, "row", "row", 4, 5),
    ]


# every reader, random input --------------------------------------------------------

PIECES = st.sampled_from(
    [
        "1. ",
        "2) ",
        "- ",
        "* ",
        "  - ",
        "    ",
        "\t",
        "> ",
        "# ",
        "### [3] ",
        "```\n",
        "---\n",
        "| Title | Authors |\n|---|---|\n| ",
        " | ",
        "<details>",
        "</details>",
        "<summary>s</summary>",
        "<div class='paper card-1'>",
        "</div>",
        "<table>",
        "<tr><td>x</td>",
        "</tr>",
        "</table>",
        "<ul><li>",
        "</li>",
        "</ul>",
        "<p>",
        "</p>",
        "<pre>",
        "</pre>",
        "<br>",
        "<motion.div>",
        "</motion.div>",
        "<h2>",
        "</h2>",
        "<td>",
        "<!-- c -->",
        "<!--",
        "<a href='https://arxiv.org/abs/2401.00001'>",
        "</a>",
        "Authors: ",
        "https://arxiv.org/abs/2306.01667v2",
        "标题：",
        "\n",
        "\n\n",
        "(",
        "]",
    ]
)
POSTS = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=POSTS, suffix=st.sampled_from([".md", ".html", ".txt"]), chunk=st.sampled_from([64_000, 40, 1]))
def test_every_tree_is_well_formed(text: str, suffix: str, chunk: int) -> None:
    with mock.patch.object(markdown, "CHUNK_SIZE", chunk):
        doc = read_document(text, "post" + suffix)
    check_tree(doc)


def test_html_chrome_inside_the_article_is_always_dropped() -> None:
    # The article's ancestors are spared by identity; lxml frees an element's Python proxy
    # when unused, so spared ids could once name other elements, and chrome survived at random.
    body = "".join(f"<p>Paper {i}</p><header>Chrome {i}</header><aside>Chrome {i}</aside>" for i in range(200))
    page = "<html><body>" + "<div>" * 30 + f"<article>{body}</article>" + "</div>" * 30 + "</body></html>"
    for _ in range(3):
        texts = [line.text for line in read_html(page).lines]
        assert texts == [f"Paper {i}" for i in range(200)]
