"""The composer's own tag resolver gives the tags PyYAML's safe loader gives."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from digestgen.records.yamlnodes import _BaseLoader, node_tree

# Every kind of plain scalar PyYAML's safe resolver types, and near misses of each.
SCALARS = [
    "", "~", "null", "Null", "NULL", "nul", "true", "True", "TRUE", "yes", "Yes", "no", "No", "on", "Off",
    "y", "n", "0", "-0", "+12", "0o17", "017", "0x1F", "0b101", "1_000", "190:20:30", "1.5", "-.5", ".inf",
    "-.Inf", ".NaN", "1e3", "6.8523015e+5", "2208.07010", "2024-03-14", "2024-3-4", "2024-03-14T10:00:00Z",
    "2024-03-14 10:00:00.5 +08:00", "<<", "=", "+", ".", "1.2.3", "2306.01667v2", "x-y",
    "cs.CV", "标题", "No.5", "yes please", "0x", "0b", "--", "+.inf", "._",
]  # fmt: skip


def _tags(node: yaml.Node) -> list[str]:
    found = [node.tag]
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found += _tags(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found += _tags(key) + _tags(value)
    return found


def _both(document: str) -> tuple[list[str], list[str]]:
    ours = node_tree(document)
    stock = yaml.compose(document, Loader=_BaseLoader)
    assert (ours is None) == (stock is None)
    return (_tags(ours), _tags(stock)) if ours is not None and stock is not None else ([], [])


def test_every_kind_of_scalar_gets_pyyamls_tag() -> None:
    document = "".join(f"k{i}: {value}\nq{i}: '{value}'\n" for i, value in enumerate(SCALARS))
    document += "list: [" + ", ".join(value or "''" for value in SCALARS) + "]\n"
    document += "nested:\n  - a: 1\n    b: [x, {c: no}]\n  - !!str 12\n  - ! 12\n  - |\n    block\n"
    ours, stock = _both(document)
    assert ours == stock
    assert "tag:yaml.org,2002:bool" in ours and "tag:yaml.org,2002:float" in ours  # the test tells them apart


@given(st.lists(st.text(alphabet="0123456789.-+:eExXoObB_~ntyfTNYF abc", max_size=12), min_size=1, max_size=8))
def test_plain_scalars_of_number_like_text_get_pyyamls_tag(values: list[str]) -> None:
    document = "".join(f"k{i}: '{value}'\n" for i, value in enumerate(values))  # quoted: always str
    for i, value in enumerate(values):
        document += f"p{i}: {value}\n"
    try:
        stock = yaml.compose(document, Loader=_BaseLoader)
    except yaml.YAMLError:
        return  # not YAML at all (a ": " or " #" inside); the composer refuses it either way
    assert stock is not None
    ours = node_tree(document)
    assert ours is not None and _tags(ours) == _tags(stock)
