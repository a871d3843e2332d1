"""Right answers in headless Chromium: arXiv ids, words no paper has, facet counts, titles
over abstracts, excerpts from the abstract, an author's full name.

The seed site (``conftest.server``) answers the id, typo and facet questions; a small site
made here (``ranking_server``) holds papers built to tempt plain word ranking the wrong way:
an author's two names spread over other papers' titles, a title word repeated in another
paper's abstract.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from search_helpers import BASE, catalog, chinese_text, english_text, find, paper_url

from digestgen.catalog import Catalog
from digestgen.records.model import Digest, Paper
from digestgen.records.writer import dump_digest

SETTLED = "s => s.textContent && !s.textContent.startsWith('Searching')"
CARDS = """cards => cards.map(c => ({
    href: c.querySelector('h3 a').getAttribute('href'), title: c.querySelector('h3 a').textContent,
    near: c.classList.contains('near'), excerpt: c.querySelector('.ex').textContent}))"""


@pytest.fixture(scope="module")
def papers() -> Catalog:
    return catalog()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page; fails the test if any script error happened on it (a 404 is no error here: an
    arXiv id's page is looked for, and a missing one is an answer)."""
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if _is_error(message) else None)
    yield tab
    tab.close()
    assert not errors, errors


def _is_error(message: Any) -> bool:
    return bool(message.type == "error" and "status of 404" not in message.text)


def _open(page: Any, origin: str, address: str) -> tuple[str, list[dict[str, Any]]]:
    """Open the search page at ``address`` (its query string); the status line and every card."""
    page.goto(f"{origin}{BASE}search/?{address}")
    page.wait_for_function(f"({SETTLED})(document.getElementById('search-status'))")
    return page.text_content("#search-status"), list(page.eval_on_selector_all("#search-results article", CARDS))


def _typed(page: Any, origin: str, query: str) -> tuple[str, list[dict[str, Any]]]:
    """Type ``query`` into the search page's box, as a reader would, and submit it."""
    page.goto(f"{origin}{BASE}search/")
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_function(f"({SETTLED})(document.getElementById('search-status'))")
    return page.text_content("#search-status"), list(page.eval_on_selector_all("#search-results article", CARDS))


@pytest.mark.parametrize(
    "query", ["2208.07339", "arXiv:2208.07339", "arxiv:2208.07339v2", "https://arxiv.org/abs/2208.07339v1"]
)
def test_an_arxiv_id_offers_that_paper_alone(server: str, page: Any, papers: Catalog, query: str) -> None:
    status, cards = _typed(page, server, query)
    assert status == "arXiv:2208.07339 is on this site:"
    assert [card["href"] for card in cards] == [paper_url(find(papers, "LLM.int8"))]


def test_an_arxiv_id_the_site_lacks_says_so_and_links_to_arxiv(server: str, page: Any) -> None:
    status, cards = _typed(page, server, "2208.07340")  # the last digit differs from LLM.int8()'s
    assert status.startswith("No paper on this site has arXiv:2208.07340.") and cards == []
    assert page.get_attribute("#search-status a", "href") == "https://arxiv.org/abs/2208.07340"


@pytest.mark.parametrize("typo", ["qwertyzz", "Transfromer"])
def test_a_word_no_paper_has_is_said_so_and_prefix_matches_are_labelled_near(
    server: str, page: Any, papers: Catalog, typo: str
) -> None:
    assert not any(typo.lower() in (english_text(p) + chinese_text(p)).lower() for p in papers.papers)
    status, cards = _typed(page, server, typo)
    assert status.startswith(f"No paper has “{typo.lower()}”.")
    assert all(card["near"] for card in cards)
    assert all(page.eval_on_selector_all(".near .near-label", "labels => labels.map(l => l.textContent)"))


def test_a_word_papers_have_is_no_near_match(server: str, page: Any) -> None:
    status, cards = _typed(page, server, "transformers")
    assert re.match(r"^\d+ papers? for “transformers”$", status) and cards
    assert not any(card["near"] for card in cards)


def _counts(page: Any, facet: str) -> dict[str, int]:
    spans = page.query_selector_all(f"[data-filter={facet}]")
    return {span.get_attribute("data-value"): int(span.text_content()) for span in spans}


