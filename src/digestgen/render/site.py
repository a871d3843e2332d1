"""``render_into(sink, catalog, config)``: every file of the site, each handed to a sink as it is made.

Steps: paper views, per-paper fragments (rendered once, reused by every list), pages,
feeds, sitemap and data files. ``build`` passes the writer's sink (``digestgen.build.output``),
which stages each file on disk at once; ``render(catalog, config) -> {path: bytes}`` keeps
the whole site in memory. A rebuild (``reuse``) first makes a key of each page's inputs and
renders only the pages whose key changed; views and cards are then made only for those pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from markupsafe import Markup

from digestgen.catalog import Catalog, CatalogPaper
from digestgen.render import feeds, urls
from digestgen.render.config import SiteConfig
from digestgen.render.exports import EXPORT_FORMATS, Entries, export_files, paper_export_files
from digestgen.render.freshness import Freshness, freshness, health_json
from digestgen.render.keys import PageKeys, page_keys, value_bytes
from digestgen.render.listing import Fragments
from digestgen.render.pages import PagePlan, Plan, page_plans
from digestgen.render.searchpage import SEARCH, search_page, search_script
from digestgen.render.theme import COPY_SCRIPT, FAVICON, STYLESHEET, Theme, fingerprinted
from digestgen.render.views import PaperView, paper_view, subject_view
from digestgen.runtime import collector
from digestgen.runtime.inputkeys import blake, code_key, folder_key
from digestgen.runtime.offload import Claims, Offload, can_fork
from digestgen.runtime.sink import MemorySink, RenderError, Sink, duplicate
from digestgen.runtime.timing import Steps


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
    copy_script: str
    """The paper pages' script: the button that copies a BibTeX entry."""
    favicon: str
    """The site's icon."""
    freshness: Freshness
    """The newest digest's date, for the footer."""
    top: Mapping[str, Markup] = field(default_factory=dict)
    """Every page's header by the page's section (``PageMeta.section``: the current one is
    marked), rendered once per build from ``partials/top.html``, not once per page."""
    foot: Markup = field(default_factory=Markup)
    """Every page's footer, rendered once per build from ``partials/foot.html``."""


SECTIONS = ("", "home", "archive", "subjects", "search")
"""The sections a page can belong to (``PageMeta.section``), each with its own header."""


def _with_chrome(theme: Theme, site: SiteView) -> SiteView:
    """``site`` with its header per section and its footer rendered (2 of a paper page's 28 us, per page)."""
    top = {section: theme.fragment("partials/top.html", {"site": site, "section": section}) for section in SECTIONS}
    return replace(site, top=top, foot=theme.fragment("partials/foot.html", {"site": site}))


@dataclass(frozen=True, slots=True)
class Rendered:
    """What ``render_into`` made besides the files it put into its sink."""

    kept: frozenset[str] = frozenset()
    """Pages not rendered because their key is the one in ``reuse``: the output already holds them."""
    page_keys: dict[str, str] = field(default_factory=dict)
    """The key of every page (rendered or kept) whose inputs could be keyed."""


def render(
    catalog: Catalog, config: SiteConfig, templates: Path | None = None, steps: Steps | None = None
) -> dict[str, bytes]:
    """Every output file of the site, by path relative to the output folder."""
    files = MemorySink()
    render_into(files, catalog, config, templates, steps)
    return files


def render_into(
    sink: Sink,
    catalog: Catalog,
    config: SiteConfig,
    templates: Path | None = None,
    steps: Steps | None = None,
    reuse: Mapping[str, str] | None = None,
    *,
    second_core: bool = True,
    theme: Theme | None = None,
) -> Rendered:
    """Put the site's files into ``sink``, pages whose key is in ``reuse`` left out (``kept``).

    ``reuse``: page keys of the previous build, for pages the output still holds as that
    build wrote them. None: render every page and compute no keys (``digestgen serve``).
    ``second_core``: whether the render may fork a child to share its work (False while
    another process keeps a core busy: the search index, made beside the render).
    Views and cards are made when a page asks for them, so a rebuild makes only those of
    the pages it renders (and of the few papers the feeds and descriptions show).
    Files other than pages (feeds, sitemap, exports) are always made. ``theme``: the theme of
    ``templates``, if made already.
    """
    steps = steps or Steps()
    forks = second_core and can_fork()
    run = _Run.start(sink, catalog, config, theme or Theme(templates), templates, keyed=reuse is not None, forks=forks)
    if reuse:
        return _render_changed_pages(run, steps, reuse)
    late_keys = _render_pages_step(run, steps, run.pages, data_files=True, late_keys=reuse is not None)
    collector.keep(run)  # its views and cards: not freed one by one if the process ends next
    return Rendered(frozenset(), late_keys)


