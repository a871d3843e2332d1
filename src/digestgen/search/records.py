"""What the search index holds for each paper, made from the catalog (no HTML is parsed).

One record per paper: its titles in both languages, authors, abstracts and subject names
as the searchable text; titles, authors and date as metadata for the result list; subject
and year as filters. Records link to site-relative paths (``/papers/2402.19481/``); the
search page adds the base URL, so one index serves any ``--base-url``.

Every record is indexed as Chinese (``zh``): Pagefind keeps one index per language and a
page searches only one, and the extended binary segments Chinese words only in a ``zh``
index. English words are indexed as words there too (without stemming).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from digestgen.catalog import Catalog, CatalogPaper
from digestgen.render import urls
from digestgen.render.searchpage import paper_years
from digestgen.render.text import clean, excerpt, lang_of, short_authors
from digestgen.subjects import subject_name

LANGUAGE = "zh"
"""The language of the one index (see the module's docstring)."""
FORMAT = "digestgen-search-1"
"""Changes whenever records are made differently, so that a kept index is not reused."""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One paper as Pagefind indexes it (the fields of Pagefind's ``AddRecord``)."""

    url: str
    """Site-relative path of the paper page, starting with ``/``."""
    content: str
    """The searchable text: titles, authors, abstracts, subjects."""
    meta: dict[str, str] = field(default_factory=dict)
    """Shown in results: ``title``, ``title_lang``, ``title_zh``, ``authors``, ``date``."""
    filters: dict[str, list[str]] = field(default_factory=dict)
    """``subject`` codes and ``year`` of every date the paper was listed on."""
    sort: dict[str, str] = field(default_factory=dict)
    """``date``: first listing, ISO, so results can be ordered newest first."""
    language: str = LANGUAGE


def search_records(catalog: Catalog, subject_names: tuple[tuple[str, str, str], ...] = ()) -> list[SearchRecord]:
    """A record for every paper, in catalog order; ``subject_names``: the site's own (settings ``[subjects]``)."""
    return [paper_record(paper, subject_names) for paper in catalog.papers]


def paper_record(paper: CatalogPaper, subject_names: tuple[tuple[str, str, str], ...] = ()) -> SearchRecord:
    """The record of one merged paper."""
    r = paper.record
    title = clean(r.title or r.title_zh or "") or excerpt(r.abstract or r.abstract_zh or paper.slug, 80)
    names = [(code, subject_name(code, subject_names)) for code in r.subjects]
    subjects = [f"{code} {name.en} {name.zh}" for code, name in names]
    parts = [r.title, r.title_zh, ", ".join(r.authors), r.abstract, r.abstract_zh, *subjects]
    meta = {"title": title, "title_lang": lang_of(title), "date": paper.first_date.isoformat()}
    if r.title and r.title_zh:
        meta["title_zh"] = clean(r.title_zh)
    if r.authors:
        meta["authors"] = clean(short_authors(r.authors))
    return SearchRecord(
        url="/" + urls.paper(paper.slug),
        content=clean("\n".join(part for part in parts if part)),
        meta=meta,
        filters=_filters(paper),
        sort={"date": paper.first_date.isoformat()},
    )


def _filters(paper: CatalogPaper) -> dict[str, list[str]]:
    found = {"year": paper_years(paper)}
    if paper.record.subjects:
        found["subject"] = list(paper.record.subjects)
    return found


def index_key(records: Iterable[SearchRecord], engine: str) -> str:
    """A hash of everything the index is made from: the records, their format, the engine's version."""
    digest = hashlib.sha256(f"{FORMAT}\n{engine}\n".encode())
    for r in records:
        fields = (r.url, r.content, r.meta, r.filters, r.sort, r.language)
        digest.update(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode() + b"\n")
    return digest.hexdigest()
