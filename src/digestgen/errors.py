"""Problems found in input files, reported as ``path:line:col: severity: message``.

The bottom layer: every other module may import this one, it imports none of them.
Lines and columns are 1-based, as editors count them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with one input file, at a position an editor can jump to."""

    path: str
    """The file, as the user named it (relative paths stay relative)."""
    line: int
    """1-based line; 0 when the problem concerns the whole file."""
    col: int
    """1-based column; 0 when the problem concerns the whole file or line."""
    message: str
    """What is wrong and, where possible, how to fix it."""
    severity: Severity = "error"
    """Errors make a command fail; warnings are reported and the command goes on."""

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return one_line(f"{where}: {self.severity}: {self.message}")


_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Characters that would break a report's one line (a file name or a value may hold them)."""


def one_line(text: str) -> str:
    """``text`` with its control characters escaped (``\\n``, ``\\x01``): one line, whatever it quotes."""
    if _LINE_BREAKING.search(text) is None:
        return text
    return _LINE_BREAKING.sub(lambda found: repr(found.group())[1:-1], text)


class DigestError(Exception):
    """Raised when input cannot be used; carries every problem found, not only the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that make a command fail."""
    return [p for p in problems if p.severity == "error"]


def line_col_of_offset(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a character (or byte) offset in ``text``."""
    newline = b"\n" if isinstance(text, bytes) else "\n"
    line = text.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    last_break = text.rfind(newline, 0, offset)  # type: ignore[arg-type]
    return line, offset - last_break
