"""How fresh the site is: the newest digest's date, ``health.json``, the home page's notice.

Only the notice depends on the day of the build (``SiteConfig.today``); the footer and
``health.json`` are functions of the digests alone, so rebuilding on another day changes
nothing else. ``health.json`` is for monitoring: compare ``newest_digest`` with today.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from digestgen import __version__
from digestgen.catalog import Catalog
from digestgen.render.config import SiteConfig
from digestgen.render.text import long_date, plural, short_date


@dataclass(frozen=True, slots=True)
class Freshness:
    """The newest digest's date, as every page's footer shows it."""

    newest: str | None
    """``14 Mar 2024``; None when there are no digests."""
    newest_iso: str | None


@dataclass(frozen=True, slots=True)
class StaleNotice:
    """The home page's note that the newest digest is older than expected."""

    newest: str
    """``Thursday, 14 March 2024``."""
    newest_iso: str
    age: str
    """``6 days``."""


def newest_date(catalog: Catalog) -> dt.date | None:
    """The date of the newest digest, if there is one."""
    return catalog.dates[-1] if catalog.dates else None


def freshness(catalog: Catalog) -> Freshness:
    """The footer's data."""
    newest = newest_date(catalog)
    return Freshness(short_date(newest), newest.isoformat()) if newest else Freshness(None, None)


def stale_notice(catalog: Catalog, config: SiteConfig) -> StaleNotice | None:
    """A notice when the newest digest is more than ``stale_after_days`` older than ``today``."""
    newest = newest_date(catalog)
    if newest is None or config.today is None or config.stale_after_days <= 0:
        return None
    age = (config.today - newest).days
    if age <= config.stale_after_days:
        return None
    return StaleNotice(long_date(newest), newest.isoformat(), plural(age, "day"))


def health_json(catalog: Catalog) -> bytes:
    """``health.json``: newest and oldest digest dates, counts, and digestgen's version."""
    newest = newest_date(catalog)
    data = {
        "newest_digest": newest.isoformat() if newest else None,
        "oldest_digest": catalog.dates[0].isoformat() if catalog.dates else None,
        "digests": len(catalog.digests),
        "dates": len(catalog.dates),
        "papers": len(catalog.papers),
        "generator": "digestgen",
        "version": __version__,
    }
    return (json.dumps(data, indent=2) + "\n").encode()
