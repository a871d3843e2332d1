"""Plain view data for one paper and one subject: what templates see, and nothing else.

Templates never receive records or catalog objects; every value here is text, a link
already made safe, or a tuple of such views. (A paper's view keeps the catalog paper it was
made from, to make its page-only values on demand; templates do not use it.) URLs in
records are untrusted: a link that is not http(s) becomes text (``href`` is None), never a
live link.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from digestgen.arxiv import abs_url, pdf_url
from digestgen.catalog import Appearance, CatalogPaper
from digestgen.render import urls
from digestgen.render.bibtex import bibtex
from digestgen.render.citation import citation_meta, json_script, scholarly_article
from digestgen.render.exports import BIB, RIS, ExportLinks
from digestgen.render.hub import HubLink, host, hub_links
from digestgen.render.text import (
    clean,
    clean_all,
    excerpt,
    lang_of,
    link_label,
    safe_url,
    short_authors,
    short_date,
)
from digestgen.render.titles import paper_title
from digestgen.subjects import subject_name

EXCERPT_ZH = 120
"""Characters of a Chinese abstract shown on list pages."""
EXCERPT_EN = 240
"""Characters of an English abstract shown on list pages."""
BRIEF_AUTHORS = 3
"""Authors named in the home page's lists."""

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


# The views made per paper are slotted, not frozen: a frozen dataclass sets each field
# through object.__setattr__, and a 10,000-paper build makes 30,000 links and 10,000
# appearances (twice, in two processes). Nothing changes a view once it is made.
@dataclass(slots=True)
class LinkView:
    """A link; ``href`` is None when the address was not a safe http(s) URL."""

    label: str
    href: str | None


@dataclass(frozen=True, slots=True)
class SubjectView:
    """A subject code with its names and its page."""

    code: str
    en: str
    zh: str
    href: str
    count: int = 0
    feed_href: str = ""


@dataclass(slots=True)
class AppearanceView:
    """One digest a paper appeared in."""

    date: str
    date_iso: str
    href: str
    """The merged day page."""
    digest_href: str
    """The digest's own page, as published."""
    digest_title: str
    source: LinkView | None
    position: int


@dataclass(eq=False)
class PaperView:
    """Everything a template may show about one paper.

    ``hub`` and ``bibtex`` are made when a template first asks for them: only the paper's
    own page shows them, and they were half the cost of a view that a card or a feed uses.
    Not frozen, as the other per-paper views (above): a frozen dataclass sets each of its
    23 fields through ``object.__setattr__``, a fifth of the cost of a view.
    """

    slug: str
    href: str
    url: str
    """Absolute address of the paper page."""
    title: str
    """The heading: English title, else Chinese."""
    title_lang: str
    """``en`` or ``zh``, the language of ``title``."""
    subtitle_zh: str | None
    """The Chinese title when the heading is English."""
    authors: tuple[str, ...]
    authors_short: str
    affiliations: tuple[str, ...]
    subjects: tuple[SubjectView, ...]
    arxiv: str | None
    links: tuple[LinkView, ...]
    """arXiv, PDF, code, main link and other links, in that order."""
    abstract: str | None
    abstract_zh: str | None
    excerpt: str
    excerpt_lang: str
    tags: tuple[str, ...]
    note_html: Markup | None
    """The editor's note, Markdown rendered without raw HTML or unsafe links."""
    appearances: tuple[AppearanceView, ...]
    mentions: int
    """How many digests listed it."""
    first_date: dt.date
    paper: CatalogPaper = field(repr=False, compare=False)
    """What the view was made from, for ``hub`` and ``bibtex``."""

    @cached_property
    def hub(self) -> tuple[HubLink, ...]:
        """Where else to read or find it: arXiv HTML, paper sites, title searches (``render.hub``)."""
        record = self.paper.record
        return hub_links(record.arxiv, record.title or record.title_zh)

    @cached_property
    def bibtex(self) -> str:
        """The paper's BibTeX entry, as its page shows it."""
        return bibtex(self.paper, self.url)

    @cached_property
    def authors_brief(self) -> str:
        """The first three authors and how many more: the home page's lists."""
        return short_authors(self.authors, BRIEF_AUTHORS)

    @cached_property
    def brief_links(self) -> tuple[LinkView, ...]:
        """The arXiv PDF and the code, where they can be followed: the home page's lists.

        Labels are ``_links``' own: "PDF" only an arXiv id makes, "Code · host" only the code link.
        """
        return tuple(
            link for link in self.links if link.href and (link.label == "PDF" or link.label.startswith("Code"))
        )

    @cached_property
    def exports(self) -> ExportLinks:
        """Its own BibTeX and RIS files, beside its page."""
        name = self.href + urls.segment(self.slug)  # the files' names beside the page: urls.paper_export
        return ExportLinks(f"{name}.{BIB}", f"{name}.{RIS}", 1)

    @cached_property
    def citation_meta(self) -> Markup:
        """The ``citation_*`` meta elements of its page's head (``render.citation``)."""
        return citation_meta(self.paper, self.url)

    @cached_property
    def json_ld(self) -> Markup:
        """Its schema.org ``ScholarlyArticle``, as JSON safe inside ``<script>``."""
        return json_script(scholarly_article(self.paper, self.url))


