"""The catalog: every digest's papers merged into one model the site is rendered from.

A paper that several digests list is one paper here. Two entries are the same paper when
they carry the same arXiv id; an entry without an id joins the paper whose normalised
title it shares (English title if it has one, else Chinese title), preferring papers that
have an id. Entries with different arXiv ids never merge.

Merge rule, applied over a paper's appearances in date order (then file, then position):

- single-valued fields (titles, abstracts, arxiv, url, code, note): the first non-empty value;
- ``authors`` and ``affiliations``: the first non-empty list (lists from different posts
  spell names differently, so they are not unioned);
- ``links``, ``subjects`` and ``tags``: the union, in order of first mention.

An entry without subjects takes its digest's default subjects before merging. Every step
is a single pass with dictionaries; nothing is quadratic in the number of papers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from digestgen.records.model import Digest, Paper

_SINGLE_FIELDS = ("title", "title_zh", "arxiv", "url", "code", "abstract", "abstract_zh", "note")
_FIRST_LIST_FIELDS = ("authors", "affiliations")
_UNION_FIELDS = ("links", "subjects", "tags")
_WORD = re.compile(r"\w+")
_SLUG_WORD = re.compile(r"[a-z0-9]+")
_SLUG_WORDS = 8
_SLUG_CHARACTERS = 100
"""At most this much of a title names its paper page (before the hash that makes it unique):
eight words of one unbroken run of letters would otherwise make a folder name over the
255 bytes file systems allow."""
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[-_ .]*")


@dataclass(frozen=True, slots=True)
class DigestEntry:
    """One digest post as the site shows it."""

    number: int
    """Position of the digest in catalog order (date, then file), from 0."""
    date: dt.date
    """Publication date."""
    title: str | None
    """The post's own title."""
    source: str | None
    """Where the post was found."""
    path: str
    """The file it was read from ("" for digests built in memory); for ordering only."""
    slugs: tuple[str, ...]
    """Slugs of the catalog papers it listed, in the post's order, without repeats."""
    key: str = ""
    """URL name of its own page: ``2024-03-14-daily`` from ``2024-03-14-daily.yaml``; unique."""
    content_key: bytes = b""
    """The content key of the file it was read from (``Origin.content_key``); b"" if none."""


# One appearance and one catalog paper per paper: slotted, hashable by value, but not frozen,
# whose __init__ sets each field through object.__setattr__ (7 of the catalog's 45 ms, which
# one core spends alone between the load and the render). Nothing changes them once made.
@dataclass(slots=True, unsafe_hash=True)
class Appearance:
    """One listing of a paper in one digest."""

    digest: DigestEntry
    """The digest that listed it."""
    position: int
    """1-based position in that digest."""


@dataclass(slots=True, unsafe_hash=True)
class CatalogPaper:
    """A paper merged across every digest that listed it."""

    slug: str
    """Stable URL name: the arXiv id (``/`` as ``-`` for old-style ids), else a title slug."""
    record: Paper
    """The merged record (see the module's merge rule); subjects include digest defaults."""
    appearances: tuple[Appearance, ...]
    """Every listing, in date order."""

    @property
    def first_date(self) -> dt.date:
        """When the paper was first listed."""
        return self.appearances[0].digest.date

    @property
    def dates(self) -> tuple[dt.date, ...]:
        """Every date it was listed on, ascending, without repeats."""
        return tuple(dict.fromkeys(a.digest.date for a in self.appearances))


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every digest and every merged paper, with the indexes the site needs."""

    digests: tuple[DigestEntry, ...]
    """All digests, oldest first (then by file)."""
    papers: tuple[CatalogPaper, ...]
    """All papers, in order of first appearance."""
    by_slug: Mapping[str, CatalogPaper]
    """Papers by slug."""
    dates: tuple[dt.date, ...]
    """Every digest date, ascending."""
    by_date: Mapping[dt.date, tuple[CatalogPaper, ...]]
    """The papers listed on a date, in digest then post order."""
    digests_by_date: Mapping[dt.date, tuple[DigestEntry, ...]]
    """The digests published on a date."""
    by_subject: Mapping[str, tuple[CatalogPaper, ...]]
    """A subject's papers, newest first appearance first; keys sorted by code."""


