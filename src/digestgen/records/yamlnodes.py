"""Reading YAML into positioned nodes, so that every problem can name its line and column.

PyYAML's constructors lose positions (``date: 2024-02-30`` raises a bare ValueError) and
apply YAML 1.1 typing (``title: No`` becomes False). So digestgen composes the node tree
with libyaml (the C composer, ~18x faster than pure Python) and builds values itself
from each scalar's raw text and resolved tag.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import yaml

from digestgen.errors import Problem, line_col_of_offset

TAG_STR = "tag:yaml.org,2002:str"
TAG_NULL = "tag:yaml.org,2002:null"
TAG_BOOL = "tag:yaml.org,2002:bool"
TAG_INT = "tag:yaml.org,2002:int"
TAG_FLOAT = "tag:yaml.org,2002:float"
TAG_TIMESTAMP = "tag:yaml.org,2002:timestamp"
TAG_SEQ = "tag:yaml.org,2002:seq"
TAG_MAP = "tag:yaml.org,2002:map"

# The C loader where libyaml is present; the pure one otherwise (same results, slower).
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ANY_START: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    _BaseLoader.yaml_implicit_resolvers.get(None, ())
)  # none in PyYAML 6
_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: (*found, *_ANY_START) for first, found in _BaseLoader.yaml_implicit_resolvers.items()
}
"""The safe loader's implicit types (tag, pattern) tried, in its order, by a plain scalar's first character."""


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader, resolving tags faster: the composer asks for every node's tag.

    PyYAML's resolver also looks for path resolvers (``add_path_resolver``, which digestgen
    never calls) and joins two lists for every scalar: 14% of composing a digest file.
    The tags are PyYAML's (a test compares them on every kind of scalar).
    """

    def descend_resolver(self, current_node: yaml.Node | None, current_index: object) -> None:
        pass  # only path resolvers use the path

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:  # plain: its text decides (quoted text is always a string)
                for tag, pattern in _IMPLICIT.get(value[:1], _ANY_START):
                    if pattern.match(value):
                        return tag
            return TAG_STR
        return TAG_SEQ if kind is yaml.SequenceNode else TAG_MAP


@dataclass(frozen=True, slots=True)
class Text:
    """A decoded file: its text, or the problem that kept it from being decoded."""

    text: str | None
    problem: Problem | None


def decode_utf8(path: str, data: bytes) -> Text:
    """Digest files are UTF-8 (a byte-order mark is allowed); anything else is an error."""
    try:
        return Text(data.decode("utf-8-sig"), None)
    except UnicodeDecodeError as err:
        prefix = data[: err.start].decode("utf-8-sig", errors="replace")
        line, col = line_col_of_offset(prefix, len(prefix))
        message = f"bytes that are not UTF-8 (0x{data[err.start]:02x}); save the file as UTF-8"
        return Text(None, Problem(path, line, col, message))


def position(node: yaml.Node) -> tuple[int, int]:
    """1-based line and column where a node starts, as libyaml counts them (see ``Positions``)."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


_ODD_BREAKS = ("\x85", "\u2028", "\u2029")
"""What libyaml counts as line breaks (YAML 1.1) and editors do not: scraped text carries them."""
_ODD_BREAK_BYTES = tuple(character.encode() for character in _ODD_BREAKS)


class Positions:
    """Lines and columns of one document as editors count them: a line ends at LF, CR LF or CR.

    libyaml also ends a line at U+0085, U+2028 and U+2029, which would shift every later
    line of its marks. Most files hold none of them, and their marks are used as they are;
    otherwise a mark's character index is placed among the text's own line starts.
    """

    def __init__(self, source: str | bytes) -> None:
        text: str | None
        if isinstance(source, bytes):
            # About 2 ms a MB where the file is not ASCII (10,000 papers: 50 ms of a cold parse,
            # shared by the loader's workers); files from the record cache are not parsed.
            odd = not source.isascii() and any(found in source for found in _ODD_BREAK_BYTES)
            text = source.decode("utf-8-sig", errors="replace") if odd else None
        else:
            text = source.removeprefix("\ufeff") if any(found in source for found in _ODD_BREAKS) else None
        self._starts = [0, *(found.end() for found in _EDITOR_BREAK.finditer(text))] if text is not None else None
        """Where each line begins (character offsets), when libyaml's lines are not the editor's."""

    def of(self, node: yaml.Node) -> tuple[int, int]:
        """Where ``node`` starts."""
        return self.of_mark(node.start_mark)

    def of_mark(self, mark: yaml.Mark) -> tuple[int, int]:
        if self._starts is None:
            return mark.line + 1, mark.column + 1
        line = bisect.bisect_right(self._starts, mark.index)
        return line, mark.index - self._starts[line - 1] + 1


_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")


def compose(path: str, text: str, data: bytes | None = None) -> tuple[yaml.Node | None, Problem | None]:
    """The node tree of one YAML document, or the syntax problem that stopped it.

    ``data``, the same document as UTF-8 bytes, is parsed instead of ``text`` when given
    (libyaml reads bytes a little faster); ``text`` serves to explain a problem.
    """
    try:
        return node_tree(text if data is None else data), None
    except yaml.MarkedYAMLError as err:
        return None, _syntax_problem(path, text, err)
    except yaml.reader.ReaderError as err:
        line, col = line_col_of_offset(text, err.position)
        return None, Problem(path, line, col, f"character {err.character!r} is not allowed in YAML")
    except yaml.YAMLError as err:  # "expected a single document" and the like
        return None, Problem(path, 1, 1, f"YAML error: {err}")


def node_tree(source: str | bytes) -> yaml.Node | None:
    """The node tree of one document (bytes: UTF-8); ``yaml.YAMLError`` if it is refused (``compose`` says why)."""
    node: yaml.Node | None = yaml.compose(source, Loader=_Loader)
    return node


def _syntax_problem(path: str, text: str, err: yaml.MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, col = Positions(text).of_mark(mark) if mark else (1, 1)
    tab = _tab_in_indentation(text, line)
    if tab:
        return Problem(path, *tab, "tab character in indentation; YAML indents with spaces only")
    message = " ".join(part for part in (err.context, err.problem) if part)
    return Problem(path, line, col, f"YAML syntax: {message}")


def _tab_in_indentation(text: str, line: int) -> tuple[int, int] | None:
    """Line and column of a tab in the indentation of ``line`` or the line before it."""
    lines = text.split("\n")
    for number in (line, line - 1):
        if 1 <= number <= len(lines):
            content = lines[number - 1]
            indent = content[: len(content) - len(content.lstrip(" \t"))]
            if "\t" in indent:
                return number, indent.index("\t") + 1
    return None
