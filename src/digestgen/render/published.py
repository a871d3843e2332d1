"""The as-published view: one page per digest file, its papers in the post's own order.

The day page merges every digest of a date and groups papers by subject; this page shows
one post as its author wrote it (title, source, order), and the two link to each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from digestgen.catalog import Catalog, DigestEntry
from digestgen.render import urls
from digestgen.render.text import clean, link_label, long_date, safe_url, zh_date
from digestgen.render.views import LinkView


@dataclass(frozen=True, slots=True)
class PublishedLink:
    """A digest of a day, linked to its own page."""

    title: str
    href: str
    count: int


@dataclass(frozen=True, slots=True)
class DigestView:
    """One digest as it was published."""

    title: str
    date: str
    date_zh: str
    date_iso: str
    day_href: str
    """The merged page of its date."""
    source: LinkView | None
    """The post it was read from; ``href`` None when the address is not a safe link."""
    cards: tuple[Markup, ...]
    """Its papers, in the post's order."""
    siblings: tuple[PublishedLink, ...]
    """The other digests of the same date."""


def digest_title(digest: DigestEntry) -> str:
    """The post's own title, else a name made from its date."""
    return clean(digest.title or "") or f"Digest of {long_date(digest.date)}"


def published_links(digests: Sequence[DigestEntry], linker: urls.Linker) -> tuple[PublishedLink, ...]:
    """Links to the own pages of ``digests`` (those of one date)."""
    return tuple(PublishedLink(digest_title(d), linker.href(urls.digest(d.key)), len(d.slugs)) for d in digests)


def digest_view(catalog: Catalog, digest: DigestEntry, linker: urls.Linker, cards: Mapping[str, Markup]) -> DigestView:
    """The view of one digest's page; ``cards`` holds each paper's card by slug."""
    others = [d for d in catalog.digests_by_date[digest.date] if d.number != digest.number]
    return DigestView(
        title=digest_title(digest),
        date=long_date(digest.date),
        date_zh=zh_date(digest.date),
        date_iso=digest.date.isoformat(),
        day_href=linker.href(urls.day(digest.date)),
        source=_source(digest.source),
        cards=tuple(cards[slug] for slug in digest.slugs),
        siblings=published_links(others, linker),
    )


def _source(source: str | None) -> LinkView | None:
    if not source:
        return None
    href = safe_url(source)
    return LinkView(link_label(href) if href else clean(source), href)
