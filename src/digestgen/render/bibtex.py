"""A BibTeX entry for a paper, for readers to copy."""

from __future__ import annotations

import re
import unicodedata

from digestgen.arxiv import abs_url
from digestgen.catalog import CatalogPaper

_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
            "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\~{}", "^": r"\^{}"}  # fmt: skip
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(("a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "towards", "via"))


def escape(text: str) -> str:
    """Text safe inside a braced BibTeX value."""
    flat = " ".join(text.split())
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], flat)


def year_of(paper: CatalogPaper) -> int:
    """The year of a new-style arXiv id (``2306.01667`` -> 2023), else of its first listing."""
    arxiv = paper.record.arxiv
    if arxiv and "/" not in arxiv:
        return 2000 + int(arxiv[:2])
    if arxiv:
        return _old_style_year(arxiv.split("/")[1])
    return paper.first_date.year


def _old_style_year(number: str) -> int:
    two = int(number[:2])
    return 1900 + two if two >= 91 else 2000 + two


def cite_key(paper: CatalogPaper) -> str:
    """``balazevic2023towards``: first author's surname, year, first word of the title."""
    record = paper.record
    surname = _ascii_words(record.authors[0].split()[-1]) if record.authors else []
    title_words = [w for w in _ascii_words(record.title or "") if w not in _STOP]
    parts = [(surname or ["paper"])[0], str(year_of(paper)), *(title_words[:1])]
    return "".join(parts)


def _ascii_words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _ASCII_WORD.findall(plain)


def bibtex(paper: CatalogPaper, page_url: str) -> str:
    """A ``@misc`` entry; arXiv papers carry eprint, archivePrefix and primaryClass."""
    record = paper.record
    fields = [("title", record.title or record.title_zh or "")]
    if record.authors:
        fields.append(("author", " and ".join(record.authors)))
    fields.append(("year", str(year_of(paper))))
    if record.arxiv:
        fields += [("eprint", record.arxiv), ("archivePrefix", "arXiv")]
        if record.subjects:
            fields.append(("primaryClass", record.subjects[0]))
    fields.append(("url", _main_url(paper, page_url)))
    body = "".join(f"  {name} = {{{escape(value)}}},\n" for name, value in fields)
    return f"@misc{{{cite_key(paper)},\n{body}}}"


def _main_url(paper: CatalogPaper, page_url: str) -> str:
    record = paper.record
    if record.arxiv:
        return abs_url(record.arxiv)
    return record.url or page_url
