"""Digest records out as deterministic, readable YAML that editors fix by hand.

Block style, real Unicode, keys in schema order, arXiv ids quoted (so ``2208.07010``
can never turn into a float), multi-line text as literal blocks and long text as folded
blocks. Empty fields are left out. What this writes, the loader reads back to equal records.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from digestgen.records.model import DIGEST_FIELDS, PAPER_FIELDS, Digest, Paper

LINE_WIDTH = 100
"""Where the emitter folds long text."""
_FLOW_LIST_FIELDS = frozenset({"authors", "affiliations", "subjects", "tags"})
_FLOW_ITEM_MAX = 60


class _QuotedStr(str):
    """Text always written in double quotes (arXiv ids)."""


class _FlowList(list[Any]):
    """A short list written on one line: ``[cs.CV, cs.LG]``."""


class _Dumper(yaml.SafeDumper):
    """The pure-Python dumper: its bytes are the same on every machine, libyaml or not."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # PyYAML writes "papers:\n- title: x"; editors expect list items indented under their key.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style: str | None = None
    if "\n" in value:
        style = "|"
    elif len(value) > LINE_WIDTH - 20 and " " in value.strip():
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_quoted(dumper: yaml.SafeDumper, value: _QuotedStr) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


def _represent_flow_list(dumper: yaml.SafeDumper, value: _FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_QuotedStr, _represent_quoted)
_Dumper.add_representer(_FlowList, _represent_flow_list)


def _list_value(name: str, items: tuple[str, ...]) -> list[str]:
    short = all(len(item) <= _FLOW_ITEM_MAX and "\n" not in item for item in items)
    return _FlowList(items) if name in _FLOW_LIST_FIELDS and short else list(items)


def _field_value(name: str, value: Any) -> Any:
    if name == "arxiv" and value is not None:
        return _QuotedStr(value)
    if isinstance(value, tuple):
        return _list_value(name, value)
    return value


def paper_mapping(paper: Paper) -> dict[str, Any]:
    """A paper as a plain mapping in schema order, empty fields left out."""
    mapping: dict[str, Any] = {}
    for name in PAPER_FIELDS:
        value = getattr(paper, name)
        if value:
            mapping[name] = _field_value(name, value)
    return mapping


def digest_mapping(digest: Digest) -> dict[str, Any]:
    """A digest as a plain mapping in schema order; ``date`` is always present."""
    mapping: dict[str, Any] = {}
    for name in DIGEST_FIELDS:
        value = getattr(digest, name)
        if name == "papers":
            mapping[name] = [paper_mapping(p) for p in value]
        elif name == "date" or value:
            mapping[name] = _field_value(name, value)
    return mapping


def dump_digest(digest: Digest, *, header: str = "", date_comment: str = "") -> str:
    """The YAML text of a digest file.

    ``header`` lines are written first as comments; ``date_comment`` is written at the end
    of the ``date:`` line (used to mark a date that the editor chose, not the post).
    """
    body = yaml.dump(
        digest_mapping(digest),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=LINE_WIDTH,
        indent=2,
    )
    if date_comment:
        body = _comment_date_line(body, date_comment)
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return comments + body


def _comment_date_line(body: str, comment: str) -> str:
    first, _, rest = body.partition("\n")
    if not first.startswith("date:"):  # the writer always puts date first
        raise AssertionError("date is not the first key")
    return f"{first}  # {comment}\n{rest}"


def format_date(value: dt.date) -> str:
    """The date as the files write it."""
    return value.isoformat()