@dataclass(slots=True)
class _Run:
    """One render: the theme, the site view, the plan with its views and cards, the pages, where files go."""

    theme: Theme
    site: SiteView
    plan: Plan
    views: _Views
    cards: _Cards
    pages: list[PagePlan]
    sink: Sink
    site_key: str
    """The key of what every page depends on; "" when no keys are made."""
    forks: bool
    """Whether a forked child may share the work (``second_core`` and ``can_fork``)."""
    entries: Entries = field(default_factory=dict)
    """Export entries made so far, for the files that hold them (``exports.encoded_entries``)."""

    @staticmethod
    def start(
        sink: Sink, catalog: Catalog, config: SiteConfig, theme: Theme, templates: Path | None, keyed: bool, forks: bool
    ) -> _Run:
        """The run's plan and its first files, the stylesheet and the search script.

        ``theme`` is that of ``templates`` (made by the caller, perhaps ahead of time).
        """
        linker = urls.Linker.for_site(config)
        css = theme.static(STYLESHEET)
        sink.put(fingerprinted(STYLESHEET, css), css)
        script_path, script = search_script(theme)
        sink.put(script_path, script)
        assets = _Assets(fingerprinted(STYLESHEET, css), _asset(sink, theme, COPY_SCRIPT), _asset(sink, theme, FAVICON))
        site = _with_chrome(theme, _site_view(config, linker, assets, freshness(catalog)))
        views = _Views(catalog, linker)
        cards = _Cards(theme, views)
        plan = Plan(catalog, config, linker, views, Fragments(cards, cards.item))
        site_key = _site_key(config, templates, site) if keyed else ""
        pages = _all_pages(catalog, config, script_path)
        return _Run(theme, site, plan, views, cards, pages, sink, site_key, forks)


def _render_changed_pages(run: _Run, steps: Steps, reuse: Mapping[str, str]) -> Rendered:
    """A rebuild: the data files and the page keys, then the pages whose key changed.

    With a second core, a child makes the keys and then shares the data files with this
    process (``_SharedJob``); a one-line edit changes little else, so they are most of a rebuild.
    """
    parallel = len(run.pages) >= PARALLEL_MIN_PAGES and run.forks
    job = _SharedJob(run, _data_works(run) if parallel else [], keys=True, parallel=parallel)
    with job.cancelled_on_error():
        if not parallel:
            _data_files(run, steps)
        with steps.step("data files and keys" if parallel else "keys"):
            keys = job.finish()
    kept = frozenset(path for path, key in keys.items() if reuse.get(path) == key)
    todo = [page for page in run.pages if urls.output_file(page.path) not in kept]
    _render_pages_step(run, steps, todo, data_files=False, late_keys=False)
    if clash := sorted(path for path in kept if path in run.sink)[:1]:
        raise duplicate(clash[0])
    return Rendered(kept, keys)


def _render_pages_step(
    run: _Run, steps: Steps, todo: list[PagePlan], data_files: bool, late_keys: bool
) -> dict[str, str]:
    """Render ``todo`` (and the data files, if asked) into ``run.sink``; the page keys if ``late_keys``.

    When every page is rendered, every view and card is made first, each in its own step.
    With a second core and many paper pages, a child shares the paper pages and the data
    files with this process (``_SharedJob``) while this process makes views and cards and
    renders list pages. The keys (``late_keys``) are made here: a list page's from the
    context it was rendered from, the rest before the paper pages are shared out.
    """
    everything = len(todo) == len(run.pages)
    papers = [page for page in todo if isinstance(page.source, CatalogPaper)]
    parallel = len(papers) >= PARALLEL_MIN_PAGES and run.forks
    works = [*(_data_works(run) if data_files else []), *_paper_works(run, papers)] if parallel else []
    keys = PageKeys(run.plan, run.site_key) if late_keys else None
    # Forked before the views are made: the child makes those of the pages it renders as it
    # goes (each view is made by one process or, for the pages this one takes, by both).
    job = _SharedJob(run, works, keys=False, parallel=parallel)
    with job.cancelled_on_error():
        if everything:
            with steps.step("views"):
                run.views.make_all()
            with steps.step("fragments"):
                run.cards.make_all()
        with steps.step("pages"):
            rest = [page for page in todo if not isinstance(page.source, CatalogPaper)] if parallel else todo
            _render_pages(run.sink, run.theme, run.site, run.plan, rest, keys)
        if data_files and not parallel:
            _data_files(run, steps)
        made: dict[str, str] = {}
        if keys is not None:
            with steps.step("keys"):
                made = keys.of(todo)
        if parallel:
            with steps.step("paper pages and data files" if data_files else "paper pages"):
                job.finish()
    return made


