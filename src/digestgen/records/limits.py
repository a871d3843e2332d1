"""How large a digest file may be, and how far its aliases may repeat it.

Every limit is far above what a real digest needs (a daily post of 200 papers with their
abstracts is about 300 KB) and far below what would take a build minutes or a site
gigabytes. Each is an error at the line it concerns; the README lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

MAX_FILE_BYTES = 8_000_000
"""One digest file, in bytes: split a larger archive into several files."""
MAX_PAPERS = 5_000
"""Papers in one digest file."""
MAX_TITLE_CHARACTERS = 2_000
"""A title (``title``, ``title_zh``, a digest's ``title``), in characters."""
MAX_TEXT_CHARACTERS = 200_000
"""Any other text (an abstract, a note), in characters."""
MAX_LIST_ITEMS = 10_000
"""Items of one list (``authors``, ``links``, ...): large collaborations list thousands."""
MAX_EXPANDED_CHARACTERS = MAX_FILE_BYTES
"""The text of a file with every alias (``*name``) replaced by what its anchor names: aliases
may save typing, not make a document larger than a file may be."""

TITLE_KEYS = frozenset({"title", "title_zh"})


@dataclass(frozen=True, slots=True)
class Expansion:
    """How much text a document holds once its aliases are expanded."""

    characters: int
    """Characters of every scalar, each counted as often as it is reached."""
    shared: yaml.Node | None
    """The first node reached more than once (an anchor's), or None without aliases."""
    cycle: yaml.Node | None
    """A node that contains itself through an alias, if any."""


def may_have_aliases(data: bytes) -> bool:
    """Whether a document's bytes could hold an anchor and an alias (most files cannot: no walk)."""
    return b"&" in data and b"*" in data


def expansion(root: yaml.Node) -> Expansion:
    """Walk the node tree (a graph, when aliases share nodes) once, without recursion.

    Each node's expanded size is kept by identity, so a billion laughs is measured in
    linear time, not expanded.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    references: set[int] = set()
    shared: yaml.Node | None = None
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            sizes[key] = sum(sizes.get(id(child), 0) for child in _children(node))
            open_nodes.discard(key)
            continue
        if key in references and shared is None:
            shared = node
        references.add(key)
        if key in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = len(node.value)
            continue
        if key in open_nodes:
            return Expansion(0, shared, node)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    return Expansion(sizes[id(root)], shared, None)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
