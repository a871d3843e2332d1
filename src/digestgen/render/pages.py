"""Every HTML page of the site as a spec: where it goes, its template, its view data.

Specs are plain data, so pages can be rendered in any order, in other processes, or only
when their inputs changed; a page's inputs are its context, its template and the config.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from digestgen.catalog import Catalog
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
from digestgen.render.text import excerpt, long_date, plural
from digestgen.render.views import PaperView, subject_view


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page's head says about it."""

    title: str
    description: str
    canonical: str | None
    section: str
    """Which header link is the current section: home, archive, subjects or none."""
    feed: str | None = None
    """The page's own Atom feed, when it has one besides the site's."""


@dataclass(frozen=True, slots=True)
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


def plan_pages(plan: Plan) -> Iterator[PageSpec]:
    """Every HTML page: home pages, dates, papers, subjects, archive and the 404 page."""
    yield from home_pages(plan)
    yield from day_pages(plan)
    yield from digest_pages(plan)
    yield from paper_pages(plan)
    yield from subject_pages(plan)
    yield subjects_page(plan)
    yield archive_page(plan)
    yield not_found_page(plan)


def home_pages(plan: Plan) -> Iterator[PageSpec]:
    """The newest dates first, ``dates_per_page`` to a page."""
    newest = plan.catalog.dates[::-1]
    size = plan.config.dates_per_page
    total = page_count(len(newest), size)
    chips = subject_index(plan.catalog, plan.linker)[:12]
    for number in range(1, total + 1):
        path = urls.home(number)
        dates = newest[(number - 1) * size : number * size]
        title = "" if number == 1 else f"Latest digests, page {number}"
        yield PageSpec(path, "index.html", {
            "meta": plan.meta(path, title, plan.config.description, "home"),
            "dates": tuple(date_view(plan.catalog, d, plan.linker, plan.fragments) for d in dates),
            "subjects": chips,
            "pager": pager(total, number, lambda n: plan.linker.href(urls.home(n))),
            "stale": stale_notice(plan.catalog, plan.config) if number == 1 else None,
        })  # fmt: skip


def day_pages(plan: Plan) -> Iterator[PageSpec]:
    """One page per date."""
    for index, date in enumerate(plan.catalog.dates):
        path = urls.day(date)
        papers = plan.catalog.by_date[date]
        titles = "; ".join(plan.papers[p.slug].title for p in papers[:3])
        description = excerpt(f"{plural(len(papers), 'paper')} listed on {long_date(date)}: {titles}", 200)
        yield PageSpec(path, "day.html", {
            "meta": plan.meta(path, long_date(date), description),
            "day": day_view(plan.catalog, index, plan.linker, plan.fragments),
            "published": published_links(plan.catalog.digests_by_date[date], plan.linker),
            "exports": export_links(path, len(papers), plan.linker),
        })  # fmt: skip


def digest_pages(plan: Plan) -> Iterator[PageSpec]:
    """One page per digest file, its papers in the post's own order."""
    for digest in plan.catalog.digests:
        path = urls.digest(digest.key)
        view = digest_view(plan.catalog, digest, plan.linker, plan.fragments.cards)
        titles = "; ".join(plan.papers[slug].title for slug in digest.slugs[:3])
        description = excerpt(f"{view.title}, {view.date}, as published: {titles}", 200)
        yield PageSpec(path, "digest.html", {"meta": plan.meta(path, view.title, description), "digest": view})


def paper_pages(plan: Plan) -> Iterator[PageSpec]:
    """One page per paper."""
    for view in plan.papers.values():
        path = urls.paper(view.slug)
        description = excerpt(view.abstract or view.abstract_zh or view.title, 200)
        yield PageSpec(path, "paper.html", {"meta": plan.meta(path, view.title, description), "p": view})


def subject_pages(plan: Plan) -> Iterator[PageSpec]:
    """A subject's papers, newest first, ``papers_per_page`` to a page."""
    size = plan.config.papers_per_page
    for code, papers in plan.catalog.by_subject.items():
        subject = subject_view(code, plan.linker, len(papers))
        total = page_count(len(papers), size)
        for number in range(1, total + 1):
            path = urls.subject(code, number)
            title = f"{subject.en} ({code})" + (f", page {number}" if number > 1 else "")
            meta = plan.meta(path, title, f"{plural(len(papers), 'paper')} in {subject.en}, newest first.")
            page = papers[(number - 1) * size : number * size]
            yield PageSpec(path, "subject.html", {
                "meta": _with_feed(meta, subject.feed_href),
                "subject": subject,
                "groups": date_groups(page, plan.linker, plan.fragments),
                "pager": pager(total, number, _subject_hrefs(plan.linker, code)),
                "exports": export_links(urls.subject(code), len(papers), plan.linker),
            })  # fmt: skip


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
