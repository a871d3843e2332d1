"""A BibTeX reading list, rewritten as the labelled lines the plain-text reader reads.

Reading lists are often shared as a ``.bib`` export (Zotero, Better BibTeX): one
``@type{key, field = {value}, …}`` entry per paper. Each entry becomes a paragraph of
``Label: value`` lines (title, authors, arXiv id, link, subjects, abstract, note), each
numbered with the source line its field starts on, so that the later layers read it like
any labelled digest. Values are read by counting braces (and quotes), one pass over the
text: a hostile file stays linear. TeX accents in names (``M{\\"u}ller``) become letters.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable

from digestgen.arxiv import find_arxiv_ids

_ENTRY = re.compile(r"^[ \t]*@([A-Za-z]{2,20})\s*[{(]", re.MULTILINE)
_FIELD = re.compile(r"\s*,?\s*([A-Za-z][\w-]{0,30})\s*=\s*")
_ENTRIES_MIN = 2
_SKIPPED_TYPES = frozenset({"comment", "string", "preamble"})
_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "c": "\u0327", "=": "\u0304"}
_ACCENT = re.compile(r"\{?\\([\"'`^~=c])\s*\{?([A-Za-z])\}?\}?")
_COMMAND = re.compile(r"\\(?:url|href|textit|textbf|emph|texttt)\s*\{([^{}]*)\}")
_LABELS = (
    ("title", "Title"),
    ("author", "Authors"),
    ("primaryclass", "Subjects"),
    ("url", "Link"),
    ("howpublished", "Link"),
    ("abstract", "Abstract"),
    ("note", "Note"),
)


def looks_like_bibtex(text: str) -> bool:
    """Whether plain text is a list of BibTeX entries."""
    head = text[:50000]
    return "@" in head and len(_ENTRY.findall(head)) >= _ENTRIES_MIN


def bibtex_lines(text: str) -> list[tuple[int, str]]:
    """The entries as labelled lines, each with the 1-based source line it comes from."""
    starts = [0, *(newline.end() for newline in re.finditer("\n", text))]
    out: list[tuple[int, str]] = []
    first = _ENTRY.search(text)
    for lineno, line in enumerate(text[: first.start() if first else 0].split("\n"), start=1):
        comment = line.strip().lstrip("%").strip(" =-")
        if comment:  # the file's header comment: its title and export date
            out.append((lineno, comment))
    out.append((0, ""))
    for match in _ENTRY.finditer(text):
        if match.group(1).lower() in _SKIPPED_TYPES:
            continue
        fields = _fields(text, match.end())
        out += _entry_lines(fields, lambda offset: _line_of(starts, offset))
        out.append((0, ""))
    return out


def _line_of(starts: list[int], offset: int) -> int:
    """The 1-based line of a text offset, given where each line starts."""
    return bisect_right(starts, offset)


def _fields(text: str, at: int) -> dict[str, tuple[int, str]]:
    """The entry's fields from just after its opening brace: name -> (offset, value)."""
    comma = text.find(",", at, at + 300)  # after the citation key
    if comma < 0:
        return {}
    position, fields = comma + 1, {}
    while position < len(text):
        field = _FIELD.match(text, position)
        if field is None:
            break
        value_at = field.end()
        value, position = _value(text, value_at)
        fields[field.group(1).lower()] = (value_at, value)
    return fields


def _value(text: str, at: int) -> tuple[str, int]:
    """A field's value ({…}, "…" or a bare word) and the offset after it."""
    if at >= len(text):
        return "", at
    opener = text[at]
    if opener not in '{"':
        end = at
        while end < len(text) and text[end] not in ",}\n":
            end += 1
        return text[at:end].strip(), end
    depth, end = 0, at
    while end < len(text):
        char = text[end]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and opener == "{":
                return text[at + 1 : end], end + 1
            if depth < 0:
                return text[at + 1 : end], end  # the entry's own closing brace: the value was cut off
        elif char == '"' and opener == '"' and end > at and depth == 0:
            return text[at + 1 : end], end + 1
        elif char == "@" and text[end - 1] == "\n":
            break  # the next entry: this value was never closed
        end += 1
    return text[at + 1 : end], end


def _entry_lines(fields: dict[str, tuple[int, str]], line_of: Callable[[int], int]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for name, label in _LABELS:
        if name not in fields:
            continue
        offset, raw = fields[name]
        value = _plain(raw)
        if name == "author":
            value = "; ".join(part.strip() for part in re.split(r"\s+and\s+", value) if part.strip())
        if value:
            out.append((line_of(offset), f"{label}: {value}"))
        if name == "title":
            out += _id_line(fields, line_of)
    return out


def _id_line(fields: dict[str, tuple[int, str]], line_of: Callable[[int], int]) -> list[tuple[int, str]]:
    """The arXiv id, from ``eprint`` (an arXiv preprint's) or from a journal field that names it."""
    for name in ("eprint", "journal", "doi"):
        if name in fields:
            ids = find_arxiv_ids(fields[name][1])
            if ids:
                return [(line_of(fields[name][0]), f"arXiv: {ids[0]}")]
    return []


def _plain(value: str) -> str:
    """A TeX value as text: accents as letters, commands as their argument, no braces, one space."""
    if "\\" in value:
        value = _ACCENT.sub(lambda m: unicodedata.normalize("NFC", m.group(2) + _ACCENTS[m.group(1)]), value)
        value = _COMMAND.sub(r"\1", value)
    return " ".join(value.replace("{", "").replace("}", "").split())
