"""Every HTML page of the site as a spec: where it goes, its template, its view data.

Specs are plain data, so pages can be rendered in any order, in other processes, or only
when their inputs changed; a page's inputs are its context, its template and the config.
``page_plans`` lists the pages before any view data is made, so that a rebuild makes the
specs of the pages it renders only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from digestgen.catalog import Catalog, CatalogPaper, DigestEntry
from digestgen.render import urls
from digestgen.render.archive import archive_years
from digestgen.render.config import SiteConfig
from digestgen.render.exports import export_links
from digestgen.render.freshness import stale_notice
from digestgen.render.listing import (
    Fragments,
    date_groups,
    date_view,
    day_view,
    page_count,
    pager,
    subject_index,
)
from digestgen.render.published import digest_view, published_links
from digestgen.render.text import date_span, excerpt, long_date, plural
from digestgen.render.titles import paper_title
from digestgen.render.views import PaperView, subject_view


# Page plans, specs and heads are slotted, not frozen (as the views: ``render.views``): one
# of each per page, 12,000 a 10,000-paper build, and nothing changes one once it is made.
@dataclass(slots=True)
class PageMeta:
    """What the page's head says about it."""

    title: str
    description: str
    canonical: str | None
    section: str
    """Which header link is the current section: home, archive, subjects or none."""
    feed: str | None = None
    """The page's own Atom feed, when it has one besides the site's."""


@dataclass(slots=True)
class PageSpec:
    """One HTML page to render."""

    path: str
    template: str
    context: Mapping[str, object]
    in_sitemap: bool = True


@dataclass(frozen=True, slots=True)
class Plan:
    """What the planner needs: the catalog and the views made from it."""

    catalog: Catalog
    config: SiteConfig
    linker: urls.Linker
    papers: Mapping[str, PaperView]
    fragments: Fragments

    def meta(self, path: str | None, title: str, description: str, section: str = "") -> PageMeta:
        """Head data for the page at ``path`` (None: the page has no canonical address)."""
        full = f"{title} · {self.config.title}" if title else self.config.title
        canonical = self.linker.absolute(path) if path is not None else None
        return PageMeta(full, description, canonical, section)


@dataclass(slots=True)
class PagePlan:
    """One page before its view data is made: its path and template, and how to make its spec."""

    path: str
    template: str
    make: Callable[[Plan], PageSpec]
    """Its spec, from a plan of this catalog and config."""
    source: object = None
    """When set, the page's spec is a function of this value and the site's config alone
    (a paper page: of its catalog paper), so a key of the page can hash it instead of the spec."""
    in_sitemap: bool = True


def plan_pages(plan: Plan) -> Iterator[PageSpec]:
    """Every HTML page: home pages, dates, papers, subjects, archive and the 404 page."""
    for page in page_plans(plan.catalog, plan.config):
        yield page.make(plan)


def page_plans(catalog: Catalog, config: SiteConfig) -> Iterator[PagePlan]:
    """Every HTML page, each made only when asked (a rebuild makes only the pages it renders)."""
    yield from home_pages(catalog, config)
    yield from day_pages(catalog)
    yield from digest_pages(catalog)
    yield from paper_pages(catalog)
    yield from subject_pages(catalog, config)
    yield PagePlan(urls.SUBJECTS, "subjects.html", subjects_page)
    yield PagePlan(urls.ARCHIVE, "archive.html", archive_page)
    yield PagePlan(urls.NOT_FOUND, "404.html", not_found_page, in_sitemap=False)


def home_pages(catalog: Catalog, config: SiteConfig) -> Iterator[PagePlan]:
    """The newest dates first, ``dates_per_page`` to a page."""
    total = page_count(len(catalog.dates), config.dates_per_page)
    for number in range(1, total + 1):
        yield PagePlan(urls.home(number), "index.html", partial(home_page, number=number, total=total))


def home_page(plan: Plan, number: int, total: int) -> PageSpec:
    """Home page ``number`` of ``total``."""
    size = plan.config.dates_per_page
    path = urls.home(number)
    dates = plan.catalog.dates[::-1][(number - 1) * size : number * size]
    title = "" if number == 1 else f"Latest digests, page {number}"
    return PageSpec(path, "index.html", {
        "meta": plan.meta(path, title, plan.config.description, "home"),
        "dates": tuple(date_view(plan.catalog, d, plan.linker, plan.fragments) for d in dates),
        "subjects": subject_index(plan.catalog, plan.linker)[:12],
        "pager": pager(total, number, lambda n: plan.linker.href(urls.home(n))),
        "stale": stale_notice(plan.catalog, plan.config) if number == 1 else None,
    })  # fmt: skip


def day_pages(catalog: Catalog) -> Iterator[PagePlan]:
    """One page per date."""
    for index, date in enumerate(catalog.dates):
        yield PagePlan(urls.day(date), "day.html", partial(day_page, index=index))