def normalize_title(text: str) -> str:
    """A title reduced to its words: NFKC, case-folded, punctuation and spacing dropped."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def title_key(paper: Paper) -> str:
    """The key by which an entry without arXiv id is matched: English title, else Chinese."""
    if paper.title and (words := normalize_title(paper.title)):
        return "en:" + words
    if paper.title_zh and (words := normalize_title(paper.title_zh)):
        return "zh:" + words
    return "text:" + normalize_title(paper.abstract or paper.abstract_zh or "")[:200]


def build_catalog(digests: Iterable[Digest]) -> Catalog:
    """Merge the papers of ``digests`` into one catalog. Digests must carry a date."""
    ordered = _order_digests(digests)
    entries = [
        _Entry(paper, number, position)
        for number, digest in enumerate(ordered)
        for position, paper in enumerate(_own_papers(digest), start=1)
    ]
    groups = _group(entries)
    slugs = _assign_slugs(groups)
    digest_entries = _digest_entries(ordered, entries, slugs)
    papers = tuple(_merge(group, slugs[group.key], digest_entries) for group in groups)
    return _index(digest_entries, tuple(sorted(papers, key=_first_listing)))


@dataclass(slots=True)
class _Entry:
    """One paper entry of one digest, while the catalog is being built."""

    paper: Paper
    digest: int
    position: int
    group: str = ""


@dataclass(slots=True)
class _Group:
    """Entries found to be one paper."""

    key: str
    entries: list[_Entry] = field(default_factory=list)


def _order_digests(digests: Iterable[Digest]) -> list[Digest]:
    keyed = sorted(enumerate(digests), key=lambda item: (_date(item[1]), _path(item[1]), item[0]))
    return [digest for _, digest in keyed]


def _path(digest: Digest) -> str:
    return digest.origin.path if digest.origin else ""


def _content_key(digest: Digest) -> bytes:
    return digest.origin.content_key if digest.origin else b""


def _own_papers(digest: Digest) -> list[Paper]:
    if not digest.subjects:
        return list(digest.papers)
    return [p if p.subjects else replace(p, subjects=digest.subjects) for p in digest.papers]


def _group(entries: list[_Entry]) -> list[_Group]:
    groups: dict[str, _Group] = {}
    by_title: dict[str, str] = {}
    # Titles are only looked up for entries without an id; when there are none, skip them.
    need_titles = any(not entry.paper.arxiv for entry in entries)
    for entry in entries:  # pass 1: entries with an arXiv id
        if entry.paper.arxiv:
            _join(groups, entry, "arxiv:" + entry.paper.arxiv)
            for key in _title_keys(entry.paper) if need_titles else ():
                by_title.setdefault(key, entry.group)
    for entry in entries:  # pass 2: the others join by title
        if not entry.paper.arxiv:
            own = title_key(entry.paper)
            _join(groups, entry, by_title.get(own) or by_title.setdefault(own, "title:" + own))
    for group in groups.values():
        group.entries.sort(key=lambda e: (e.digest, e.position))
    return sorted(groups.values(), key=lambda g: (g.entries[0].digest, g.entries[0].position))


def _join(groups: dict[str, _Group], entry: _Entry, key: str) -> None:
    entry.group = key
    groups.setdefault(key, _Group(key)).entries.append(entry)


def _title_keys(paper: Paper) -> list[str]:
    keys = []
    if paper.title and (words := normalize_title(paper.title)):
        keys.append("en:" + words)
    if paper.title_zh and (words := normalize_title(paper.title_zh)):
        keys.append("zh:" + words)
    return keys


def _assign_slugs(groups: list[_Group]) -> dict[str, str]:
    return {group.key: _slug(group) for group in groups}


def _slug(group: _Group) -> str:
    if group.key.startswith("arxiv:"):
        return group.key.removeprefix("arxiv:").replace("/", "-")
    paper = group.entries[0].paper
    digest = hashlib.sha1(group.key.encode()).hexdigest()[:8]
    ascii_title = unicodedata.normalize("NFKD", paper.title or "").encode("ascii", "ignore").decode()
    words = _SLUG_WORD.findall(ascii_title.lower())[:_SLUG_WORDS]
    title = "-".join(words)[:_SLUG_CHARACTERS].rstrip("-")
    return f"{title}-{digest}" if title else f"p-{digest}"


def _digest_entries(ordered: list[Digest], entries: list[_Entry], slugs: dict[str, str]) -> tuple[DigestEntry, ...]:
    listed: list[dict[str, None]] = [{} for _ in ordered]
    for entry in entries:
        listed[entry.digest][slugs[entry.group]] = None
    keys = digest_keys([(_date(d), _path(d)) for d in ordered])
    return tuple(
        DigestEntry(number, _date(d), d.title, d.source, _path(d), tuple(listed[number]), keys[number], _content_key(d))
        for number, d in enumerate(ordered)
    )


def digest_keys(digests: list[tuple[dt.date, str]]) -> list[str]:
    """A unique page name per (date, file): the date, then the file name's words.

    ``2024-03-14-daily.yaml`` dated 2024-03-14 gives ``2024-03-14-daily``; a file named by
    its date alone (or built in memory) gives ``2024-03-14-digest``; repeats get ``-2``, ``-3``.
    """
    taken: set[str] = set()
    tried: dict[str, int] = {}  # per base, the last number given: every number up to it is taken
    keys = []
    for date, path in digests:
        base = f"{date.isoformat()}-{_file_slug(path)}"
        number = tried.get(base, 1)
        key = base if number == 1 else f"{base}-{number}"
        while key in taken:  # a search that resumes where the last one for this base stopped
            number += 1
            key = f"{base}-{number}"
        tried[base] = number
        taken.add(key)
        keys.append(key)
    return keys


def _file_slug(path: str) -> str:
    stem = _DATE_PREFIX.sub("", PurePosixPath(path.replace("\\", "/")).stem)
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return "-".join(_SLUG_WORD.findall(ascii_stem.lower())) or "digest"


def _date(digest: Digest) -> dt.date:
    if digest.date is None:
        raise ValueError(f"digest without a date: {_path(digest) or digest.title!r}")
    return digest.date


def _merge(group: _Group, slug: str, digests: tuple[DigestEntry, ...]) -> CatalogPaper:
    entries = group.entries
    if len(entries) == 1:  # most papers: no lists or generators for one entry
        (entry,) = entries
        record = entry.paper if _is_merged(entry.paper) else _merged_record([entry.paper])
        return CatalogPaper(slug, record, (Appearance(digests[entry.digest], entry.position),))
    record = _merged_record([entry.paper for entry in entries])
    return CatalogPaper(slug, record, tuple(Appearance(digests[e.digest], e.position) for e in entries))


_SINGLE_VALUES = operator.attrgetter(*_SINGLE_FIELDS)
_LIST_VALUES = operator.attrgetter(*_FIRST_LIST_FIELDS, *_UNION_FIELDS)
_UNION_VALUES = operator.attrgetter(*_UNION_FIELDS)


def _is_merged(paper: Paper) -> bool:
    """Whether merging ``paper`` alone would give an equal record, so it can serve as is.

    Most papers are listed once; building a copy of each costs more than this check
    (whose fields are read together, in C, by ``attrgetter``).
    """
    if "" in _SINGLE_VALUES(paper):  # "" merges to None (the fields hold text or None)
        return False
    for values in _LIST_VALUES(paper):
        if type(values) is not tuple:
            return False
    for values in _UNION_VALUES(paper):  # noqa: SIM110 (a loop: any() over a generator was a third of this)
        if len(values) > 1 and len(set(values)) != len(values):  # repeats in a union field merge to one
            return False
    return True


def _merged_record(papers: list[Paper]) -> Paper:
    values: dict[str, object] = {}
    for name in _SINGLE_FIELDS:
        values[name] = _first(papers, name) or None
    for name in _FIRST_LIST_FIELDS:
        values[name] = _first(papers, name) or ()
    for name in _UNION_FIELDS:
        values[name] = _union(papers, name)
    return Paper(**values, origin=papers[0].origin)  # type: ignore[arg-type]


def _first(papers: list[Paper], name: str) -> object:
    """The first non-empty value of field ``name``, else None."""
    for paper in papers:
        if value := getattr(paper, name):
            return value
    return None


def _union(papers: list[Paper], name: str) -> tuple[str, ...]:
    """Every value of list field ``name``, in order of first mention, without repeats."""
    if len(papers) == 1:  # most papers are listed once: no generator over the group
        return tuple(dict.fromkeys(getattr(papers[0], name)))
    return tuple(dict.fromkeys(v for p in papers for v in getattr(p, name)))


def _first_listing(paper: CatalogPaper) -> tuple[int, int]:
    first = paper.appearances[0]
    return first.digest.number, first.position


def _index(digests: tuple[DigestEntry, ...], papers: tuple[CatalogPaper, ...]) -> Catalog:
    by_slug = {paper.slug: paper for paper in papers}
    by_date: dict[dt.date, dict[str, CatalogPaper]] = {}
    digests_by_date: dict[dt.date, list[DigestEntry]] = {}
    for digest in digests:
        digests_by_date.setdefault(digest.date, []).append(digest)
        day = by_date.setdefault(digest.date, {})
        for slug in digest.slugs:
            day.setdefault(slug, by_slug[slug])
    return Catalog(
        digests=digests,
        papers=papers,
        by_slug=by_slug,
        dates=tuple(sorted(by_date)),
        by_date={date: tuple(day.values()) for date, day in by_date.items()},
        digests_by_date={date: tuple(found) for date, found in digests_by_date.items()},
        by_subject=_by_subject(papers),
    )


def _by_subject(papers: tuple[CatalogPaper, ...]) -> dict[str, tuple[CatalogPaper, ...]]:
    found: dict[str, list[CatalogPaper]] = {}
    for paper in reversed(papers):
        for subject in paper.record.subjects:
            found.setdefault(subject, []).append(paper)
    # ``papers`` is in order of first listing, so reversed it is newest first.
    return {code: tuple(found[code]) for code in sorted(found)}
