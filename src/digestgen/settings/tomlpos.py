"""Where each key of a TOML file is written: ``tomllib`` gives values but no line numbers.

A small line scanner that knows table headers (``[tool.digestgen]``), dotted and quoted
keys and multi-line strings, which is all a settings file needs. Keys inside inline tables
(``subjects = { ... }``) take the position of the line they are on, which is still the
line an editor has to look at.
"""

from __future__ import annotations

import re

KeyPath = tuple[str, ...]
Position = tuple[int, int]
"""1-based line and column."""

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SPACE = re.compile(r"[ \t]*")
_TRIPLE = re.compile(r'"""|\'\'\'')


def key_positions(text: str) -> dict[KeyPath, Position]:
    """The position of every table header and ``key =`` line, by full key path."""
    positions: dict[KeyPath, Position] = {}
    table: KeyPath = ()
    in_string: str | None = None
    # Split at newlines only, as TOML and editors count lines: ``splitlines`` would also end a
    # line at U+2028, U+0085 or a form feed, and shift every later one.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if in_string is not None:
            in_string = _string_state(line, in_string)
            continue
        stripped = line.lstrip(" \t")
        col = len(line) - len(stripped) + 1
        if stripped.startswith("["):
            parsed = _header(stripped)
            if parsed is not None:
                table = parsed
                for depth in range(1, len(table) + 1):
                    positions.setdefault(table[:depth], (number, col))
            continue
        parsed_key = _key(stripped)
        if parsed_key is None:
            continue
        keys, rest = parsed_key
        for depth in range(1, len(keys) + 1):
            positions.setdefault(table + keys[:depth], (number, col))
        _inline_keys(rest, table + keys, (number, col), positions)
        in_string = _string_state(rest, None)
    return positions


def _string_state(text: str, open_quote: str | None) -> str | None:
    """Which multi-line string is open after ``text``, given the one open before it."""
    for match in _TRIPLE.finditer(text):
        quote = match.group()
        if open_quote is None:
            open_quote = quote
        elif quote == open_quote:
            open_quote = None
    return open_quote


def _header(text: str) -> KeyPath | None:
    """``[a.b]`` -> ("a", "b"); array-of-tables headers ``[[x]]`` count as their table."""
    inner = text[2:] if text.startswith("[[") else text[1:]
    parsed = _dotted(inner)
    if parsed is None:
        return None
    keys, rest = parsed
    return keys if rest.lstrip().startswith("]") else None


def _key(text: str) -> tuple[KeyPath, str] | None:
    """``a.b = value`` -> (("a", "b"), "value"), or None for lines that hold no key."""
    parsed = _dotted(text)
    if parsed is None:
        return None
    keys, rest = parsed
    if not rest.startswith("="):
        return None
    return keys, rest[1:]


def _dotted(text: str) -> tuple[KeyPath, str] | None:
    """A dotted key at the start of ``text`` and the text after it (leading blanks skipped)."""
    keys: list[str] = []
    rest = text
    while True:
        rest = rest[_SPACE.match(rest).end() :]  # type: ignore[union-attr]  # always matches
        part = _simple_key(rest)
        if part is None:
            return None
        keys.append(part[0])
        rest = part[1][_SPACE.match(part[1]).end() :]  # type: ignore[union-attr]
        if not rest.startswith("."):
            return tuple(keys), rest
        rest = rest[1:]


def _simple_key(text: str) -> tuple[str, str] | None:
    if text[:1] in ('"', "'"):
        quote = text[0]
        end = text.find(quote, 1)
        while quote == '"' and end > 0 and text[end - 1] == "\\":
            end = text.find(quote, end + 1)
        return (text[1:end], text[end + 1 :]) if end > 0 else None
    match = _BARE.match(text)
    return (match.group(), text[match.end() :]) if match else None


def _inline_keys(value: str, prefix: KeyPath, where: Position, positions: dict[KeyPath, Position]) -> None:
    """Keys of a one-line inline table ``{ a = 1, b = 2 }`` take the position of its key."""
    value = value.strip()
    if not value.startswith("{"):
        return
    for piece in value.strip("{} ").split(","):
        parsed = _key(piece.strip())
        if parsed is not None:
            positions.setdefault(prefix + parsed[0], where)