def day_page(plan: Plan, index: int) -> PageSpec:
    """The page of ``catalog.dates[index]``."""
    date = plan.catalog.dates[index]
    path = urls.day(date)
    papers = plan.catalog.by_date[date]
    titles = "; ".join(paper_title(paper) for paper in papers[:3])
    description = excerpt(f"{plural(len(papers), 'paper')} listed on {long_date(date)}: {titles}", 200)
    return PageSpec(path, "day.html", {
        "meta": plan.meta(path, long_date(date), description),
        "day": day_view(plan.catalog, index, plan.linker, plan.fragments),
        "published": published_links(plan.catalog.digests_by_date[date], plan.linker),
        "exports": export_links(path, len(papers), plan.linker),
    })  # fmt: skip


def digest_pages(catalog: Catalog) -> Iterator[PagePlan]:
    """One page per digest file, its papers in the post's own order."""
    for digest in catalog.digests:
        yield PagePlan(urls.digest(digest.key), "digest.html", partial(digest_page, digest=digest))


def digest_page(plan: Plan, digest: DigestEntry) -> PageSpec:
    """The page of one digest."""
    path = urls.digest(digest.key)
    view = digest_view(plan.catalog, digest, plan.linker, plan.fragments.cards)
    titles = "; ".join(paper_title(plan.catalog.by_slug[slug]) for slug in digest.slugs[:3])
    description = excerpt(f"{view.title}, {view.date}, as published: {titles}", 200)
    return PageSpec(path, "digest.html", {"meta": plan.meta(path, view.title, description), "digest": view})


def paper_pages(catalog: Catalog) -> Iterator[PagePlan]:
    """One page per paper; its spec is a function of its catalog paper."""
    for paper in catalog.papers:
        yield PagePlan(urls.paper(paper.slug), "paper.html", partial(paper_page, slug=paper.slug), source=paper)


def paper_page(plan: Plan, slug: str) -> PageSpec:
    """The page of one paper: only its view and the config go into it (``PagePlan.source``)."""
    view = plan.papers[slug]
    path = urls.paper(view.slug)
    description = excerpt(view.abstract or view.abstract_zh or view.title, 200)
    return PageSpec(path, "paper.html", {"meta": plan.meta(path, view.title, description), "p": view})


def subject_pages(catalog: Catalog, config: SiteConfig) -> Iterator[PagePlan]:
    """A subject's papers, newest first, ``papers_per_page`` to a page."""
    for code, papers in catalog.by_subject.items():
        total = page_count(len(papers), config.papers_per_page)
        for number in range(1, total + 1):
            make = partial(subject_page, code=code, number=number, total=total)
            yield PagePlan(urls.subject(code, number), "subject.html", make)


def subject_page(plan: Plan, code: str, number: int, total: int) -> PageSpec:
    """Page ``number`` of a subject's papers."""
    size = plan.config.papers_per_page
    papers = plan.catalog.by_subject[code]
    subject = subject_view(code, plan.linker, len(papers))
    path = urls.subject(code, number)
    title = f"{subject.en} ({code})" + (f", page {number}" if number > 1 else "")
    meta = plan.meta(path, title, f"{plural(len(papers), 'paper')} in {subject.en}, newest first.")
    page = papers[(number - 1) * size : number * size]
    return PageSpec(path, "subject.html", {
        "meta": _with_feed(meta, subject.feed_href),
        "subject": subject,
        "groups": date_groups(page, plan.linker, plan.fragments),
        "pager": pager(total, number, _subject_hrefs(plan.linker, code)),
        "page_note": page_note(number, total, page),
        "exports": export_links(urls.subject(code), len(papers), plan.linker),
    })  # fmt: skip


def page_note(number: int, total: int, papers: Sequence[CatalogPaper]) -> str:
    """``Page 13 of 26: 2 Feb – 14 Mar 2024``, the dates its papers were first listed; "" for a list of one page."""
    if total <= 1 or not papers:
        return ""
    dates = [paper.first_date for paper in papers]
    return f"Page {number} of {total}: {date_span(min(dates), max(dates))}"


def _subject_hrefs(linker: urls.Linker, code: str) -> Callable[[int], str]:
    return lambda number: linker.href(urls.subject(code, number))


def _with_feed(meta: PageMeta, feed: str) -> PageMeta:
    return PageMeta(meta.title, meta.description, meta.canonical, "subjects", feed)


def subjects_page(plan: Plan) -> PageSpec:
    """Every subject with its count."""
    meta = plan.meta(urls.SUBJECTS, "Subjects", "Every subject, with its number of papers.", "subjects")
    return PageSpec(urls.SUBJECTS, "subjects.html", {
        "meta": meta,
        "subjects": subject_index(plan.catalog, plan.linker),
    })  # fmt: skip


def archive_page(plan: Plan) -> PageSpec:
    """Every date by year and month."""
    catalog = plan.catalog
    meta = plan.meta(urls.ARCHIVE, "Archive", "Every digest date by year and month.", "archive")
    return PageSpec(urls.ARCHIVE, "archive.html", {
        "meta": meta,
        "years": archive_years(catalog, plan.linker),
        "paper_count": len(catalog.papers),
        "date_count": len(catalog.dates),
        "exports": export_links(urls.home(), len(catalog.papers), plan.linker),
    })  # fmt: skip


def not_found_page(plan: Plan) -> PageSpec:
    """The 404 page; its links are absolute paths, so it works at any depth."""
    meta = plan.meta(None, "Page not found", "There is no page at this address.")
    return PageSpec(urls.NOT_FOUND, "404.html", {"meta": meta}, in_sitemap=False)
