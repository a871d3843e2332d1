"""Exports for reference managers: BibTeX and RIS files of a day, a subject, the site and each paper.

Both carry the same entries in the same order as the page they belong to, each keyed by
``bibtex.cite_key`` (``arXiv:2306.01667``, else the paper's slug), so a re-import updates
rather than duplicates. Files are UTF-8; Chinese text is written as is.

RIS follows the RIS format specification: one ``TAG  - value`` per line, lines ending in
CR LF, a record from ``TY`` to ``ER``. A value never spans lines: whitespace inside it,
newlines included, becomes one space, so no text can end a record or start a tag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from digestgen.catalog import Catalog, CatalogPaper
from digestgen.render import urls
from digestgen.render.bibtex import bibtex, cite_key, keywords, main_url, year_of
from digestgen.render.config import SiteConfig
from digestgen.render.text import clean_line
from digestgen.render.titles import paper_title

BIB = "bib"
RIS = "ris"
CRLF = "\r\n"


@dataclass(frozen=True, slots=True)
class ExportLinks:
    """The export files of one page, for its "Export" line."""

    bibtex: str
    ris: str
    count: int


def export_links(folder: str, count: int, linker: urls.Linker) -> ExportLinks:
    """Links to the exports of the page at ``folder`` (``dates/2024-03-14/``; ``""`` for the site)."""
    return ExportLinks(linker.href(urls.export(folder, BIB)), linker.href(urls.export(folder, RIS)), count)


EXPORT_FORMATS = (BIB, RIS)


Entries = dict[tuple[str, str], bytes]
"""Encoded entries by (format, slug), made once and shared by the files that hold them."""


def export_files(
    catalog: Catalog, config: SiteConfig, ext: str, entries: Entries | None = None
) -> Iterator[tuple[str, list[bytes]]]:
    """Every collection's export file of one format (``BIB`` or ``RIS``): one per date, per
    subject and for the whole site.

    A paper is in several files (its dates, its subjects, the site's, its own), so each entry
    is formatted and encoded once (into ``entries``, when given) and each file is the list of
    its entries' bytes (for ``Sink.put_parts``). Files are yielded one at a time, for the
    caller to write and drop: joined, together they would be several times the size of the
    entries (130 MB for 10,000 papers).
    """
    encoded = encoded_entries(catalog.papers, config, ext, {} if entries is None else entries)
    for folder, papers in _collections(catalog):
        yield urls.export(folder, ext), [encoded[p.slug] for p in papers]


def paper_export_files(
    papers: Sequence[CatalogPaper], config: SiteConfig, entries: Entries | None = None
) -> Iterator[tuple[str, bytes]]:
    """Each paper's own ``.bib`` and ``.ris``, beside its page (``urls.paper_export``)."""
    for ext in EXPORT_FORMATS:
        for slug, data in encoded_entries(papers, config, ext, {} if entries is None else entries).items():
            yield urls.paper_export(slug, ext), data


def encoded_entries(papers: Sequence[CatalogPaper], config: SiteConfig, ext: str, entries: Entries) -> dict[str, bytes]:
    """The encoded entry of each paper by slug, taken from ``entries`` or made and kept there."""
    entry = _ENTRY[ext]
    linker = urls.Linker.for_site(config)
    found = {}
    for paper in papers:
        data = entries.get((ext, paper.slug))
        if data is None:
            data = entries[ext, paper.slug] = entry(paper, linker.absolute(urls.paper(paper.slug))).encode()
        found[paper.slug] = data
    return found


def _collections(catalog: Catalog) -> Iterator[tuple[str, Sequence[CatalogPaper]]]:
    for date in catalog.dates:
        yield urls.day(date), catalog.by_date[date]
    for code, papers in catalog.by_subject.items():
        yield urls.subject(code), papers
    yield urls.home(), catalog.papers


def bibtex_entry(paper: CatalogPaper, page_url: str) -> str:
    """A ``@misc`` entry with abstract and keywords, and the blank line that follows it in a file."""
    return bibtex(paper, page_url, full=True) + "\n\n"


def ris_entry(paper: CatalogPaper, page_url: str) -> str:
    """A RIS record and the blank line that follows it in a file."""
    return ris_record(paper, page_url) + CRLF


def ris_record(paper: CatalogPaper, page_url: str) -> str:
    """One RIS record: ``TY`` first, ``ER`` last."""
    fields = ris_fields(paper, page_url)
    lines = [f"{tag}  - {clean_line(value)}\r\n" for tag, value in fields if value and not value.isspace()]
    lines.append("ER  - \r\n")
    return "".join(lines)


def ris_fields(paper: CatalogPaper, page_url: str) -> list[tuple[str, str]]:
    """(tag, value) pairs in the spec's order; the translated title ``TT`` is the Chinese one."""
    record = paper.record
    fields = [("TY", "UNPB" if record.arxiv else "GEN"), ("ID", cite_key(paper))]
    fields.append(("TI", record.title or record.title_zh or paper_title(paper)))
    if record.title and record.title_zh:
        fields.append(("TT", record.title_zh))
    fields += [("AU", author) for author in record.authors]
    year = year_of(paper)
    fields += [("PY", str(year)), ("DA", _ris_date(paper, year)), ("UR", main_url(paper, page_url))]
    fields.append(("AB", record.abstract or record.abstract_zh or ""))
    fields += [("KW", word) for word in keywords(paper)]
    return fields


_ENTRY = {BIB: bibtex_entry, RIS: ris_entry}


def ris_date(paper: CatalogPaper) -> str:
    """``YYYY/MM//``: the month of the arXiv id; else ``YYYY/MM/DD/``, the first listing."""
    return _ris_date(paper, year_of(paper))


def _ris_date(paper: CatalogPaper, year: int) -> str:
    month = arxiv_month(paper.record.arxiv) if paper.record.arxiv else None
    if month is not None:
        return f"{year:04d}/{month:02d}//"
    return _listing_date(paper.first_date)


def arxiv_month(arxiv_id: str) -> int | None:
    """The month an id was issued: ``2306.01667`` and ``hep-th/9503124`` give 6 and 3."""
    digits = arxiv_id.rsplit("/", 1)[-1]
    month = int(digits[2:4]) if digits[:4].isdigit() else 0
    return month if 1 <= month <= 12 else None


def _listing_date(date: dt.date) -> str:
    return f"{date.year:04d}/{date.month:02d}/{date.day:02d}/"
