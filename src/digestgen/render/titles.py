"""The title a paper is shown, cited and shared by, including a paper whose record has none."""

from __future__ import annotations

from digestgen.catalog import CatalogPaper
from digestgen.render.text import clean, excerpt

FALLBACK_TITLE_CHARS = 80
"""Characters of an abstract that stand in for a missing title."""


def paper_title(paper: CatalogPaper) -> str:
    """English title, else Chinese, else the start of an abstract, else the slug.

    Pages, descriptions, the BibTeX and RIS exports and the citation tags all use this one
    title, so that a reference manager files an untitled paper under the heading its page shows.
    """
    r = paper.record
    fallback = r.abstract or r.abstract_zh or paper.slug
    return clean(r.title or r.title_zh or "") or excerpt(fallback, FALLBACK_TITLE_CHARS)
