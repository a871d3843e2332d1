"""What readers and screen readers get from list pages: tiles, calendar, headings, home lists, icon."""

from __future__ import annotations

import itertools
from pathlib import Path

import lxml.html

from digestgen.build.pipeline import BuildResult


def _page(out: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((out / path / "index.html").read_bytes())


def test_archive_tiles_read_as_day_month_and_count(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    tiles = [" ".join(a.text_content().split()) for a in _page(out, "archive").xpath("//ul[@class='days']//a")]
    assert tiles == ["4 March: 3 papers", "14 March: 5 papers", "29 December: 2 papers"]


def test_every_calendar_day_with_papers_links_to_its_page(built_root: tuple[Path, BuildResult]) -> None:
    out, result = built_root
    page = _page(out, "archive")
    links = page.xpath("//*[local-name()='svg']//*[local-name()='a']/@href")
    assert sorted(links) == sorted(f"/dates/{d.isoformat()}/" for d in result.catalog.dates)
    assert all((out / link.strip("/") / "index.html").is_file() for link in links)
    assert [svg.get("aria-hidden") for svg in page.xpath("//*[local-name()='svg']")] == ["true", "true"]
    assert page.xpath("//figure[@class='cal']")[0].get("aria-label") == "Papers listed per day in 2024, on 2 days"


def test_headings_never_skip_a_level(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    for path in ("", "dates/2024-03-14", "digests/2024-03-14-daily", "papers/2306.01667", "subjects/cs.CV", "archive"):
        levels = [int(h.tag[1]) for h in _page(out, path).iter("h1", "h2", "h3", "h4")]
        assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels)), (path, levels)


def test_home_lists_show_authors_and_the_pdf_and_code_links(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    items = {li.find("a").text: li for li in _page(out, "").xpath("//ol[@class='items']/li")}
    brief = items["Attention Is All You Need"].xpath("span[@class='brief']")[0]
    assert brief.text.startswith("Ashish Vaswani, Noam Shazeer, Niki Parmar +5")
    assert [(a.text, a.get("href")) for a in brief.iter("a")] == [("PDF", "https://arxiv.org/pdf/1706.03762")]
    with_code = [li for li in items.values() if "Code" in li.xpath("span[@class='brief']/a/text()")]
    assert with_code, "a paper with a code link shows it"


def test_every_page_has_the_sites_icon(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    [icon] = _page(out, "").xpath("//link[@rel='icon']")
    assert icon.get("type") == "image/svg+xml" and (out / icon.get("href").lstrip("/")).read_text().startswith("<svg")