PARALLEL_MIN_PAGES = 2000
"""Pages from which a second core renders or keys them: below, forking costs more than it saves."""
CHUNK_PAGES = 200
"""Paper pages claimed at a time: small enough that both cores finish at about the same time."""
EXPORT_CHUNK = 500
"""Papers whose own exports are claimed at a time (two small files each)."""

Work = Callable[[Sink], None]
"""Files made into the sink given: the unit of work two processes share."""


def _paper_works(run: _Run, papers: list[PagePlan]) -> list[Work]:
    """The paper pages in chunks; they need views only (each made on first use)."""
    return [partial(_render_chunk, run, papers[i : i + CHUNK_PAGES]) for i in range(0, len(papers), CHUNK_PAGES)]


def _data_works(run: _Run) -> list[Work]:
    """Feeds, sitemap, papers.json, exports: as ``_data_files``, one work each."""
    exports = [partial(_export_files, run, ext) for ext in EXPORT_FORMATS]
    # Each paper's own exports, in chunks the two processes share: as one work, the one that
    # took it would write a file or two per paper while the other waited.
    papers = run.plan.catalog.papers
    own = [partial(_paper_exports, run, papers[i : i + EXPORT_CHUNK]) for i in range(0, len(papers), EXPORT_CHUNK)]
    return [*(partial(make, run) for make in (_feed_files, _sitemap_files, _papers_json)), *exports, *own]


class _SharedJob:
    """``works`` shared by this process and a forked child, and the page keys (if asked).

    With ``parallel``, a forked child makes the keys, then takes works from the front of the
    list while this process does its own part of the build, then takes works from the back
    (``Claims``) in ``finish``: both end at about the same time, however busy each core is.
    Else ``finish`` makes the keys here, and the caller (who then passes no works) does the rest.
    """

    def __init__(self, run: _Run, works: list[Work], keys: bool, parallel: bool) -> None:
        self.run, self.keys, self.works = run, keys, works
        self._claims = Claims(len(works)) if parallel else None
        self._child = Offload([self._child_work]) if parallel else None

    def _child_work(self) -> tuple[dict[str, str], object]:
        assert self._claims is not None
        keys = self._keys()
        part = self.run.sink.part()
        for index in self._claims.from_front():
            self.works[index](part)
        return keys, part.records()

    def _keys(self) -> dict[str, str]:
        run = self.run
        return page_keys(run.pages, run.plan, run.site_key) if self.keys else {}

    @contextmanager
    def cancelled_on_error(self) -> Iterator[None]:
        """Stop the child if this process fails (a template error): else the exit would wait for it."""
        try:
            yield
        except BaseException:
            if self._child is not None:
                self._child.cancel()
            raise

    def finish(self) -> dict[str, str]:
        """Do the works left to this process, take the child's; the page keys (if asked)."""
        sink, mine = self.run.sink, []
        for index in self._claims.from_back() if self._claims is not None else ():
            self.works[index](sink)
            mine.append(index)
        done = self._child.results() if self._child is not None else None
        if done is None:  # no child, or it failed: whatever it did is done again here
            for index in sorted(set(range(len(self.works))) - set(mine)):
                self.works[index](sink)
            return self._keys()
        [(keys, records)] = done
        sink.absorb(records)
        return keys


def _all_pages(catalog: Catalog, config: SiteConfig, script_path: str) -> list[PagePlan]:
    """Every page, with no two for one file."""
    search = PagePlan(SEARCH, "search.html", partial(search_page, script_path=script_path))
    pages = [*page_plans(catalog, config), search]
    seen: set[str] = set()
    for page in pages:
        path = urls.output_file(page.path)
        if path in seen:
            raise duplicate(path)
        seen.add(path)
    return pages


class _Views(dict[str, PaperView]):
    """Paper views by slug, each made on first use."""

    def __init__(self, catalog: Catalog, linker: urls.Linker) -> None:
        super().__init__()
        self.catalog, self.linker = catalog, linker

    def __missing__(self, slug: str) -> PaperView:
        view = self[slug] = paper_view(self.catalog.by_slug[slug], self.linker)
        return view

    def make_all(self) -> None:
        for paper in self.catalog.papers:
            self[paper.slug]  # made by __missing__


class _Cards(dict[str, Markup]):
    """Paper cards by slug, each rendered on first use; ``item``: a paper's entry in short lists."""

    def __init__(self, theme: Theme, views: _Views) -> None:
        super().__init__()
        self.theme, self.views = theme, views

    def __missing__(self, slug: str) -> Markup:
        card = self[slug] = self.theme.fragment("partials/card.html", {"p": self.views[slug]})
        return card

    def item(self, slug: str) -> Markup:
        return self.theme.fragment("partials/item.html", {"p": self.views[slug]})

    def make_all(self) -> None:
        for paper in self.views.catalog.papers:
            self[paper.slug]  # made by __missing__


