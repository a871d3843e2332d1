"""What a paper page's head tells other tools about the paper.

- Highwire ``citation_*`` meta tags, as Google Scholar's inclusion guidelines describe them;
  the Zotero Connector and other reference managers save a paper from them.
- schema.org ``ScholarlyArticle`` as JSON-LD, for search engines.

(The OpenGraph and Twitter card tags of link previews are written by the templates from
the page's title and description, for every page.) Every value comes from scraped records:
meta tags are escaped by the template as any attribute is, and the JSON-LD is escaped here
so that no text can end its ``<script>`` element (``json_script``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import orjson
from markupsafe import Markup, escape

from digestgen.arxiv import abs_url, pdf_url
from digestgen.catalog import CatalogPaper
from digestgen.render.bibtex import keywords, year_of
from digestgen.render.exports import arxiv_month
from digestgen.render.text import clean, clean_all, excerpt, lang_of
from digestgen.render.titles import paper_title

HEADLINE_CHARS = 110
"""schema.org's ``headline``: Google shows at most this many characters."""
_DOI = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class MetaTag:
    """``<meta name="…" content="…">``."""

    name: str
    content: str


def citation_meta(paper: CatalogPaper, page_url: str) -> Markup:
    """``citation_tags`` as the head's ``<meta>`` elements, one a line, every value escaped.

    Made here rather than by a loop in the template: a Jinja loop's attribute lookups were
    most of the cost of the tags, and every paper page has a dozen of them.
    """
    tags = citation_tags(paper, page_url)
    return Markup("\n".join([f'<meta name="{t.name}" content="{escape(t.content)}">' for t in tags]))


def citation_tags(paper: CatalogPaper, page_url: str) -> tuple[MetaTag, ...]:
    """The paper's ``citation_*`` tags: title, one per author, date, ids and where to read it."""
    record = paper.record
    title = paper_title(paper)
    tags = [MetaTag("citation_title", title)]
    tags += [MetaTag("citation_author", author) for author in clean_all(record.authors)]
    # Scholar asks for a full date or the year alone; the year is what an arXiv id tells.
    tags.append(MetaTag("citation_publication_date", str(year_of(paper))))
    if record.arxiv:
        tags += [MetaTag("citation_arxiv_id", record.arxiv), MetaTag("citation_pdf_url", pdf_url(record.arxiv))]
    if doi := doi_of(record.url):
        tags.append(MetaTag("citation_doi", doi))
    tags.append(MetaTag("citation_abstract_html_url", page_url))
    tags.append(MetaTag("citation_language", lang_of(title)))
    if words := keywords(paper):
        tags.append(MetaTag("citation_keywords", "; ".join(clean_all(words))))
    return tuple(tags)


def doi_of(url: str | None) -> str | None:
    """The DOI of a ``https://doi.org/10.…`` link, else None."""
    match = _DOI.match(url or "")
    return match.group(1) if match else None


def scholarly_article(paper: CatalogPaper, page_url: str) -> dict[str, object]:
    """The schema.org ``ScholarlyArticle`` of the paper, as plain data."""
    record = paper.record
    title = paper_title(paper)
    article: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": excerpt(title, HEADLINE_CHARS),
        "name": title,
        "url": page_url,
        "datePublished": published(paper),
        "inLanguage": lang_of(title),
    }
    if record.title and record.title_zh:
        article["alternateName"] = clean(record.title_zh)
    if record.authors:
        article["author"] = [{"@type": "Person", "name": name} for name in clean_all(record.authors)]
    if record.abstract or record.abstract_zh:
        article["abstract"] = clean(record.abstract or record.abstract_zh or "")
    if record.arxiv:
        article["identifier"] = {"@type": "PropertyValue", "propertyID": "arXiv", "value": record.arxiv}
        article["sameAs"] = abs_url(record.arxiv)
    if words := keywords(paper):
        article["keywords"] = list(clean_all(words))
    return article


def published(paper: CatalogPaper) -> str:
    """An ISO 8601 date as precise as known: ``2023-06`` from an arXiv id, else the year of its first listing."""
    year = year_of(paper)
    month = arxiv_month(paper.record.arxiv) if paper.record.arxiv else None
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def json_script(data: object) -> Markup:
    """``data`` as JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` is left as
    itself (each becomes its ``\\u`` escape, the same string to a JSON reader), so no text can
    close the element or open a comment in it; U+2028 and U+2029 are escaped as well."""
    # orjson writes what json.dumps(..., ensure_ascii=False, separators=(",", ":")) writes;
    # five str.replace calls are a tenth of the time of one str.translate with a table.
    text = orjson.dumps(data).decode()
    for char, escaped in _SCRIPT_ESCAPES:
        if char in text:
            text = text.replace(char, escaped)
    return Markup(text)


_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
