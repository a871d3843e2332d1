"""The search page: a form with subject and year filters, and the script that queries the index.

The page is rendered like any other; the filters (every subject and year, with counts)
come from the catalog, so they have their names and work as a plain GET form. The
script (``static/search.js``, the site's only JavaScript) loads the Pagefind bundle from
the site itself and shows results. Built with ``--no-search``, the page says so instead.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from digestgen.catalog import Catalog, CatalogPaper
from digestgen.render import urls
from digestgen.render.listing import subject_index
from digestgen.render.pages import PageSpec, Plan
from digestgen.render.theme import Theme, fingerprinted
from digestgen.render.views import SubjectView

SEARCH = "search/"
"""The search page's path; the header's search box sends its query there as ``q``."""
SCRIPT = "static/search.js"
"""The search page's script, a template-folder file like the stylesheet."""
BUNDLE = "pagefind/"
"""Where the build puts the Pagefind index (``digestgen.search`` writes it there), one bundle a shard."""


def shard_of(day: dt.date) -> str:
    """The index shard of a paper first listed on ``day``: its month, ``2024-03``.

    A shard is a Pagefind bundle of its own (``pagefind/2024-03/``), made again only when one
    of its papers changed. A month (about 900 papers at 30 a day) is indexed in about 2 s of
    CPU and 300 MB (``bench/search_cost.py``), so an edit re-indexes in about that, and two
    shards indexed side by side stay well within a small machine's memory. A quarter took
    three times as long and 900 MB a process (10,000 papers: a 1.8 GB process tree against
    0.9 GB); the search page merges more bundles (a decade of papers: 120), which at 10,000
    papers (11 against 4) did not slow its first results (``bench/search_browser.py``).
    """
    return f"{day.year}-{day.month:02d}"


def paper_shard(paper: CatalogPaper) -> str:
    """The shard that indexes ``paper``: that of its first listing."""
    return shard_of(paper.first_date)


def shards(catalog: Catalog) -> list[str]:
    """Every shard of the catalog's papers, newest first."""
    return sorted({paper_shard(paper) for paper in catalog.papers}, reverse=True)


@dataclass(frozen=True, slots=True)
class YearOption:
    """A year filter: the year and how many papers were listed in it."""

    year: str
    count: int


@dataclass(frozen=True, slots=True)
class SearchView:
    """What the search page's template sees."""

    built: bool
    """Whether the build made an index (False with ``--no-search``)."""
    href: str
    """The page's own link (the form's action)."""
    base: str
    """The site's base URL; result links are site-relative and get it prepended."""
    bundles: tuple[str, ...]
    """Links to the Pagefind bundle of every shard, newest first (the page searches them as one)."""
    script: str
    """Link to the page's script."""
    subjects: tuple[SubjectView, ...]
    """Every subject with its count, biggest first."""
    years: tuple[YearOption, ...]
    """Every year with its count, newest first."""
    papers: int
    """How many papers the index holds."""


def paper_years(paper: CatalogPaper) -> list[str]:
    """The years a paper was listed in: its ``year`` filter values (the index uses the same)."""
    return sorted(str(year) for year in _listed_years(paper))


def _listed_years(paper: CatalogPaper) -> Collection[int]:
    """The years a paper was listed in, each once (most papers are listed once: no set then)."""
    appearances = paper.appearances
    if len(appearances) == 1:
        return (appearances[0].digest.date.year,)
    return {appearance.digest.date.year for appearance in appearances}


def search_script(theme: Theme) -> tuple[str, bytes]:
    """The script's fingerprinted output path and its bytes."""
    script = theme.static(SCRIPT)
    return fingerprinted(SCRIPT, script), script


def search_view(catalog: Catalog, linker: urls.Linker, built: bool, script_path: str) -> SearchView:
    """The search page's data."""
    years = _year_counts(catalog)
    return SearchView(
        built=built,
        href=linker.href(SEARCH),
        base=linker.href(""),
        bundles=tuple(linker.href(f"{BUNDLE}{shard}/") for shard in shards(catalog)),
        script=linker.href(script_path),
        subjects=subject_index(catalog, linker),
        years=tuple(YearOption(str(year), years[year]) for year in sorted(years, key=str, reverse=True)),
        papers=len(catalog.papers),
    )


def _year_counts(catalog: Catalog) -> Counter[int]:
    """How many papers were listed in each year (``paper_years``, counted without making their
    text: the search page is made twice a build, for its key and its render)."""
    counts: Counter[int] = Counter()
    for paper in catalog.papers:
        counts.update(_listed_years(paper))
    return counts


def search_page(plan: Plan, script_path: str) -> PageSpec:
    """The search page."""
    description = "Search every paper by title, author or abstract, in English or Chinese."
    view = search_view(plan.catalog, plan.linker, plan.config.search, script_path)
    return PageSpec(SEARCH, "search.html", {
        "meta": plan.meta(SEARCH, "Search", description, "search"),
        "search": view,
    })  # fmt: skip
