"""What a site build is asked to make: base path, public address, title, page sizes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_SITE_URL = "http://localhost:8000/"
"""Used for feeds and the sitemap when no public address is given (local previews)."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Site-wide settings; every page and feed is a function of the catalog and these."""

    base_url: str = "/"
    """Path the site is served under, starting and ending with ``/`` (``/my-digests/``)."""
    site_url: str = DEFAULT_SITE_URL
    """Absolute address of the site's root, ending with ``/``; feeds and sitemap use it."""
    title: str = "Paper Digests"
    """Site name, shown in the header and feeds."""
    title_zh: str = "论文速递"
    """Chinese site name, shown beside the English one."""
    description: str = "Research papers from daily digests, by date and by subject."
    """One sentence for the home page's description and the site feed's subtitle."""
    dates_per_page: int = 10
    """Dates (with their digests) on each home page."""
    papers_per_page: int = 30
    """Papers on each subject page."""
    feed_entries: int = 50
    """Newest papers in each Atom feed."""
    search: bool = True
    """Whether the build makes a search index (``--no-search`` turns it off)."""
    language: str = "en"
    """Language tag of the pages (``<html lang>``); Chinese text carries ``lang="zh"`` itself."""
    stale_after_days: int = 3
    """Days after the newest digest when the home page says new digests may be late; 0: never."""
    today: dt.date | None = None
    """The build's date, against which staleness is measured; None: no notice.

    Only the home page depends on it (``digestgen build`` passes the day it runs), so every
    other output stays a function of the digests alone.
    """
    subject_names: tuple[tuple[str, str, str], ...] = ()
    """(code, English, Chinese) names that replace or add to the built-in subject names."""


def make_config(base_url: str | None = None, site_url: str | None = None, *, search: bool = True) -> SiteConfig:
    """A config from command-line values.

    ``site_url`` is the public address (``https://me.github.io/my-digests/``); when only it
    is given, its path becomes the base URL. When only ``base_url`` is given, feeds and the
    sitemap point at ``http://localhost:8000`` under that path.
    """
    if site_url:
        site_url = _with_slash(site_url)
        parts = urlsplit(site_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"--site-url must be an absolute http(s) URL, not {site_url!r}")
    base = normalize_base_url(base_url if base_url is not None else urlsplit(site_url or "/").path)
    if not site_url:
        site_url = DEFAULT_SITE_URL.rstrip("/") + base
    elif urlsplit(site_url).path != base:
        site_url = f"{urlsplit(site_url).scheme}://{urlsplit(site_url).netloc}{base}"
    return SiteConfig(base_url=base, site_url=site_url, search=search)


def normalize_base_url(value: str) -> str:
    """``my-digests`` or ``/my-digests`` -> ``/my-digests/``; empty -> ``/``."""
    if "://" in value or "?" in value or "#" in value:
        raise ValueError(f"--base-url is a path such as /my-digests/, not {value!r}")
    parts = [p for p in value.split("/") if p]
    return "/" + "".join(p + "/" for p in parts)


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