def _site_key(config: SiteConfig, templates: Path | None, site: SiteView) -> str:
    """The key of what every page depends on: code, theme, config and the site view.

    ``today`` is left out: the one page that depends on it (the home page's staleness
    notice) has the notice in its context, so only that page's key changes from day to day.
    """
    return blake(
        code_key().encode(),
        folder_key(templates).encode(),
        repr(replace(config, today=None)).encode(),
        value_bytes(site),
    )


def _render_pages(
    sink: Sink, theme: Theme, site: SiteView, plan: Plan, pages: list[PagePlan], keys: PageKeys | None = None
) -> None:
    """Make and render ``pages`` into ``sink``; with ``keys``, make each page's key from its spec."""
    for page in pages:
        spec = page.make(plan)
        if (spec.path, spec.template, spec.in_sitemap) != (page.path, page.template, page.in_sitemap):
            raise RenderError(f"the plan of page {page.path!r} does not match its spec {spec.path!r}")
        sink.put(urls.output_file(spec.path), theme.render(spec.template, {"site": site, **spec.context}))
        if keys is not None:
            keys.rendered(page, spec.context)


def _render_chunk(run: _Run, pages: list[PagePlan], sink: Sink) -> None:
    _render_pages(sink, run.theme, run.site, run.plan, pages)


def _data_files(run: _Run, steps: Steps) -> None:
    """Feeds, sitemap, robots.txt, papers.json, health.json and the exports."""
    with steps.step("feeds"):
        _feed_files(run, run.sink)
    with steps.step("sitemap"):
        _sitemap_files(run, run.sink)
        _papers_json(run, run.sink)
    with steps.step("exports"):
        for ext in EXPORT_FORMATS:
            _export_files(run, ext, run.sink)
        _paper_exports(run, run.plan.catalog.papers, run.sink)


def _feed_files(run: _Run, sink: Sink) -> None:
    for path, data in _feeds(run.plan.catalog, run.plan.config, run.plan.linker, run.views).items():
        sink.put(path, data)


def _sitemap_files(run: _Run, sink: Sink) -> None:
    """The sitemap, robots.txt and health.json."""
    catalog, config = run.plan.catalog, run.plan.config
    for path, data in feeds.sitemap((page.path for page in run.pages if page.in_sitemap), config).items():
        sink.put(path, data)
    sink.put(urls.ROBOTS, feeds.robots(config))
    sink.put(urls.HEALTH, health_json(catalog))


def _papers_json(run: _Run, sink: Sink) -> None:
    for path, parts in feeds.papers_json_files(run.plan.catalog, run.plan.config):
        sink.put_parts(path, parts)


def _export_files(run: _Run, ext: str, sink: Sink) -> None:
    for path, parts in export_files(run.plan.catalog, run.plan.config, ext, run.entries):
        sink.put_parts(path, parts)


def _paper_exports(run: _Run, papers: Sequence[CatalogPaper], sink: Sink) -> None:
    for path, data in paper_export_files(papers, run.plan.config, run.entries):
        sink.put(path, data)


@dataclass(frozen=True, slots=True)
class _Assets:
    """The fingerprinted paths of the stylesheet, the paper pages' script and the icon."""

    css: str
    copy_script: str
    favicon: str


def _asset(sink: Sink, theme: Theme, name: str) -> str:
    """Put the static file ``name`` into ``sink`` under its fingerprinted path; that path."""
    data = theme.static(name)
    path = fingerprinted(name, data)
    sink.put(path, data)
    return path


def _site_view(config: SiteConfig, linker: urls.Linker, assets: _Assets, fresh: Freshness) -> SiteView:
    return SiteView(
        title=config.title,
        title_zh=config.title_zh,
        description=config.description,
        home=linker.href(urls.home()),
        archive=linker.href(urls.ARCHIVE),
        subjects=linker.href(urls.SUBJECTS),
        feed=linker.href(urls.FEED),
        papers_json=linker.href(urls.PAPERS_JSON),
        css=linker.href(assets.css),
        search=linker.href(SEARCH),
        copy_script=linker.href(assets.copy_script),
        favicon=linker.href(assets.favicon),
        freshness=fresh,
    )


def _feeds(catalog: Catalog, config: SiteConfig, linker: urls.Linker, views: dict[str, PaperView]) -> dict[str, bytes]:
    size = config.feed_entries
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
