"""Where every page lives. One place maps a page to its output file and its links.

A *page path* names a page relative to the site root: ``""`` (home), ``dates/2024-03-14/``,
``feed.xml``. Links are the base URL plus the page path, so they work at any depth (the
404 page included) and under a project path such as ``/my-digests/``.
"""

from __future__ import annotations

import datetime as dt
import re

from digestgen.render.config import SiteConfig

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def segment(text: str) -> str:
    """A safe path segment: letters, digits, ``.``, ``_`` and ``-`` only."""
    cleaned = _UNSAFE.sub("-", text).strip("-.")
    return cleaned or "-"


def paged(path: str, page: int) -> str:
    """Page 1 of a list lives at the list's own path; page n at ``path/page/n/``."""
    return path if page == 1 else f"{path}page/{page}/"


def home(page: int = 1) -> str:
    """Home page number ``page``."""
    return paged("", page)


def day(date: dt.date) -> str:
    """One date's papers."""
    return f"dates/{date.isoformat()}/"


def paper(slug: str) -> str:
    """One paper."""
    return f"papers/{segment(slug)}/"


def paper_export(slug: str, ext: str) -> str:
    """One paper's BibTeX (``bib``) or RIS (``ris``) file, beside its page: ``papers/2306.01667/2306.01667.bib``."""
    return f"{paper(slug)}{segment(slug)}.{ext}"


def subject(code: str, page: int = 1) -> str:
    """A subject's papers."""
    return paged(f"subjects/{segment(code)}/", page)


def subject_feed(code: str) -> str:
    """A subject's Atom feed."""
    return f"subjects/{segment(code)}/feed.xml"


def digest(key: str) -> str:
    """One digest as it was published, in the post's own order."""
    return f"digests/{segment(key)}/"


def export(folder: str, ext: str) -> str:
    """The BibTeX (``bib``) or RIS (``ris``) file of a page's papers: ``dates/D/papers.bib``."""
    return f"{folder}papers.{ext}"


ARCHIVE = "archive/"
SUBJECTS = "subjects/"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
NOT_FOUND = "404.html"
PAPERS_JSON = "papers.json"
"""The index of the papers' JSON files, one per year (``papers_of_year``)."""
ROBOTS = "robots.txt"
HEALTH = "health.json"


def papers_of_year(year: int) -> str:
    """The JSON file of the papers first listed in ``year``."""
    return f"papers-{year:04d}.json"


def output_file(path: str) -> str:
    """The file that serves a page path: directories get ``index.html``."""
    return path + "index.html" if path == "" or path.endswith("/") else path


class Linker:
    """Turns page paths into links for one base URL and one public address.

    It also carries the site's own subject names (settings ``[subjects]``): every place that
    shows a subject also links to its page, so the names travel with the links.
    """

    __slots__ = ("base", "origin", "subject_names")

    def __init__(self, base_url: str, site_url: str, subject_names: tuple[tuple[str, str, str], ...] = ()) -> None:
        self.base = base_url
        self.origin = site_url[: len(site_url) - len(base_url)] if site_url.endswith(base_url) else site_url
        self.subject_names = subject_names
        """(code, English, Chinese) names that replace or add to the built-in ones."""

    @classmethod
    def for_site(cls, config: SiteConfig) -> Linker:
        """The linker of ``config``'s site: its base URL, public address and subject names."""
        return cls(config.base_url, config.site_url, config.subject_names)

    def href(self, path: str) -> str:
        """A link that works from any page of the site."""
        return self.base + path

    def absolute(self, path: str) -> str:
        """A full URL, for feeds and the sitemap."""
        return self.origin + self.base + path
