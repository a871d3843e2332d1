"""What the search index holds for each paper, made from the catalog (no rendered page is parsed).

One record per paper: its titles in both languages, authors, abstracts and subject names
as the searchable text; titles, authors and date as metadata for the result list; subject
and year as filters. Records link to site-relative paths (``/papers/2402.19481/``); the
search page adds the base URL, so one index serves any ``--base-url``.

Pagefind is given each record as a small HTML document (``record_html``), because only
HTML carries weights and sections: the abstracts come first, as the page's own section, so
that the search page's excerpt is cut from them alone (Pagefind's sub-result of the page);
the titles follow under a heading of weight 7 and the authors with weight 3, so that a word
of a title outranks the same word in an abstract. The arXiv id is indexed as ``arXiv:ID``
(the search page answers a query that is an id from the paper's own page). One kind of word
no one types is indexed too: each author's joined name (``auweiwang0``), which the page looks
up when the query could be a full name, to rank that author's papers first.

Every record is indexed as Chinese (``zh``): Pagefind keeps one index per language and a
page searches only one. Its Chinese words are cut apart by the build (``search.chinese``:
a space around each word) and the standard Pagefind binary indexes them as words;
English words are indexed as words too (a ``zh`` index does not stem them).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from digestgen.catalog import Catalog, CatalogPaper
from digestgen.render import urls
from digestgen.render.searchpage import paper_shard, paper_years
from digestgen.render.text import clean, excerpt, lang_of, short_authors
from digestgen.search.chinese import spaced
from digestgen.subjects import subject_name

LANGUAGE = "zh"
"""The language of the one index (see the module's docstring)."""
FORMAT = "digestgen-search-3"
"""Changes whenever records are made differently, so that a kept index is not reused."""


TITLE_WEIGHT = 7
"""Pagefind's weight of the titles (an abstract's words weigh 1)."""
AUTHOR_WEIGHT = 3
"""Pagefind's weight of the author list."""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One paper as Pagefind indexes it: its text by part, and what the result list shows."""

    url: str
    """Site-relative path of the paper page, starting with ``/``."""
    shard: str
    """The index shard that holds the record (``render.searchpage.shard_of``: its month)."""
    abstracts: tuple[str, ...]
    """The English and Chinese abstracts, those the paper has: the excerpt is cut from them."""
    titles: tuple[str, ...]
    """The English and Chinese titles, those the paper has."""
    authors: tuple[str, ...]
    """Every author's name as written."""
    terms: tuple[str, ...]
    """Subject codes and names, the arXiv id, and each author's joined name (``author_word``)."""
    meta: dict[str, str] = field(default_factory=dict)
    """Shown in results: ``title``, ``title_lang``, ``title_zh``, ``authors``, ``date``, ``arxiv``."""
    filters: dict[str, list[str]] = field(default_factory=dict)
    """``subject`` codes and ``year`` of every date the paper was listed on; ``shard``, so that
    the search page can keep a search to some shards."""
    sort: dict[str, str] = field(default_factory=dict)
    """``date``: first listing, ISO, so results can be ordered newest first."""
    language: str = LANGUAGE

    @property
    def content(self) -> str:
        """Every searchable text of the record, one part a line."""
        return "\n".join([*self.titles, ", ".join(self.authors), *self.abstracts, *self.terms])


def search_records(catalog: Catalog, subject_names: tuple[tuple[str, str, str], ...] = ()) -> list[SearchRecord]:
    """A record for every paper, in catalog order; ``subject_names``: the site's own (settings ``[subjects]``)."""
    return [paper_record(paper, subject_names) for paper in catalog.papers]


def paper_record(paper: CatalogPaper, subject_names: tuple[tuple[str, str, str], ...] = ()) -> SearchRecord:
    """The record of one merged paper."""
    r = paper.record
    title = clean(r.title or r.title_zh or "") or excerpt(r.abstract or r.abstract_zh or paper.slug, 80)
    names = [(code, subject_name(code, subject_names)) for code in r.subjects]
    subjects = [f"{code} {name.en} {name.zh}" for code, name in names]
    meta = {"title": title, "title_lang": lang_of(title), "date": paper.first_date.isoformat()}
    if r.title and r.title_zh:
        meta["title_zh"] = clean(r.title_zh)
    if r.authors:
        meta["authors"] = clean(short_authors(r.authors))
    if r.arxiv:
        meta["arxiv"] = r.arxiv
    authors = tuple(clean(author) for author in r.authors)
    return SearchRecord(
        url="/" + urls.paper(paper.slug),
        shard=paper_shard(paper),
        abstracts=_present(r.abstract, r.abstract_zh),
        titles=_present(r.title, r.title_zh) or (title,),
        authors=authors,
        terms=(*subjects, *_id_terms(r.arxiv), *filter(None, map(author_word, authors))),
        meta=meta,
        filters=_filters(paper),
        sort={"date": paper.first_date.isoformat()},
    )


def _present(*texts: str | None) -> tuple[str, ...]:
    return tuple(clean(text) for text in texts if text)


def _id_terms(arxiv: str | None) -> tuple[str, ...]:
    return (f"arXiv:{arxiv}",) if arxiv else ()


_NOT_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9]+")


