"""Atom feeds, sitemap, robots.txt and papers.json: well-formed, complete, absolute links."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import orjson
from hypothesis import given
from hypothesis import strategies as st
from site_helpers import SITE_URL, tree

from digestgen.build.pipeline import BuildResult
from digestgen.render import make_config
from digestgen.render.feeds import sitemap

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _feed(out: Path, path: str) -> ET.Element:
    return ET.fromstring((out / path).read_bytes())


def test_the_site_feed_is_valid_atom_with_absolute_links(built_subpath: tuple[Path, BuildResult]) -> None:
    out, result = built_subpath
    feed = _feed(out, "feed.xml")
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.findtext(f"{ATOM}updated") == "2024-03-14T00:00:00Z"  # the newest paper, not the build time
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == "https://digests.example.org/my-digests/feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(result.catalog.papers)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), required
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href", "").startswith("https://digests.example.org/my-digests/papers/")


def test_each_subject_has_a_feed_of_its_papers(built_root: tuple[Path, BuildResult]) -> None:
    out, result = built_root
    for code, papers in result.catalog.by_subject.items():
        entries = _feed(out, f"subjects/{code}/feed.xml").findall(f"{ATOM}entry")
        assert len(entries) == len(papers)
        for entry in entries:
            assert code in [c.get("term") for c in entry.findall(f"{ATOM}category")]


def test_the_sitemap_lists_every_page_but_404(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    locs = {loc.text for loc in ET.fromstring((out / "sitemap.xml").read_bytes()).iter(f"{SITEMAP}loc")}
    pages = {p for p in tree(out) if p.endswith(".html") and p != "404.html"}
    expected = {SITE_URL + p.removesuffix("index.html") for p in pages}
    assert locs == expected


def test_a_sitemap_past_the_limit_becomes_an_index() -> None:
    files = sitemap((f"papers/{n}/" for n in range(50_001)), make_config("/", "https://x.org/"))
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{SITEMAP}sitemapindex" and len(index) == 2


def test_robots_points_at_the_sitemap(built_subpath: tuple[Path, BuildResult]) -> None:
    out, _ = built_subpath
    robots = (out / "robots.txt").read_text()
    assert "Sitemap: https://digests.example.org/my-digests/sitemap.xml" in robots


def _papers_by_year(out: Path) -> list[dict[str, Any]]:
    """Every paper of the year files the index names, newest year first."""
    index = json.loads((out / "papers.json").read_bytes())
    papers = []
    for year in index["years"]:
        held = json.loads((out / year["path"]).read_bytes())
        assert held["year"] == year["year"] and len(held["papers"]) == year["count"]
        assert year["url"] == SITE_URL + year["path"]
        papers += held["papers"]
    assert len(papers) == index["count"]
    return papers


def test_papers_json_indexes_a_file_per_year(built_root: tuple[Path, BuildResult]) -> None:
    out, result = built_root
    index = json.loads((out / "papers.json").read_bytes())
    assert [(y["year"], y["count"], y["path"]) for y in index["years"]] == [
        (2024, 6, "papers-2024.json"), (2023, 2, "papers-2023.json")
    ]  # fmt: skip
    assert index["count"] == len(result.catalog.papers)


def test_the_year_files_hold_every_merged_record(built_root: tuple[Path, BuildResult]) -> None:
    out, result = built_root
    papers = _papers_by_year(out)
    assert sorted(p["slug"] for p in papers) == sorted(p.slug for p in result.catalog.papers)
    for paper in result.catalog.papers:
        [held] = [p for p in papers if p["slug"] == paper.slug]
        assert held["appearances"][0]["date"].startswith(str(paper.first_date.year))
    distrifusion = next(p for p in papers if p.get("arxiv") == "2402.19481")
    assert [a["date"] for a in distrifusion["appearances"]] == ["2024-03-04", "2024-03-14"]
    assert distrifusion["subjects"] == ["cs.CV", "cs.DC"]
    assert distrifusion["page"] == SITE_URL + "papers/2402.19481/"


_JSON_TEXT = st.text(st.characters(exclude_categories=["Cs"]))  # no lone surrogates: YAML cannot hold one
_JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | _JSON_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_JSON_TEXT, inner, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(_JSON_TEXT, _JSON_VALUE, max_size=6))
def test_papers_json_lines_are_the_standard_librarys_compact_json(record: dict[str, object]) -> None:
    # papers.json is written by orjson for speed; its bytes must be what json.dumps writes
    # (control characters, quotes, backslashes, Chinese and U+2028 included).
    expected = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
    assert orjson.dumps(record) == expected


def test_a_year_file_has_one_paper_per_line(built_root: tuple[Path, BuildResult]) -> None:
    out, result = built_root
    lines = (out / "papers-2024.json").read_bytes().split(b"\n")
    assert lines[0] == b'{"year":2024,"papers":[' and lines[-2:] == [b"]}", b""]
    records = [json.loads(line.removesuffix(b",")) for line in lines[1:-2]]
    assert [record["slug"] for record in records] == [
        p.slug for p in result.catalog.papers if p.first_date.year == 2024
    ]
