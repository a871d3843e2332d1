"""A BibTeX entry for a paper, for readers to copy and for the bulk exports."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digestgen.arxiv import abs_url
from digestgen.catalog import CatalogPaper
from digestgen.render.text import clean, is_flat
from digestgen.render.titles import paper_title

_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
            "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\~{}", "^": r"\^{}"}  # fmt: skip
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))


def escape(text: str) -> str:
    """Text safe inside a braced BibTeX value: on one line, specials escaped, no control characters."""
    if is_flat(text):  # most values: nothing to join or clean
        return _escape_flat(text)
    return clean(_SPECIAL_RE.sub(_special, " ".join(text.split())))


def escape_all(texts: Sequence[str]) -> list[str]:
    """``[escape(text) for text in texts]``, the values of an entry tested together.

    Most entries are flat and have no special character; two tests of the joined values
    tell, where testing each value costs a few calls per value. ASCII values are joined
    apart from the others: joined with a Chinese title, an English abstract would be copied
    to two bytes a character and tested at half the speed (a third of an entry's time).
    """
    # "|" is printable, not a space and not special: it changes neither test
    narrow = "|".join([text for text in texts if text.isascii()])
    wide = "|".join([text for text in texts if not text.isascii()])
    if not (is_flat(narrow) and is_flat(wide)):
        return [escape(text) for text in texts]
    if any(c in narrow or c in wide for c in _SPECIAL):  # substring searches: faster than a scan by the regex
        return [_escape_flat(text) for text in texts]
    return [text.strip(" ") for text in texts]


def _escape_flat(text: str) -> str:
    return _SPECIAL_RE.sub(_special, text.strip(" "))


def _special(match: re.Match[str]) -> str:
    return _SPECIAL[match.group(0)]


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
    """A key that never changes: ``arXiv:2306.01667`` (``arXiv:hep-th-9901001``), else the slug.

    It is the paper's page name, so it is unique in the site and the same in every export.
    """
    return f"arXiv:{paper.slug}" if paper.record.arxiv else paper.slug


def keywords(paper: CatalogPaper) -> tuple[str, ...]:
    """Subjects, then editor tags, without repeats."""
    return tuple(dict.fromkeys((*paper.record.subjects, *paper.record.tags)))


def bibtex(paper: CatalogPaper, page_url: str, *, full: bool = False) -> str:
    """A ``@misc`` entry; arXiv papers carry eprint, archivePrefix and primaryClass.

        ``full`` (the bulk exports) adds the abstract and keywords. A Chinese title beside an
        English one goes in ``note``; a paper with only a Chinese title has it as its title, and
    a paper without any title the one its page shows (``titles.paper_title``).
        The entry holds no control characters: each value is cleaned, which is cheaper than
        cleaning the whole entry, whose line breaks always send ``clean`` to its slow path.
    """
    record = paper.record
    fields = [("title", record.title or record.title_zh or paper_title(paper))]
    if record.authors:
        fields.append(("author", " and ".join(record.authors)))
    fields.append(("year", str(year_of(paper))))
    if record.arxiv:
        fields += [("eprint", record.arxiv), ("archivePrefix", "arXiv")]
        if record.subjects:
            fields.append(("primaryClass", record.subjects[0]))
    fields.append(("url", main_url(paper, page_url)))
    if record.title and record.title_zh:
        fields.append(("note", f"Chinese title: {record.title_zh}"))
    if full:
        fields += _extra_fields(paper)
    values = escape_all([value for _, value in fields])
    body = "".join([f"  {name} = {{{value}}},\n" for (name, _), value in zip(fields, values, strict=True)])
    return f"@misc{{{clean(cite_key(paper))},\n{body}}}"


def _extra_fields(paper: CatalogPaper) -> list[tuple[str, str]]:
    record = paper.record
    extra = []
    if record.abstract or record.abstract_zh:
        extra.append(("abstract", record.abstract or record.abstract_zh or ""))
    if words := keywords(paper):
        extra.append(("keywords", ", ".join(words)))
    return extra


def main_url(paper: CatalogPaper, page_url: str) -> str:
    """The arXiv abstract page, else the record's own link, else the paper's page here."""
    record = paper.record
    if record.arxiv:
        return abs_url(record.arxiv)
    return record.url or page_url