def test_each_facets_counts_apply_the_other_facets_selection(server: str, page: Any, papers: Catalog) -> None:
    _open(page, server, "q=model&subject=cs.CV&year=2024")
    years, subjects = _counts(page, "year"), _counts(page, "subject")
    # Each count is what choosing that value instead would list: the same search, the other facet kept.
    for year, count in years.items():
        assert count == len(_open(page, server, f"q=model&subject=cs.CV&year={year}")[1]), year
    for subject, count in subjects.items():
        assert count == len(_open(page, server, f"q=model&subject={subject}&year=2024")[1]), subject
    assert years["2024"] > 0 and sum(years.values()) > years["2024"]  # the other years are counted too
    _open(page, server, "q=model&year=2024")
    assert _counts(page, "year") != years, "without cs.CV chosen, the year counts are not the same"


def _paper(title: str, authors: list[str], abstract: str, number: int) -> Paper:
    return Paper(title=title, authors=tuple(authors), abstract=abstract, arxiv=f"2401.{10000 + number}")


FILLER = "We measure what changes and report it plainly across several settings. "
RANKING_PAPERS = [
    # Wei Wang's own papers: his two names once each, in the author list only.
    _paper("Sparse Routing at Scale", ["Wei Wang", "Ana Costa"], FILLER * 3, 1),
    _paper("Quiet Benchmarks", ["Omar Haddad", "Wei Wang"], FILLER * 3, 2),
    # Papers where "Wei" and "Wang" weigh more, in titles and author lists, but not as one name.
    *(
        _paper(f"Wang and Wei Sequences {n}: the Wei-Wang Transform", ["Wei Li", "Jing Wang"], FILLER * 3, 10 + n)
        for n in range(6)
    ),
    # One title word, once in a long paper's title, eight times in a short paper's abstract.
    _paper("Grokking in Small Transformers", ["Lena Novak"], FILLER * 6, 30),
    _paper("A Study of Training Curves", ["Kenji Sato"], "Grokking " * 12 + FILLER, 31),
]


@pytest.fixture(scope="module")
def ranking_server(tmp_path_factory: pytest.TempPathFactory, serve_folder: Callable[[Path], str]) -> str:
    """A small site of ``RANKING_PAPERS`` under ``BASE``, served; its origin."""
    from search_helpers import build

    root = tmp_path_factory.mktemp("ranking")
    digests = root / "digests"
    (digests / "2024").mkdir(parents=True)
    digest = Digest(date=dt.date(2024, 1, 15), title="Ranking", papers=tuple(RANKING_PAPERS))
    (digests / "2024" / "2024-01-15-ranking.yaml").write_text(dump_digest(digest), encoding="utf-8")
    build(digests, root / "www" / BASE.strip("/"))
    return serve_folder(root / "www")


def _ranked_titles(page: Any, origin: str, query: str) -> list[str]:
    return [card["title"] for card in _typed(page, origin, query)[1]]


def test_a_full_author_name_ranks_that_authors_papers_first(ranking_server: str, page: Any) -> None:
    titles = _ranked_titles(page, ranking_server, "Wei Wang")
    assert set(titles[:2]) == {"Sparse Routing at Scale", "Quiet Benchmarks"}
    assert len(titles) == 8  # the other papers with both words still follow


def test_a_title_outweighs_the_same_word_in_an_abstract(ranking_server: str, page: Any) -> None:
    ranked = _ranked_titles(page, ranking_server, "grokking")
    assert ranked[:2] == ["Grokking in Small Transformers", "A Study of Training Curves"]


def test_the_excerpt_comes_from_the_abstract_not_the_title_or_authors(ranking_server: str, page: Any) -> None:
    _, cards = _typed(page, ranking_server, "Quiet Benchmarks")
    first = cards[0]
    assert first["title"] == "Quiet Benchmarks"
    assert first["excerpt"] and first["excerpt"] in FILLER * 3
    assert "Quiet" not in first["excerpt"] and "Haddad" not in first["excerpt"]


def test_one_result_list_holds_papers_of_several_shards_with_their_counts_summed(server: str, page: Any) -> None:
    page.goto(f"{server}{BASE}search/?q=model")
    page.wait_for_function(f"({SETTLED})(document.getElementById('search-status'))")
    script = (
        "cards => cards.map(c => [c.querySelector('h3 a').getAttribute('href'), c.querySelector('.au').textContent])"
    )
    found = page.eval_on_selector_all("#search-results article", script)
    years = [re.search(r"(\d{4})-\d\d-\d\d$", byline)[1] for _, byline in found]
    assert len({year for year in years}) >= 2, "papers of more than one shard (a shard is a month)"
    assert len({href for href, _ in found}) == len(found), "each paper once"
    assert page.text_content("#search-status") == f"{len(found)} papers for “model”"
    counts = {year: count for year, count in _counts(page, "year").items() if count}
    assert counts == {year: years.count(year) for year in set(years)}
