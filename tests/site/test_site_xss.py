"""Scraped text is untrusted: it never becomes markup, a script, or a live unsafe link."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from site_helpers import build, parse

from digestgen.catalog import build_catalog
from digestgen.records.model import Digest, Paper
from digestgen.render import make_config, render

EVIL = '<script>alert(1)</script>"onload="alert(2)</title><img src=x onerror=alert(3)>'
EVIL_PAPER = Paper(
    title=EVIL,
    title_zh="中文" + EVIL,
    authors=("<b>Mallory</b>", 'Eve "onmouseover="alert(4)'),
    affiliations=("</p><script>alert(5)</script>",),
    url="javascript:alert(6)",
    code="JaVaScRiPt:alert(7)",
    links=("data:text/html,<script>alert(8)</script>", 'https://ok.example/"onmouseover="alert(9)', "vbscript:x"),
    subjects=("cs.CV", "<svg onload=alert(10)>"),
    abstract=EVIL + "\n\n</textarea>",
    abstract_zh="摘要" + EVIL,
    tags=("<i>tag</i>",),
    note='[click](javascript:alert(11)) <script>alert(12)</script> <a href="javascript:alert(13)">a</a>',
)
EVIL_DIGEST = Digest(dt.date(2024, 5, 1), title=EVIL, source="javascript:alert(14)", papers=(EVIL_PAPER,))


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return render(build_catalog([EVIL_DIGEST]), make_config("/", "https://x.example/"))


def _unsafe(value: str) -> bool:
    return value.strip().lower().startswith(("javascript:", "vbscript:", "data:text"))


def _the_search_script(path: str, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """The site's one script: the search page's own module, from the site's assets."""
    return (
        path.endswith("search/index.html")
        and tag == "script"
        and dict(attrs).get("type") == "module"
        and re.fullmatch(r"/assets/search\.[0-9a-f]+\.js", dict(attrs).get("src") or "") is not None
    )


def _paper_scripts(path: str, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """A paper page's schema.org data, a script element that browsers do not run
    (``test_site_citation`` checks that no text breaks out of it), and its copy button's
    module, from the site's assets."""
    if not path.startswith("papers/") or tag != "script":
        return False
    copy_button = re.fullmatch(r"/assets/copy\.[0-9a-f]+\.js", dict(attrs).get("src") or "") is not None
    return attrs == [("type", "application/ld+json")] or (dict(attrs).get("type") == "module" and copy_button)


def test_no_page_gets_a_script_an_event_handler_or_an_unsafe_link(files: dict[str, bytes]) -> None:
    pages = {path: parse(data) for path, data in files.items() if path.endswith(".html")}
    assert len(pages) > 5
    for path, page in pages.items():
        for tag, attrs in page.tags:
            if _the_search_script(path, tag, attrs) or _paper_scripts(path, tag, attrs):
                continue
            assert tag not in ("script", "img", "iframe", "object", "embed", "textarea"), (path, tag)
            assert tag != "svg" or ("class", "heat") in attrs, (path, attrs)
            for name, value in attrs:
                assert not name.startswith("on"), (path, tag, name)
                if name in ("href", "src"):
                    assert not _unsafe(value or ""), (path, tag, value)


def test_titles_show_the_text_as_written(files: dict[str, bytes]) -> None:
    paper_page = next(data for path, data in files.items() if path.startswith("papers/"))
    page = parse(paper_page)
    assert page.title.startswith(EVIL)
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in paper_page
    assert b"&lt;b&gt;Mallory&lt;/b&gt;" in paper_page


def test_unsafe_urls_are_shown_as_text_not_links(files: dict[str, bytes]) -> None:
    paper_page = next(data for path, data in files.items() if path.startswith("papers/")).decode()
    assert '<span class="dead">javascript:alert(6)</span>' in paper_page
    assert "ok.example" in paper_page and 'href="https://ok.example/' not in paper_page


def test_feeds_and_data_files_stay_well_formed(files: dict[str, bytes]) -> None:
    for path, data in files.items():
        if path.endswith(".xml"):
            ET.fromstring(data)
    papers = json.loads(files["papers-2024.json"])["papers"]
    assert papers[0]["title"] == EVIL


def test_hostile_text_read_from_yaml_is_escaped(tmp_path: Path) -> None:
    digests = tmp_path / "digests"
    digests.mkdir()
    (digests / "2024-05-01.yaml").write_text(
        "date: 2024-05-01\npapers:\n"
        f"  - title: {json.dumps(EVIL)}\n"
        f"    abstract: {json.dumps(EVIL)}\n"
        f"    note: {json.dumps(EVIL_PAPER.note)}\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    build(digests, out)
    for page in out.rglob("*.html"):
        path = page.relative_to(out).as_posix()
        for tag, attrs in parse(page.read_bytes()).tags:
            if _the_search_script(path, tag, attrs) or _paper_scripts(path, tag, attrs):
                continue
            assert tag != "script" and not any(name.startswith("on") for name, _ in attrs), page
