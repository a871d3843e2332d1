"""Paper pages' heads, read back as Google Scholar, Zotero and link previews read them:
``citation_*`` meta tags, OpenGraph and Twitter card tags, schema.org JSON-LD."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from digestgen.catalog import build_catalog
from digestgen.records.model import Digest, Paper
from digestgen.render import make_config, render

SITE = "https://x.example/"
BREAKOUT = 'Escape </script><script>alert(1)</script> <!-- & "quotes" \u2028 end'
PAPERS = (
    Paper(
        title="Towards In-context Scene Understanding",
        title_zh="迈向情境场景理解",
        authors=("Ivana Balažević", "David Steiner"),
        arxiv="2306.01667",
        subjects=("cs.CV",),
        abstract="We study in-context learning for dense tasks.",
        tags=("scenes",),
    ),
    Paper(title=BREAKOUT, authors=("</script>Mallory",), url="https://doi.org/10.1000/xyz123", abstract=BREAKOUT),
    Paper(abstract="A paper whose digest gave no title at all, only this abstract about graphs."),
)


@pytest.fixture(scope="module")
def heads() -> dict[str, Any]:
    files = render(build_catalog([Digest(dt.date(2024, 3, 14), papers=PAPERS)]), make_config("/", SITE))
    pages = {path: data for path, data in files.items() if path.startswith("papers/") and path.endswith(".html")}
    return {Path(path).parent.name: lxml.html.fromstring(data).find("head") for path, data in pages.items()}


def _meta(head: Any, name: str) -> list[str]:
    return [str(e.get("content")) for e in head.findall("meta") if name in (e.get("name"), e.get("property"))]


def _json_ld(head: Any) -> Any:
    [script] = [e for e in head.findall("script") if e.get("type") == "application/ld+json"]
    assert [e.get("src", "").split(".")[0] for e in head.findall("script") if e is not script] == ["/assets/copy"]
    return json.loads(script.text)


def test_citation_tags_of_an_arxiv_paper(heads: dict[str, Any]) -> None:
    head = heads["2306.01667"]
    assert _meta(head, "citation_title") == ["Towards In-context Scene Understanding"]
    assert _meta(head, "citation_author") == ["Ivana Balažević", "David Steiner"]
    assert _meta(head, "citation_publication_date") == ["2023"]
    assert _meta(head, "citation_arxiv_id") == ["2306.01667"]
    assert _meta(head, "citation_pdf_url") == ["https://arxiv.org/pdf/2306.01667"]
    assert _meta(head, "citation_abstract_html_url") == [SITE + "papers/2306.01667/"]
    assert _meta(head, "citation_keywords") == ["cs.CV; scenes"]


def test_link_preview_tags(heads: dict[str, Any]) -> None:
    head = heads["2306.01667"]
    assert _meta(head, "og:type") == ["article"]
    assert _meta(head, "og:title") == ["Towards In-context Scene Understanding · Paper Digests"]
    assert _meta(head, "og:url") == [SITE + "papers/2306.01667/"] == _meta(head, "citation_abstract_html_url")
    assert _meta(head, "og:description") == ["We study in-context learning for dense tasks."]
    assert _meta(head, "twitter:card") == ["summary"]


def test_json_ld_is_a_scholarly_article(heads: dict[str, Any]) -> None:
    article = _json_ld(heads["2306.01667"])
    assert article["@context"] == "https://schema.org" and article["@type"] == "ScholarlyArticle"
    assert article["name"] == article["headline"] == "Towards In-context Scene Understanding"
    assert article["alternateName"] == "迈向情境场景理解"
    people = [{"@type": "Person", "name": "Ivana Balažević"}, {"@type": "Person", "name": "David Steiner"}]
    assert article["author"] == people
    assert article["datePublished"] == "2023-06"
    assert article["identifier"] == {"@type": "PropertyValue", "propertyID": "arXiv", "value": "2306.01667"}
    assert article["sameAs"] == "https://arxiv.org/abs/2306.01667"


def test_scraped_text_cannot_leave_the_json_ld(heads: dict[str, Any]) -> None:
    [slug] = [slug for slug in heads if slug.startswith("escape")]
    head = heads[slug]
    article = _json_ld(head)  # one JSON-LD script, no other: the title did not close it and open one
    raw = lxml.html.tostring(head, encoding="unicode")
    assert "\u2028" not in raw.split("application/ld+json", 1)[1].split("</script>", 1)[0]
    assert article["name"] == BREAKOUT and article["abstract"] == BREAKOUT
    assert article["author"] == [{"@type": "Person", "name": "</script>Mallory"}]
    assert _meta(head, "citation_title") == [BREAKOUT]
    assert _meta(head, "citation_doi") == ["10.1000/xyz123"]
    assert "citation_arxiv_id" not in str(lxml.html.tostring(head))


def test_an_untitled_paper_is_cited_by_the_title_its_page_shows(heads: dict[str, Any]) -> None:
    [slug] = [slug for slug in heads if slug not in ("2306.01667",) and not slug.startswith("escape")]
    head = heads[slug]
    shown = "A paper whose digest gave no title at all, only this abstract about graphs."
    assert _meta(head, "citation_title") == [shown] and _json_ld(head)["name"] == shown
    assert head.findtext("title").startswith(shown)
    assert _meta(head, "citation_publication_date") == ["2024"] and _json_ld(head)["datePublished"] == "2024"
