"""The as-published view: a page per digest file, in the post's own order, linked with its day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html
import pytest
from site_helpers import build

from digestgen.build.pipeline import BuildResult
from digestgen.catalog import digest_keys

DAY = dt.date(2024, 3, 14)
EARLIER = """\
date: 2024-03-10
title: Earlier digest
papers:
  - {title: Alpha, arxiv: "2403.00001", subjects: [cs.LG]}
"""
POST = """\
date: 2024-03-14
title: 每日速递 as posted
source: https://example.org/post/14
papers:
  - {title: Gamma, arxiv: "2403.00003", subjects: [cs.CV]}
  - {title: Alpha, arxiv: "2403.00001", subjects: [cs.CV]}
  - {title: Beta, arxiv: "2403.00002", subjects: [cs.AI]}
  - {title: Gamma again, arxiv: "2403.00003"}
"""
OTHER = """\
date: 2024-03-14
papers:
  - {title: Beta, arxiv: "2403.00002"}
  - {title: Delta, arxiv: "2403.00004", subjects: [cs.AI]}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    digests = tmp_path_factory.mktemp("digests")
    for name, text in (("2024-03-10-earlier", EARLIER), ("2024-03-14-posted", POST), ("2024-03-14-zz", OTHER)):
        (digests / f"{name}.yaml").write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("published") / "site"
    build(digests, out)
    return out


def _page(out: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((out / path).read_bytes())


def _paper_hrefs(page: lxml.html.HtmlElement) -> list[str]:
    return [str(href) for href in page.xpath('//article[@class="card"]/h3/a/@href')]


def test_keys_come_from_the_file_name_and_never_repeat() -> None:
    assert digest_keys([
        (DAY, "digests/2024/2024-03-14-daily.yaml"),
        (DAY, "elsewhere/2024-03-14-daily.yaml"),
        (DAY, "digests/2024/2024-03-14.yaml"),
        (DAY, ""),
        (DAY, "digests/2024-03-14-Meiri Sudi.yml"),
        (DAY, "digests/2024-03-14-爱可可.yaml"),
    ]) == [
        "2024-03-14-daily", "2024-03-14-daily-2", "2024-03-14-digest", "2024-03-14-digest-2",
        "2024-03-14-meiri-sudi", "2024-03-14-digest-3",
    ]  # fmt: skip


def test_the_post_keeps_its_own_order(site: Path) -> None:
    page = _page(site, "digests/2024-03-14-posted/index.html")
    # Alpha was first listed on 10 March and Beta also appears in the other digest of the
    # day; the post's order still wins, and the repeated Gamma is listed once.
    assert _paper_hrefs(page) == ["/papers/2403.00003/", "/papers/2403.00001/", "/papers/2403.00002/"]
    assert page.xpath("string(//h1)") == "每日速递 as posted"
    assert page.xpath("//h1/@lang") == ["zh"]
    assert page.xpath('//a[@href="https://example.org/post/14"]')


def test_the_merged_day_groups_differently(site: Path) -> None:
    day = _page(site, "dates/2024-03-14/index.html")
    assert _paper_hrefs(day) == [
        "/papers/2403.00002/", "/papers/2403.00004/", "/papers/2403.00003/", "/papers/2403.00001/",
    ]  # fmt: skip


def test_the_day_and_its_digests_link_to_each_other(site: Path) -> None:
    day = _page(site, "dates/2024-03-14/index.html")
    published = day.xpath('//p[starts-with(., "As published")]/a')
    assert [(a.text_content(), a.get("href")) for a in published] == [
        ("每日速递 as posted", "/digests/2024-03-14-posted/"),
        ("Digest of Thursday, 14 March 2024", "/digests/2024-03-14-zz/"),
    ]
    for key, sibling in (("posted", "zz"), ("zz", "posted")):
        page = _page(site, f"digests/2024-03-14-{key}/index.html")
        hrefs = page.xpath("//main//a/@href")
        assert "/dates/2024-03-14/" in hrefs
        assert f"/digests/2024-03-14-{sibling}/" in hrefs


def test_every_digest_has_a_page_in_the_sitemap(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text()
    for key in ("2024-03-10-earlier", "2024-03-14-posted", "2024-03-14-zz"):
        assert f"/digests/{key}/</loc>" in sitemap


def test_the_fixture_site_has_a_page_per_digest_file(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    pages = sorted(p.parent.name for p in (out / "digests").glob("*/index.html"))
    assert pages == ["2023-12-29-year-end", "2024-03-04-cv", "2024-03-14-aikeke", "2024-03-14-daily"]
    daily = _page(out, "digests/2024-03-14-daily/index.html")
    assert _paper_hrefs(daily) == ["/papers/2306.01667/", "/papers/2402.19481/", "/papers/p-71842850/"]