def subject_view(code: str, linker: urls.Linker, count: int = 0) -> SubjectView:
    """A subject as pages show it."""
    # Keyed by the base URL (``linker.href`` is base + path) and the site's own names.
    return _subject_view(code, linker.base, count, linker.subject_names)


@lru_cache(maxsize=4096)  # a site has a few dozen subjects, met on every paper and list page
def _subject_view(code: str, base_url: str, count: int, names: tuple[tuple[str, str, str], ...]) -> SubjectView:
    name = subject_name(code, names)
    return SubjectView(code, name.en, name.zh, base_url + urls.subject(code), count, base_url + urls.subject_feed(code))


def paper_view(paper: CatalogPaper, linker: urls.Linker) -> PaperView:
    """The view of one merged paper."""
    r = paper.record
    path = urls.paper(paper.slug)
    url = linker.absolute(path)
    authors = clean_all(r.authors)
    title = paper_title(paper)
    text = r.abstract_zh or r.abstract or ""
    text_lang = lang_of(text)
    return PaperView(
        slug=paper.slug,
        href=linker.href(path),
        url=url,
        title=title,
        title_lang=lang_of(title),
        subtitle_zh=clean(r.title_zh) if r.title and r.title_zh else None,
        authors=authors,
        authors_short=short_authors(authors),  # clean(short_authors(r.authors)): cleaning is per character
        affiliations=clean_all(r.affiliations),
        subjects=tuple(subject_view(code, linker) for code in r.subjects),
        arxiv=r.arxiv,
        links=_links(paper),
        abstract=clean(r.abstract) if r.abstract else None,
        abstract_zh=clean(r.abstract_zh) if r.abstract_zh else None,
        excerpt=excerpt(text, EXCERPT_ZH if text_lang == "zh" else EXCERPT_EN),
        excerpt_lang=text_lang,
        tags=clean_all(r.tags),
        note_html=render_note(r.note),
        appearances=tuple(_appearance(a, linker) for a in paper.appearances),
        mentions=len({a.digest.number for a in paper.appearances}),
        first_date=paper.first_date,
        paper=paper,
    )


def render_note(note: str | None) -> Markup | None:
    """An editor's Markdown note as HTML; raw HTML is escaped and unsafe links dropped."""
    if not note:
        return None
    return Markup(_markdown().render(clean(note)))  # js-default escapes raw HTML


@cache
def _markdown() -> MarkdownIt:
    """The note renderer, imported on first use: most sites have no notes (14 ms saved at start-up)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("js-default")


def _links(paper: CatalogPaper) -> tuple[LinkView, ...]:
    r = paper.record
    found: list[LinkView] = []
    if r.arxiv:
        found += [LinkView("arXiv", abs_url(r.arxiv)), LinkView("PDF", pdf_url(r.arxiv))]
    if r.code:
        found.append(_code_link(r.code))
    if r.url:
        found.append(_link(r.url))
    found += [_link(u) for u in r.links]
    return tuple(found)


def _link(url: str) -> LinkView:
    """A link labelled by where it leads; an unsafe address is shown as text."""
    href = safe_url(url)
    return LinkView(link_label(url) if href else clean(url), href)


def _code_link(url: str) -> LinkView:
    """``Code · github.com``: where the code lives, when the link is safe to follow."""
    href = safe_url(url)
    where = host(url) if href else ""
    return LinkView(f"Code · {where}" if where else "Code", href)


def _appearance(appearance: Appearance, linker: urls.Linker) -> AppearanceView:
    digest = appearance.digest
    line = _digest_line(digest.date, digest.key, digest.title, digest.source, linker.base)
    return AppearanceView(*line, position=appearance.position)


@lru_cache(maxsize=4096)  # every paper of a digest shows the same line for it
def _digest_line(
    date: dt.date, key: str, title: str | None, source: str | None, base_url: str
) -> tuple[str, str, str, str, str, LinkView | None]:
    """``AppearanceView``'s fields up to ``position``; links are ``linker.href``, base URL + path."""
    source_link = LinkView(link_label(source), safe_url(source)) if source else None
    digest_href = base_url + urls.digest(key)
    return short_date(date), date.isoformat(), base_url + urls.day(date), digest_href, clean(title or ""), source_link
