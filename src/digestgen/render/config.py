"""What a site build is asked to make: base path, public address, title, page sizes."""

from __future__ import annotations

import datetime as dt
import json
import re
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
        site_url = _with_slash(check_site_url(site_url))
    base = normalize_base_url(base_url if base_url is not None else urlsplit(site_url or "/").path)
    if not site_url:
        site_url = DEFAULT_SITE_URL.rstrip("/") + base
    elif urlsplit(site_url).path != base:
        site_url = f"{urlsplit(site_url).scheme}://{urlsplit(site_url).netloc}{base}"
    return SiteConfig(base_url=base, site_url=site_url, search=search)


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Characters no setting may hold: C0 and C1 controls (tab and newline too), DEL, and the
line and paragraph separators. In a feed they make invalid XML, in robots.txt new lines."""
_PATH = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*")
"""What a URL path may hold as it is (RFC 3986), ``%``-escapes included: no spaces, no
backslash (which browsers read as ``/``, so ``/\\evil.com\\`` would load another host's files)."""
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOST = re.compile(rf"(?:(?:{_LABEL}\.)*{_LABEL}|\[[0-9A-Fa-f:.]+\])(?::\d{{1,5}})?")
"""A host name or a bracketed IP v6 address, and a port: no user, nothing else."""


def normalize_base_url(value: str) -> str:
    """``my-digests`` or ``/my-digests`` -> ``/my-digests/``; empty -> ``/``.

    ``ValueError`` for anything but a plain URL path (an address, a query, a backslash, a space).
    """
    if "://" in value or not _PATH.fullmatch(value):
        raise ValueError(f"--base-url is a path such as /my-digests/, not {shown(value)}")
    parts = [p for p in value.split("/") if p]
    return "/" + "".join(p + "/" for p in parts)


def check_site_url(value: str) -> str:
    """``value`` if it is an absolute http(s) address of a host, with a plain path; else ``ValueError``."""
    if CONTROL.search(value) or not value.isascii():
        raise ValueError(f"--site-url must hold no spaces or control characters, not {shown(value)}")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"--site-url must be an absolute http(s) URL, not {shown(value)}")
    if not _HOST.fullmatch(parts.netloc) or not _PATH.fullmatch(parts.path) or parts.query or parts.fragment:
        raise ValueError(
            f"--site-url must be a host and a plain path (no spaces, backslashes or query), not {shown(value)}"
        )
    return value


def shown(value: str) -> str:
    """``value`` in double quotes, its control characters escaped, so that a message stays one line."""
    return json.dumps(value, ensure_ascii=False)


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
