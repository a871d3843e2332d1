"""Turning one YAML value node into one record field, or a problem at its position.

Each converter takes the node and a ``report`` callback; it returns the field's value,
or None after reporting what is wrong. The record layer above decides which converter
each key uses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import yaml

from digestgen.arxiv import normalize_arxiv
from digestgen.records.limits import MAX_LIST_ITEMS, MAX_TEXT_CHARACTERS, MAX_TITLE_CHARACTERS, TITLE_KEYS
from digestgen.records.yamlnodes import TAG_BOOL, TAG_FLOAT, TAG_INT, TAG_NULL, TAG_STR, TAG_TIMESTAMP
from digestgen.subjects import normalize_subject

Report = Callable[[yaml.Node, str], None]
"""Reports a problem at a node."""

_YAML_TYPE_NAMES = {
    TAG_BOOL: "a boolean",
    TAG_INT: "a number",
    TAG_FLOAT: "a number",
    TAG_TIMESTAMP: "a date",
}
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def is_null(node: yaml.Node) -> bool:
    """``key:`` with nothing after it, or ``~`` / ``null``."""
    return isinstance(node, yaml.ScalarNode) and node.tag == TAG_NULL


def text(node: yaml.Node, key: str, report: Report) -> str | None:
    """A text field. YAML 1.1 reads ``No``, ``2024`` and ``1.10`` as other types: say so."""
    if not isinstance(node, yaml.ScalarNode):
        report(node, f"{key}: expected text, found {_kind(node)}")
        return None
    if node.tag in _YAML_TYPE_NAMES:
        report(
            node,
            f"{key}: YAML reads `{node.value}` as {_YAML_TYPE_NAMES[node.tag]}, not text; "
            f'quote it: {key}: "{node.value}"',
        )
        return None
    if node.tag != TAG_STR:
        report(node, f"{key}: expected text, found a value tagged {node.tag}")
        return None
    limit = MAX_TITLE_CHARACTERS if key in TITLE_KEYS else MAX_TEXT_CHARACTERS
    if len(node.value) > limit:
        report(node, f"{key}: {len(node.value):,} characters; at most {limit:,}")
        return None
    return str(node.value)  # "" is an empty field, left out by the record layer


def _too_long(node: yaml.SequenceNode, key: str, report: Report) -> bool:
    """Whether the list has more items than ``MAX_LIST_ITEMS`` (reported)."""
    if len(node.value) <= MAX_LIST_ITEMS:
        return False
    report(node, f"{key}: {len(node.value):,} items; at most {MAX_LIST_ITEMS:,}")
    return True


def text_list(node: yaml.Node, key: str, report: Report) -> tuple[str, ...] | None:
    """A list of text. A single scalar is a mistake worth naming, not a one-item list."""
    if not isinstance(node, yaml.SequenceNode):
        hint = f"; write {key}: [{node.value}]" if isinstance(node, yaml.ScalarNode) else ""
        report(node, f"{key}: expected a list, found {_kind(node)}{hint}")
        return None
    if _too_long(node, key, report):
        return None
    items = [text(item, key, report) for item in node.value if not is_null(item)]
    if any(item is None for item in items):
        return None
    return tuple(item for item in items if item)


def url(node: yaml.Node, key: str, report: Report) -> str | None:
    """An http(s) URL; any other scheme (``javascript:`` above all) is refused."""
    value = text(node, key, report)
    if not value:
        return value
    if not is_web_url(value):
        report(node, f"{key}: `{_clip(value)}` is not an http or https URL")
        return None
    return value


def url_list(node: yaml.Node, key: str, report: Report) -> tuple[str, ...] | None:
    """A list of http(s) URLs."""
    if not isinstance(node, yaml.SequenceNode):
        return text_list(node, key, report)  # reports the wrong type
    if _too_long(node, key, report):
        return None
    urls = [url(item, key, report) for item in node.value if not is_null(item)]
    return None if any(u is None for u in urls) else tuple(u for u in urls if u)


def arxiv(node: yaml.Node, key: str, report: Report) -> str | None:
    """An arXiv id, normalised. Unquoted ``2208.07010`` is taken exactly as written."""
    if not isinstance(node, yaml.ScalarNode) or node.tag not in (TAG_STR, TAG_FLOAT, TAG_INT):
        return text(node, key, report)  # reports the wrong type
    if not node.value:
        return ""
    normalized = normalize_arxiv(node.value)
    if normalized is None:
        report(node, f"{key}: `{_clip(node.value)}` is not an arXiv id (like 2306.01667 or hep-th/9901001)")
    return normalized


def subjects(node: yaml.Node, key: str, report: Report) -> tuple[str, ...] | None:
    """arXiv subject codes; short forms (``LG``, ``[CV]``) become full codes (``cs.LG``)."""
    if not isinstance(node, yaml.SequenceNode):
        return text_list(node, key, report)  # reports the wrong type
    if _too_long(node, key, report):
        return None
    codes: list[str] = []
    for item in node.value:
        raw = text(item, key, report)
        if raw is None:
            return None
        code = normalize_subject(raw)
        if code is None:
            report(item, f"{key}: `{_clip(raw)}` is not an arXiv subject (like cs.CV or LG)")
            return None
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def date(node: yaml.Node, key: str, report: Report) -> dt.date | None:
    """A calendar date written YYYY-MM-DD; impossible dates (2024-02-30) are reported here."""
    if not isinstance(node, yaml.ScalarNode) or node.tag not in (TAG_TIMESTAMP, TAG_STR):
        report(node, f"{key}: expected a date like 2024-03-14, found {_kind(node)}")
        return None
    match = _DATE.match(node.value.strip())
    if not match:
        report(node, f"{key}: `{_clip(node.value)}` is not a date like 2024-03-14")
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError as err:
        report(node, f"{key}: {node.value} is not a real date ({err})")
        return None


def is_web_url(value: str) -> bool:
    """Whether ``value`` is an absolute http or https URL with a host and no spaces or control characters."""
    if any(ch.isspace() or ch <= "\x1f" or "\x7f" <= ch <= "\x9f" for ch in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == TAG_NULL:
        return "nothing"
    return _YAML_TYPE_NAMES.get(node.tag, "text")


def _clip(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
