"""View data for list pages: home, one date, one subject, the subject index, pagination."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup

from digestgen.catalog import Catalog, CatalogPaper, DigestEntry
from digestgen.render import urls
from digestgen.render.text import clean, link_label, long_date, safe_url, zh_date
from digestgen.render.views import SubjectView, subject_view

HOME_PREVIEW = 5
"""Papers listed under each date on the home page."""
PAGER_WINDOW = 2
"""Page numbers shown either side of the current one."""
OTHER = "other"
"""Anchor of a day's group of papers without subject."""


@dataclass(frozen=True, slots=True)
class PagerView:
    """Links between the pages of one list; ``numbers`` holds (n, href), None for a gap."""

    current: int
    total: int
    prev_href: str | None
    next_href: str | None
    numbers: tuple[tuple[int, str] | None, ...]


@dataclass(frozen=True, slots=True)
class DigestLink:
    """A digest named by its title, linked to where it was found when that is known."""

    title: str
    href: str | None


@dataclass(frozen=True, slots=True)
class DateView:
    """One date on the home page: its digests, subjects and first papers."""

    date: str
    date_iso: str
    href: str
    digests: tuple[DigestLink, ...]
    count: int
    subjects: tuple[SubjectView, ...]
    preview: tuple[Markup, ...]
    more: int


@dataclass(frozen=True, slots=True)
class GroupView:
    """A day's papers of one subject; ``subject`` is None for papers without one."""

    anchor: str
    subject: SubjectView | None
    cards: tuple[Markup, ...]


@dataclass(frozen=True, slots=True)
class DayView:
    """One date's page."""

    date: str
    date_zh: str
    date_iso: str
    count: int
    digests: tuple[DigestLink, ...]
    groups: tuple[GroupView, ...]
    prev: tuple[str, str] | None
    """(date, href) of the previous date with papers."""
    next: tuple[str, str] | None


@dataclass(frozen=True, slots=True)
class DateGroupView:
    """Papers of one list page first listed on one date."""

    date: str
    date_iso: str
    href: str
    cards: tuple[Markup, ...]


class Fragments:
    """Per-paper HTML rendered once and reused by every list that shows the paper.

    Every paper has a card (day and subject pages); items (the home page's short lists)
    are rendered on first use, since only a few papers of each date need one.
    """

    def __init__(self, cards: dict[str, Markup], make_item: Callable[[str], Markup]) -> None:
        self.cards = cards
        self._make_item = make_item
        self._items: dict[str, Markup] = {}

    @property
    def items(self) -> Mapping[str, Markup]:
        """The items made so far, by slug."""
        return self._items

    def item(self, slug: str) -> Markup:
        """The short-list HTML of a paper."""
        found = self._items.get(slug)
        if found is None:
            found = self._items[slug] = self._make_item(slug)
        return found


def pager(total: int, current: int, href: Callable[[int], str]) -> PagerView | None:
    """Pagination for page ``current`` of ``total``; None when there is one page."""
    if total <= 1:
        return None
    # Only the numbers shown are visited, so a list of n pages costs O(n), not O(n²).
    window = range(max(1, current - PAGER_WINDOW), min(total, current + PAGER_WINDOW) + 1)
    shown: list[tuple[int, str] | None] = []
    last = 0
    for n in sorted({1, total, *window}):
        if n > last + 1:
            shown.append(None)  # a gap for the numbers skipped
        shown.append((n, href(n)))
        last = n
    return PagerView(
        current,
        total,
        href(current - 1) if current > 1 else None,
        href(current + 1) if current < total else None,
        tuple(shown),
    )


