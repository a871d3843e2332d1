"""The built site in headless Chromium (Debian's package, driven by Playwright).

Walks home -> day -> digest -> paper -> subject at desktop and the narrowest phone width
(320 px, where WCAG 1.4.10 asks for no sideways scrolling), in light and dark themes, runs
axe-core on every page type (zero violations of any impact) and saves screenshots under
tests/artifacts/. axe-core is vendored under tests/fixtures/vendor/
with its licence (MPL-2.0), so the test needs no network.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from site_helpers import FIXTURES, SITE_DIGESTS, build

from digestgen.build.pipeline import build_site
from digestgen.render import make_config
from synthetic import write_digests

AXE = FIXTURES / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).parent.parent / "artifacts" / "site"
BASE = "/my-digests/"
VIEWS = [(1280, "light"), (320, "light"), (1280, "dark"), (320, "dark")]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, serve_folder: Callable[[Path], str]) -> str:
    root = tmp_path_factory.mktemp("www")
    build(SITE_DIGESTS, root / BASE.strip("/"), base_url=BASE)
    return serve_folder(root)


def _check(page: Any, name: str, width: int, scheme: str) -> None:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert not bad, f"{name} at {width}px, {scheme}: " + "; ".join(bad)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"{name} is {overflow}px wide at {width}px"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}-{scheme}.png"), full_page=True)


@pytest.mark.parametrize(("width", "scheme"), VIEWS)
def test_walk_home_day_paper_subject(server: str, browser: Any, width: int, scheme: str) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(server + BASE)
    assert page.title().startswith("Paper Digests")
    _check(page, "1-home", width, scheme)
    page.click(".digest h2 a >> nth=0")
    assert page.url == server + BASE + "dates/2024-03-14/"
    _check(page, "2-day", width, scheme)
    page.click("p.dmeta:has-text('As published') a >> text=每日学术速递 2024.03.14")
    assert page.url == server + BASE + "digests/2024-03-14-daily/"
    _check(page, "2-digest", width, scheme)
    page.go_back()
    page.click(".card h3 a >> nth=1")
    assert "/papers/" in page.url and page.locator("h1").count() == 1
    _check(page, "3-paper", width, scheme)
    page.click(".paper .meta a.chip >> nth=0")
    assert page.url.startswith(server + BASE + "subjects/")
    _check(page, "4-subject", width, scheme)
    page.close()


@pytest.mark.parametrize("path", ["archive/", "subjects/", "search/", "404.html"])
def test_other_pages_are_accessible(server: str, browser: Any, path: str) -> None:
    for width, scheme in VIEWS:
        page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page.goto(server + BASE + path)
        _check(page, "5-" + path.strip("/").replace(".html", ""), width, scheme)
        page.close()


def test_keyboard_focus_is_visible(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + BASE)
    page.keyboard.press("Tab")
    skip = page.evaluate("[document.activeElement.textContent, getComputedStyle(document.activeElement).outlineStyle]")
    assert skip == ["Skip to content", "solid"]
    page.close()


def test_the_bibtex_copy_button_appears_with_javascript_and_copies(server: str, browser: Any) -> None:
    paper = server + BASE + "papers/2306.01667/"
    without = browser.new_context(java_script_enabled=False)
    page = without.new_page()
    page.goto(paper)
    assert page.locator("button.copy").is_hidden() and page.locator("pre.bib").is_visible()
    without.close()
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(paper)
    page.click("button.copy")
    page.wait_for_function("document.querySelector('.copied').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("pre.bib").text_content()
    assert page.locator("pre.bib").text_content().startswith("@misc{arXiv:2306.01667,")
    context.close()


@pytest.fixture(scope="module")
def long_lists(tmp_path_factory: pytest.TempPathFactory, serve_folder: Callable[[Path], str]) -> str:
    """A site whose subjects run to many pages: 600 papers on 20 dates, 5 papers to a page."""
    work = tmp_path_factory.mktemp("long")
    write_digests(work / "digests", 600)
    config = replace(make_config(BASE, "https://x.example" + BASE), papers_per_page=5)
    build_site(work / "digests", work / "www" / BASE.strip("/"), config, templates=None)
    return serve_folder(work / "www")


def test_a_subject_page_says_which_page_it_is_and_its_pager_keeps_to_one_line(long_lists: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(long_lists + BASE + "subjects/cs.CV/page/12/")
    note = page.locator(".head strong").text_content()
    assert re.fullmatch(r"Page 12 of 2\d: \d+ – \d+ Jan 2024|Page 12 of 2\d: \d+ Jan 2024", note), note
    assert page.locator(".pager a").count() > 7  # arrows, first, last, the current one and its neighbours
    pager = page.locator(".pager").bounding_box()
    link = page.locator(".pager a[aria-current]").bounding_box()
    assert pager is not None and link is not None and pager["height"] < 2 * link["height"], (pager, link)
    _check(page, "6-subject-page-12", 320, "light")  # axe, no sideways scrolling, a screenshot
    page.close()


def test_home_chips_lead_to_the_days_papers_of_the_subject(long_lists: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(long_lists + BASE)
    chip = page.locator(".digest .meta a.chip >> nth=0")
    code, count = chip.text_content().split()
    chip.click()
    assert page.url.endswith("/dates/2024-01-20/#" + code)
    group = page.locator("section.group", has=page.locator(f'h2[id="{code}"]'))
    assert group.locator(".card").count() == int(count)
    page.close()


def test_chinese_body_text_is_looser_than_chinese_headings(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + BASE + "papers/p-71842850/")  # a paper with only a Chinese title and abstract
    ratio = "e => parseFloat(getComputedStyle(e).lineHeight) / parseFloat(getComputedStyle(e).fontSize)"
    heading = page.locator("h1[lang=zh]").evaluate(ratio)
    body = page.locator("section.abstract[lang=zh] p >> nth=0").evaluate(ratio)
    assert round(body, 2) == 1.75 and heading < 1.4, (heading, body)
    page.close()
