"""Freshness: the footer's newest date, health.json, and the home page's notice when late."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import lxml.html
import pytest
import yaml
from site_helpers import SITE_DIGESTS, TODAY, build, tree

import digestgen
from digestgen.build.pipeline import BuildResult, build_date
from digestgen.catalog import Catalog, build_catalog
from digestgen.records.loader import load_digests
from digestgen.render import SiteConfig, render
from digestgen.render.freshness import stale_notice

DEMO = Path(__file__).parent.parent.parent / "digests"
NEWEST = dt.date(2024, 3, 14)
"""The fixture site's newest digest."""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return build_catalog(load_digests(SITE_DIGESTS).digests)


def _notice(html: bytes) -> str:
    return " ".join(lxml.html.fromstring(html).xpath('string(//p[@class="notice"])').split())


def test_health_json_describes_the_demo_content(tmp_path: Path) -> None:
    build(DEMO, tmp_path / "site")
    health = json.loads((tmp_path / "site" / "health.json").read_text())
    files = sorted(DEMO.rglob("*.yaml"))
    dates = sorted({str(yaml.safe_load(f.read_text(encoding="utf-8"))["date"]) for f in files})
    papers = json.loads((tmp_path / "site" / "papers.json").read_text())["count"]
    assert health == {
        "newest_digest": dates[-1],
        "oldest_digest": dates[0],
        "digests": len(files),
        "dates": len(dates),
        "papers": papers,
        "generator": "digestgen",
        "version": digestgen.__version__,
    }
    assert files and papers > 0


def test_every_page_names_the_newest_digest_in_its_footer(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    pages = [path for path in tree(out) if path.endswith(".html")]
    for path in pages:
        footer = lxml.html.fromstring((out / path).read_bytes()).xpath("//footer")[0]
        assert footer.xpath(".//time/@datetime") == [NEWEST.isoformat()], path
        assert "newest digest 14 Mar 2024" in " ".join(footer.text_content().split()), path


@pytest.mark.parametrize(
    ("today", "after", "expected"),
    [
        (NEWEST + dt.timedelta(days=3), 3, None),
        (NEWEST + dt.timedelta(days=4), 3, "4 days"),
        (NEWEST + dt.timedelta(days=1), 0, None),
        (NEWEST + dt.timedelta(days=400), 0, None),
        (NEWEST + dt.timedelta(days=2), 1, "2 days"),
        (NEWEST, 1, None),
    ],
)
def test_the_notice_counts_days_after_the_newest_digest(
    catalog: Catalog, today: dt.date, after: int, expected: str | None
) -> None:
    notice = stale_notice(catalog, SiteConfig(stale_after_days=after, today=today))
    assert (notice.age if notice else None) == expected


def test_without_a_build_date_there_is_no_notice(catalog: Catalog) -> None:
    assert stale_notice(catalog, SiteConfig(today=None)) is None
    assert stale_notice(build_catalog([]), SiteConfig(today=TODAY)) is None


def test_the_home_page_says_when_digests_are_late(catalog: Catalog) -> None:
    late = render(catalog, SiteConfig(today=TODAY))["index.html"]
    assert _notice(late) == (
        "The newest digest is from Thursday, 14 March 2024, 6 days before this page was built; new digests may be late."
    )
    fresh = render(catalog, SiteConfig(today=NEWEST + dt.timedelta(days=1)))["index.html"]
    assert _notice(fresh) == ""


def test_only_the_home_page_depends_on_the_build_date(catalog: Catalog) -> None:
    one = render(catalog, SiteConfig(today=NEWEST))
    other = render(catalog, SiteConfig(today=NEWEST + dt.timedelta(days=30)))
    assert one.keys() == other.keys()
    assert [path for path in one if one[path] != other[path]] == ["index.html"]


def test_the_build_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710806400")  # 2024-03-19T00:00:00Z
    assert build_date() == dt.date(2024, 3, 19)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_date() == dt.datetime.now(dt.UTC).date()


def test_the_setting_defaults_to_three_days() -> None:
    assert SiteConfig().stale_after_days == 3
