"""The paper hub: links made from the arXiv id (new and old style) or the title alone, and mentions."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote_plus

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from digestgen.build.pipeline import BuildResult
from digestgen.render.hub import _quote_plus, arxiv_html, hub_links

NEW = "2306.01667"
TITLE = "Towards In-context Scene Understanding"


def _page(out: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((out / path).read_bytes())


def _links(page: lxml.html.HtmlElement, xpath: str) -> list[tuple[str, str]]:
    return [(a.text_content(), a.get("href")) for a in page.xpath(xpath)]


def test_a_new_style_id_links_to_every_service() -> None:
    assert [tuple(link) for link in hub_links(NEW, TITLE)] == [
        ("HTML · ar5iv", "https://ar5iv.labs.arxiv.org/html/2306.01667"),
        ("Hugging Face", "https://huggingface.co/papers/2306.01667"),
        ("alphaXiv", "https://www.alphaxiv.org/abs/2306.01667"),
        ("papers.cool", "https://papers.cool/arxiv/2306.01667"),
        ("Semantic Scholar", "https://www.semanticscholar.org/arxiv/2306.01667"),
        ("Search Google Scholar", "https://scholar.google.com/scholar?q=Towards+In-context+Scene+Understanding"),
    ]


@pytest.mark.parametrize("old", ["hep-th/9901001", "math.GT/0309136"])
def test_an_old_style_id_skips_the_services_that_only_know_new_ids(old: str) -> None:
    links = dict(hub_links(old, "A title"))
    assert links == {
        "HTML · ar5iv": f"https://ar5iv.labs.arxiv.org/html/{old}",
        "Semantic Scholar": f"https://www.semanticscholar.org/arxiv/{old}",
        "Search Google Scholar": "https://scholar.google.com/scholar?q=A+title",
    }


@pytest.mark.parametrize(
    ("arxiv_id", "expected"),
    [
        ("2312.00001", "https://arxiv.org/html/2312.00001"),
        ("2402.19481", "https://arxiv.org/html/2402.19481"),
        ("2311.99999", "https://ar5iv.labs.arxiv.org/html/2311.99999"),
        ("0704.0001", "https://ar5iv.labs.arxiv.org/html/0704.0001"),
    ],
)
def test_arxiv_renders_html_itself_from_december_2023(arxiv_id: str, expected: str) -> None:
    assert arxiv_html(arxiv_id) == expected


def test_a_paper_without_an_id_gets_only_title_searches() -> None:
    assert [tuple(link) for link in hub_links(None, "只有中文标题的论文 & more")] == [
        ("Search Google Scholar", "https://scholar.google.com/scholar?q=%E5%8F%AA%E6%9C%89%E4%B8%AD%E6%96%87"
         "%E6%A0%87%E9%A2%98%E7%9A%84%E8%AE%BA%E6%96%87+%26+more"),
        ("Search Semantic Scholar", "https://www.semanticscholar.org/search?q=%E5%8F%AA%E6%9C%89%E4%B8%AD%E6%96%87"
         "%E6%A0%87%E9%A2%98%E7%9A%84%E8%AE%BA%E6%96%87+%26+more"),
    ]  # fmt: skip
    assert hub_links(None, None) == ()
    assert hub_links(None, " \n ") == ()


def test_a_title_cannot_break_out_of_its_query() -> None:
    (scholar,) = hub_links(NEW, '"><script>alert(1)</script>')[-1:]
    assert scholar.href == "https://scholar.google.com/scholar?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E"


def test_a_hand_built_id_is_quoted_in_every_address() -> None:
    links = dict(hub_links('2401.00001"><b>x', None))
    assert links["Semantic Scholar"] == "https://www.semanticscholar.org/arxiv/2401.00001%22%3E%3Cb%3Ex"
    assert dict(hub_links("hep-th/9901001", None))["HTML · ar5iv"] == "https://ar5iv.labs.arxiv.org/html/hep-th/9901001"


def test_the_old_style_paper_page_links_only_where_the_id_works(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    page = _page(out, "papers/hep-th-9503124/index.html")
    hub = _links(page, '//nav[@class="hub"]/a')
    assert [label for label, _ in hub] == ["HTML · ar5iv", "Semantic Scholar", "Search Google Scholar"]
    actions = _links(page, '//ul[@class="actions"]//a')
    assert actions == [
        ("arXiv", "https://arxiv.org/abs/hep-th/9503124"),
        ("PDF", "https://arxiv.org/pdf/hep-th/9503124"),
    ]


def test_the_new_style_paper_page_links_everywhere(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    page = _page(out, "papers/2402.19481/index.html")
    hub = dict(_links(page, '//nav[@class="hub"]/a'))
    assert hub["HTML"] == "https://arxiv.org/html/2402.19481"
    assert hub["Hugging Face"] == "https://huggingface.co/papers/2402.19481"
    assert hub["papers.cool"] == "https://papers.cool/arxiv/2402.19481"
    assert ("Code · github.com", "https://github.com/mit-han-lab/distrifuser") in _links(
        page, '//ul[@class="actions"]//a'
    )


def test_a_paper_without_id_has_only_search_links_on_its_page(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    page = _page(out, "papers/p-71842850/index.html")
    hub = _links(page, '//nav[@class="hub"]/a')
    assert [label for label, _ in hub] == ["Search Google Scholar", "Search Semantic Scholar"]
    assert not page.xpath('//a[contains(@href, "arxiv.org") or contains(@href, "huggingface")]')


def test_every_digest_that_mentioned_a_paper_is_listed(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    page = _page(out, "papers/2402.19481/index.html")
    assert page.xpath('//h2[starts-with(., "Appeared in")]')[0].text_content() == "Appeared in 2 digests"
    items = page.xpath('//ul[@class="seen"]/li')
    assert [li.xpath(".//time/@datetime")[0] for li in items] == ["2024-03-04", "2024-03-14"]
    assert [_links(li, ".//a") for li in items] == [
        [("4 Mar 2024", "/dates/2024-03-04/"), ("CV论文--2024.3.4", "/digests/2024-03-04-cv/"),
         ("example.org/cv/2024-03-04", "https://example.org/cv/2024-03-04")],
        [("14 Mar 2024", "/dates/2024-03-14/"), ("每日学术速递 2024.03.14", "/digests/2024-03-14-daily/"),
         ("example.org/daily/2024-03-14", "https://example.org/daily/2024-03-14")],
    ]  # fmt: skip


def test_list_pages_show_the_mention_count_above_one(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    for path in ("dates/2024-03-14/index.html", "index.html", "subjects/cs.CV/index.html"):
        page = _page(out, path)
        counted = {
            a.get("href"): a.xpath('string(ancestor::*[self::article or self::li][1]//span[@class="seen-n"])')
            for a in page.xpath('//article[@class="card"]/h3/a | //ol[@class="items"]/li/a')
        }
        assert counted["/papers/2402.19481/"] == "in 2 digests", path
        assert counted["/papers/2306.01667/"] == "", path


@given(st.text(alphabet=st.sampled_from("aZ09 _.~-+&%/?#标\u00e9\t"), max_size=30) | st.text(max_size=30))
def test_title_queries_are_quoted_as_quote_plus_quotes_them(title: str) -> None:
    assert _quote_plus(title) == quote_plus(title)