def page_count(items: int, per_page: int) -> int:
    """Pages needed for ``items``; an empty list still has one page."""
    return max(1, -(-items // per_page))


def date_view(catalog: Catalog, date: dt.date, linker: urls.Linker, frags: Fragments) -> DateView:
    """A date on the home page: its digests, its biggest subjects and its first papers.

    Each subject chip leads to that subject's papers on the day's page (its group there, of
    the papers whose first subject it is), not to the subject's page of every date.
    """
    papers = catalog.by_date[date]
    counts: dict[str, int] = {}
    for paper in papers:
        if paper.record.subjects:
            code = paper.record.subjects[0]
            counts[code] = counts.get(code, 0) + 1
    top = sorted(counts, key=lambda c: (-counts[c], c))[:6]
    day_href = linker.href(urls.day(date))
    return DateView(
        date=long_date(date),
        date_iso=date.isoformat(),
        href=day_href,
        digests=_digest_links(catalog.digests_by_date[date]),
        count=len(papers),
        subjects=tuple(_day_chip(subject_view(c, linker, counts[c]), day_href) for c in top),
        preview=tuple(frags.item(p.slug) for p in papers[:HOME_PREVIEW]),
        more=max(0, len(papers) - HOME_PREVIEW),
    )


def _day_chip(subject: SubjectView, day_href: str) -> SubjectView:
    """``subject`` linked to its group on the day's page (``day_view``'s anchors)."""
    return replace(subject, href=f"{day_href}#{urls.segment(subject.code)}")


def _digest_links(digests: Sequence[DigestEntry]) -> tuple[DigestLink, ...]:
    links = []
    for digest in digests:
        href = safe_url(digest.source)
        title = clean(digest.title or "") or (link_label(href) if href else "")
        if title:
            links.append(DigestLink(title, href))
    return tuple(links)


def day_view(catalog: Catalog, index: int, linker: urls.Linker, frags: Fragments) -> DayView:
    """The page of ``catalog.dates[index]``, its papers grouped by their first subject."""
    date = catalog.dates[index]
    papers = catalog.by_date[date]
    groups: dict[str, list[Markup]] = {}
    for paper in papers:
        groups.setdefault(paper.record.subjects[0] if paper.record.subjects else "", []).append(frags.cards[paper.slug])
    return DayView(
        date=long_date(date),
        date_zh=zh_date(date),
        date_iso=date.isoformat(),
        count=len(papers),
        digests=_digest_links(catalog.digests_by_date[date]),
        groups=tuple(_group(code, cards, linker) for code, cards in _subject_order(groups)),
        prev=_neighbour(catalog.dates, index - 1, linker),
        next=_neighbour(catalog.dates, index + 1, linker),
    )


def _subject_order(groups: dict[str, list[Markup]]) -> list[tuple[str, list[Markup]]]:
    # Biggest group first; papers without subject last.
    return sorted(groups.items(), key=lambda item: (item[0] == "", -len(item[1]), item[0]))


def _group(code: str, cards: list[Markup], linker: urls.Linker) -> GroupView:
    if not code:
        return GroupView(OTHER, None, tuple(cards))
    return GroupView(urls.segment(code), subject_view(code, linker, len(cards)), tuple(cards))


def _neighbour(dates: Sequence[dt.date], index: int, linker: urls.Linker) -> tuple[str, str] | None:
    if not 0 <= index < len(dates):
        return None
    return long_date(dates[index]), linker.href(urls.day(dates[index]))


def date_groups(papers: Sequence[CatalogPaper], linker: urls.Linker, frags: Fragments) -> tuple[DateGroupView, ...]:
    """Papers of a list page grouped by the date they were first listed."""
    groups: dict[dt.date, list[Markup]] = {}
    for paper in papers:
        groups.setdefault(paper.first_date, []).append(frags.cards[paper.slug])
    return tuple(
        DateGroupView(long_date(d), d.isoformat(), linker.href(urls.day(d)), tuple(cards))
        for d, cards in groups.items()
    )


def subject_index(catalog: Catalog, linker: urls.Linker) -> tuple[SubjectView, ...]:
    """Every subject with its count, biggest first."""
    views = [subject_view(code, linker, len(papers)) for code, papers in catalog.by_subject.items()]
    return tuple(sorted(views, key=lambda v: (-v.count, v.code)))
