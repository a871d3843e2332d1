"""The block tree under a Document's lines: what each reader makes of lists, tables, cards, details."""

from __future__ import annotations

from digestgen.extract.document import Block, BlockBuilder, Document
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
