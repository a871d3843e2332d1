"""``render(catalog, config) -> {path: bytes}``: the whole site in memory, nothing written.

Steps: paper views, per-paper fragments (rendered once, reused by every list), pages,
feeds, sitemap and data files. The writer (``digestgen.output``) puts the result on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from digestgen.catalog import Catalog
from digestgen.render import feeds, urls
from digestgen.render.config import SiteConfig
from digestgen.render.exports import export_files
from digestgen.render.freshness import Freshness, freshness, health_json
from digestgen.render.listing import Fragments
from digestgen.render.pages import Plan, plan_pages
from digestgen.render.searchpage import SEARCH, search_page, search_script
from digestgen.render.theme import STYLESHEET, Theme, fingerprinted
from digestgen.render.views import PaperView, paper_view, subject_view
from digestgen.timing import Steps


class RenderError(Exception):
    """The site cannot be rendered as asked (two outputs for one path)."""


@dataclass(frozen=True, slots=True)
class SiteView:
    """What every page knows about the site: names and the links of its header and footer."""

    title: str
    title_zh: str
    description: str
    home: str
    archive: str
    subjects: str
    feed: str
    papers_json: str
    css: str
    search: str
    """The search page; the search box in every page's header sends its query there."""
    freshness: Freshness
    """The newest digest's date, for the footer."""


def render(
    catalog: Catalog, config: SiteConfig, templates: Path | None = None, steps: Steps | None = None
) -> dict[str, bytes]:
    """Every output file of the site, by path relative to the output folder."""
    steps = steps or Steps()
    theme = Theme(templates)
    linker = urls.Linker(config.base_url, config.site_url)
    css = theme.static(STYLESHEET)
    files: dict[str, bytes] = {}
    _put(files, fingerprinted(STYLESHEET, css), css)
    script_path, script = search_script(theme)
    _put(files, script_path, script)
    site = _site_view(config, linker, fingerprinted(STYLESHEET, css), freshness(catalog))
    with steps.step("views"):
        views = {paper.slug: paper_view(paper, linker) for paper in catalog.papers}
    with steps.step("fragments"):
        fragments = _fragments(theme, views)
    plan = Plan(catalog, config, linker, views, fragments)
    with steps.step("pages"):
        specs = [*plan_pages(plan), search_page(plan, script_path)]
        for spec in specs:
            _put(files, urls.output_file(spec.path), theme.render(spec.template, {"site": site, **spec.context}))
    with steps.step("feeds"):
        for path, data in _feeds(catalog, config, views).items():
            _put(files, path, data)
    with steps.step("sitemap"):
        for path, data in feeds.sitemap((s.path for s in specs if s.in_sitemap), config).items():
            _put(files, path, data)
        _put(files, urls.ROBOTS, feeds.robots(config))
        _put(files, urls.PAPERS_JSON, feeds.papers_json(catalog, config))
        _put(files, urls.HEALTH, health_json(catalog))
    with steps.step("exports"):
        for path, data in export_files(catalog, config).items():
            _put(files, path, data)
    return files


def _put(files: dict[str, bytes], path: str, data: bytes) -> None:
    if path in files:
        raise RenderError(f"two outputs want the same file {path!r}; rename one of their sources")
    files[path] = data


def _site_view(config: SiteConfig, linker: urls.Linker, css_path: str, fresh: Freshness) -> SiteView:
    return SiteView(
        title=config.title,
        title_zh=config.title_zh,
        description=config.description,
        home=linker.href(urls.home()),
        archive=linker.href(urls.ARCHIVE),
        subjects=linker.href(urls.SUBJECTS),
        feed=linker.href(urls.FEED),
        papers_json=linker.href(urls.PAPERS_JSON),
        css=linker.href(css_path),
        search=linker.href(SEARCH),
        freshness=fresh,
    )


def _fragments(theme: Theme, views: dict[str, PaperView]) -> Fragments:
    cards = {slug: theme.fragment("partials/card.html", {"p": view}) for slug, view in views.items()}
    return Fragments(cards, lambda slug: theme.fragment("partials/item.html", {"p": views[slug]}))


def _feeds(catalog: Catalog, config: SiteConfig, views: dict[str, PaperView]) -> dict[str, bytes]:
    size = config.feed_entries
    linker = urls.Linker(config.base_url, config.site_url)
    newest = [views[p.slug] for p in catalog.papers[::-1][:size]]
    found = {urls.FEED: feeds.atom_feed(config.title, urls.FEED, urls.home(), newest, config)}
    for code, papers in catalog.by_subject.items():
        subject = subject_view(code, linker)
        entries = [views[p.slug] for p in papers[:size]]
        title = f"{subject.en} ({code}) · {config.title}"
        found[urls.subject_feed(code)] = feeds.atom_feed(
            title, urls.subject_feed(code), urls.subject(code), entries, config
        )
    return found
