"""Helpers for the search tests: the seed fixture, builds, and what the catalog says papers are."""

from __future__ import annotations

from pathlib import Path

from digestgen.build.pipeline import BuildResult, build_site
from digestgen.catalog import Catalog, CatalogPaper, build_catalog
from digestgen.records.loader import load_digests
from digestgen.render import make_config

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEARCH_DIGESTS = FIXTURES / "search" / "digests"
"""The records `digestgen ingest` made of the seed posts (000, 002, 003, 004)."""
BASE = "/my-digests/"


def build(digests: Path, out: Path, base_url: str = BASE, search: bool = True) -> BuildResult:
    """Build ``digests`` into ``out`` with the package's templates."""
    config = make_config(base_url, f"https://digests.example.org{base_url}", search=search)
    return build_site(digests, out, config, templates=None)


def catalog(digests: Path = SEARCH_DIGESTS) -> Catalog:
    """The fixture's catalog."""
    loaded = load_digests(digests)
    assert loaded.ok, loaded.problems
    return build_catalog(loaded.digests)


def paper_url(paper: CatalogPaper, base: str = BASE) -> str:
    """The paper page's path on the site."""
    return f"{base}papers/{paper.slug}/"


def find(papers: Catalog, title_word: str) -> CatalogPaper:
    """The one paper whose English title holds ``title_word``."""
    found = [p for p in papers.papers if title_word in (p.record.title or "")]
    assert len(found) == 1, f"{title_word!r} names {len(found)} papers"
    return found[0]


def chinese_text(paper: CatalogPaper) -> str:
    """The paper's Chinese title and abstract."""
    return f"{paper.record.title_zh or ''}\n{paper.record.abstract_zh or ''}"


def english_text(paper: CatalogPaper) -> str:
    """The paper's English title, authors and abstract."""
    r = paper.record
    return f"{r.title or ''}\n{', '.join(r.authors)}\n{r.abstract or ''}"
