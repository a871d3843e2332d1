"""Search in headless Chromium: the seed site built under /my-digests/ and served over HTTP.

Queries go through the header's search box or the search page's own box, as a reader
would type them; results are checked against what the catalog says each paper holds.
Screenshots are saved under tests/artifacts/search/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from search_helpers import BASE, FIXTURES, catalog, chinese_text, english_text, find, paper_url

from digestgen.catalog import Catalog

ARTIFACTS = Path(__file__).parent.parent / "artifacts" / "search"
AXE = FIXTURES / "vendor" / "axe-core" / "axe.min.js"
DONE = re.compile(r"^\d+ papers?( |,|$)")


@pytest.fixture(scope="module")
def papers() -> Catalog:
    return catalog()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page; fails the test if any script error happened on it."""
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield tab
    tab.close()
    assert not errors, errors


def _results(page: Any) -> list[dict[str, str]]:
    """Wait for the search to finish; every result's link, title, Chinese title and excerpt."""
    page.wait_for_function(f"/{DONE.pattern}/.test(document.getElementById('search-status').textContent)")
    script = """cards => cards.map(c => ({
        href: c.querySelector('h3 a').getAttribute('href'), title: c.querySelector('h3 a').textContent,
        zh: c.querySelector('.zh')?.textContent || '', authors: c.querySelector('.au')?.textContent || '',
        excerpt: c.querySelector('.ex').innerHTML, near: c.classList.contains('near')}))"""
    return list(page.eval_on_selector_all("#search-results article", script))


def _search(page: Any, server: str, query: str) -> list[dict[str, str]]:
    page.goto(server + BASE + "search/")
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    return _results(page)


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_header_box_leads_to_results_and_distrifusion_comes_first(server: str, page: Any, papers: Catalog) -> None:
    page.goto(server + BASE)
    page.fill("header form.find input[name=q]", "DistriFusion")
    page.press("header form.find input[name=q]", "Enter")
    page.wait_for_url(re.compile(re.escape(server + BASE + "search/?q=DistriFusion")))
    found = _results(page)
    expected = find(papers, "DistriFusion")
    assert found[0]["href"] == paper_url(expected)
    assert found[0]["title"] == expected.record.title
    assert found[0]["zh"] == expected.record.title_zh  # both titles shown
    assert "<mark>DistriFusion</mark>" in found[0]["excerpt"]
    _shot(page, "1-distrifusion")


def test_chinese_phrase_finds_the_papers_with_it_in_chinese_only(server: str, page: Any, papers: Catalog) -> None:
    holders = [p for p in papers.papers if "扩散模型" in chinese_text(p)]
    assert len(holders) >= 2 and not any("扩散模型" in english_text(p) for p in holders)
    found = [r for r in _search(page, server, "扩散模型") if not r["near"]]  # near: "扩" or "模型" alone
    assert found[0]["href"] in {paper_url(p) for p in holders}
    assert {r["href"] for r in found} == {paper_url(p) for p in holders}
    assert "<mark>扩散</mark>" in found[0]["excerpt"] and "<mark>模型</mark>" in found[0]["excerpt"]
    _shot(page, "2-chinese")


@pytest.mark.parametrize(("surname", "title_word"), [("Dettmers", "LLM.int8"), ("Balažević", "In-context Scene")])
def test_surname_finds_the_authors_paper_first(
    server: str, page: Any, papers: Catalog, surname: str, title_word: str
) -> None:
    found = _search(page, server, surname)
    assert found[0]["href"] == paper_url(find(papers, title_word))
    assert surname in found[0]["authors"]


def test_subject_filter_narrows_results(server: str, page: Any, papers: Catalog) -> None:
    everything = _search(page, server, "transformer")
    page.check("input[name=subject][value='cs.LG']")
    narrowed = _results(page)
    in_lg = {paper_url(p) for p in papers.by_subject["cs.LG"]}
    assert 0 < len(narrowed) < len(everything)
    assert {r["href"] for r in narrowed} <= in_lg
    assert {r["href"] for r in narrowed} == {r["href"] for r in everything} & in_lg
    assert "subject=cs.LG" in page.url  # the address keeps the filter, so it can be shared
    count = page.text_content("[data-filter=subject][data-value='cs.LG']")
    assert count == str(len(narrowed))
    _shot(page, "3-filtered")


def test_year_filter_alone_lists_that_years_papers(server: str, page: Any, papers: Catalog) -> None:
    page.goto(server + BASE + "search/?year=2022")
    found = _results(page)
    expected = {paper_url(p) for p in papers.papers if p.first_date.year == 2022}
    assert {r["href"] for r in found} == expected


def test_clicking_a_result_opens_the_paper_page(server: str, page: Any, papers: Catalog) -> None:
    expected = find(papers, "LLM.int8")
    _search(page, server, "Dettmers")
    page.click("#search-results article h3 a >> nth=0")
    page.wait_for_url(server + paper_url(expected))
    assert page.text_content("h1") is not None and "LLM.int8()" in page.text_content("h1")


def test_search_page_is_accessible_at_phone_width_in_dark(server: str, browser: Any) -> None:
    tab = browser.new_page(viewport={"width": 360, "height": 800}, color_scheme="dark")
    tab.goto(server + BASE + "search/?q=diffusion")
    _results(tab)
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(tab, "4-phone-dark")
    tab.close()


def test_without_javascript_the_header_box_is_a_plain_link(server: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(server + BASE + "subjects/")
    assert not tab.is_visible("header form.find"), "a box that cannot search is hidden"
    tab.click("header a.find-link")
    tab.wait_for_url(server + BASE + "search/")
    assert "needs JavaScript" in tab.text_content("main")
    assert tab.is_visible("main a[href$='/archive/']"), "the search page offers browsing instead"
    _shot(tab, "5-no-javascript")
    context.close()