def author_word(name: str) -> str | None:
    """The one word an author's name is indexed as: ``auweiwang0`` for Wei Wang, accents dropped
    (the search page's ``nameWord`` makes the same of a query); None for a name without Latin
    letters (a Chinese name is searched as its characters). The final 0, which no name has,
    keeps one name's word from being the start of another's (Pagefind matches prefixes)."""
    ascii_name = _NOT_LETTER_OR_DIGIT.sub(
        "", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    )
    return f"au{ascii_name}0" if ascii_name else None


def record_html(record: SearchRecord) -> str:
    """The small HTML document Pagefind indexes for ``record`` (see the module's docstring)."""
    body = [
        *_data_elements(record),
        *(f"<p>{_words(text)}</p>" for text in record.abstracts),
        f'<h1 id="t" data-pagefind-weight="{TITLE_WEIGHT}">{_words(record.titles[0])}</h1>',
        *(f'<p data-pagefind-weight="{TITLE_WEIGHT}">{_words(text)}</p>' for text in record.titles[1:]),
        f'<p data-pagefind-weight="{AUTHOR_WEIGHT}">{_words(", ".join(record.authors))}</p>' if record.authors else "",
        f"<p>{_words(' '.join(record.terms))}</p>",
    ]
    return f'<html lang="{record.language}"><body><main data-pagefind-body>{"".join(body)}</main></body></html>'


def _data_elements(record: SearchRecord) -> Iterator[str]:
    """Empty elements that carry the metadata, filters and sort keys as attribute values."""
    for key, value in record.meta.items():
        yield f'<i data-pagefind-meta="{key}[data-v]" data-v="{_text(value)}"></i>'
    for key, values in record.filters.items():
        for value in values:
            yield f'<i data-pagefind-filter="{key}[data-v]" data-v="{_text(value)}"></i>'
    for key, value in record.sort.items():
        yield f'<i data-pagefind-sort="{key}[data-v]" data-v="{_text(value)}"></i>'


def _text(text: str) -> str:
    return html.escape(text, quote=True)


def _words(text: str) -> str:
    """Indexed text: escaped, its Chinese words cut apart (``search.chinese``)."""
    return _text(spaced(text))


def _filters(paper: CatalogPaper) -> dict[str, list[str]]:
    found = {"year": paper_years(paper), "shard": [paper_shard(paper)]}
    if paper.record.subjects:
        found["subject"] = list(paper.record.subjects)
    return found


def index_key(records: Iterable[SearchRecord], engine: str) -> str:
    """A hash of everything the index is made from: the records, their format, the engine's version."""
    digest = hashlib.sha256(f"{FORMAT}\n{engine}\n".encode())
    for r in records:
        fields = (r.url, r.abstracts, r.titles, r.authors, r.terms, r.meta, r.filters, r.sort, r.language)
        digest.update(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode() + b"\n")
    return digest.hexdigest()
