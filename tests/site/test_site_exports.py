"""BibTeX and RIS exports: read back by bibtexparser and rispy, keys stable, Chinese intact."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import bibtexparser
import lxml.html
import pytest
import rispy
from hypothesis import given
from hypothesis import strategies as st

from digestgen.build.pipeline import BuildResult
from digestgen.catalog import build_catalog
from digestgen.records.model import Digest, Paper
from digestgen.render import make_config, render, urls
from digestgen.render.bibtex import bibtex, escape, escape_all
from digestgen.render.exports import ris_record
from digestgen.render.text import clean, clean_all, clean_line, excerpt, is_flat, printable

DAY_KEYS = ["arXiv:2208.07339", "a-workshop-paper-without-an-arxiv-id-cc1024e9", "arXiv:2306.01667",
            "arXiv:2402.19481", "p-71842850"]  # fmt: skip


def _bib(out: Path, path: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string((out / path).read_text(encoding="utf-8"))
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


def _ris(out: Path, path: str) -> list[dict[str, object]]:
    raw = (out / path).read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n"), "every RIS line ends in CR LF"
    return list(rispy.loads(raw.decode("utf-8")))


def test_a_day_reads_back_as_bibtex_with_chinese_titles(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    entries = {e.key: e for e in _bib(out, "dates/2024-03-14/papers.bib").entries}
    assert list(entries) == DAY_KEYS
    assert entries["p-71842850"]["title"] == "只有中文标题的论文"
    assert entries["p-71842850"]["abstract"] == "这篇论文只有中文标题和中文摘要。"
    assert entries["arXiv:2306.01667"]["note"] == "Chinese title: 迈向情境场景理解"
    assert entries["arXiv:2306.01667"]["author"].startswith("Ivana Balažević and David Steiner")
    assert entries["arXiv:2306.01667"]["eprint"] == "2306.01667"
    assert entries["arXiv:2402.19481"]["keywords"] == "cs.CV, cs.DC"


def test_a_day_reads_back_as_ris_with_chinese_titles(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    records = _ris(out, "dates/2024-03-14/papers.ris")
    assert [r["id"] for r in records] == DAY_KEYS
    by_id = {r["id"]: r for r in records}
    assert by_id["p-71842850"]["title"] == "只有中文标题的论文"
    assert by_id["arXiv:2208.07339"]["translated_title"] == "LLM.int8()：面向大规模Transformer的8比特矩阵乘法"
    assert by_id["arXiv:2306.01667"]["type_of_reference"] == "UNPB"
    assert by_id["arXiv:2306.01667"]["authors"][0] == "Ivana Balažević"
    assert by_id["arXiv:2306.01667"]["year"] == "2023"
    assert by_id["arXiv:2306.01667"]["date"] == "2023/06//"
    assert by_id["arXiv:2306.01667"]["urls"] == ["https://arxiv.org/abs/2306.01667"]
    assert by_id["arXiv:2402.19481"]["keywords"] == ["cs.CV", "cs.DC"]
    assert by_id["p-71842850"]["type_of_reference"] == "GEN"
    assert by_id["p-71842850"]["date"] == "2024/03/14/"
    assert by_id["p-71842850"]["urls"] == ["https://digests.example.org/papers/p-71842850/"]


def test_the_site_and_subject_exports_hold_their_papers(built_root: tuple[Path, BuildResult]) -> None:
    out, result = built_root
    site_keys = [e.key for e in _bib(out, "papers.bib").entries]
    assert len(site_keys) == len(set(site_keys)) == len(result.catalog.papers)
    assert "arXiv:hep-th-9503124" in site_keys
    assert [r["id"] for r in _ris(out, "papers.ris")] == site_keys
    for code, papers in result.catalog.by_subject.items():
        folder = urls.subject(code)
        expected = [e.key for e in _bib(out, folder + "papers.bib").entries]
        assert len(expected) == len(papers)
        assert [r["id"] for r in _ris(out, folder + "papers.ris")] == expected


def test_a_paper_has_the_same_key_everywhere(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    page = lxml.html.fromstring((out / "papers/hep-th-9503124/index.html").read_bytes())
    cite = bibtexparser.parse_string(page.xpath('string(//pre[@class="bib"])'))
    assert [e.key for e in cite.entries] == ["arXiv:hep-th-9503124"]
    assert cite.entries[0]["year"] == "1995"


def test_day_subject_and_archive_pages_link_their_exports(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    for page, folder in (("dates/2024-03-14/", "dates/2024-03-14/"), ("subjects/cs.CV/", "subjects/cs.CV/"),
                         ("archive/", "")):  # fmt: skip
        hrefs = lxml.html.fromstring((out / page / "index.html").read_bytes()).xpath("//main//a/@href")
        assert f"/{folder}papers.bib" in hrefs and f"/{folder}papers.ris" in hrefs, page


def test_text_cannot_end_a_ris_record_or_start_a_tag() -> None:
    hostile = Paper(
        title="Line one\r\nER  - \r\nTY  - JOUR",
        title_zh="标题\n第二行",
        authors=("A\u2028B",),
        abstract="First.\n\nAU  - Mallory\n",
        subjects=("cs.CL",),
        arxiv="2401.00001",
    )
    catalog = build_catalog([Digest(date=dt.date(2024, 1, 2), papers=(hostile,))])
    text = ris_record(catalog.papers[0], "https://example.org/p/")
    (record,) = rispy.loads(text)
    assert record["title"] == "Line one ER - TY - JOUR"
    assert record["translated_title"] == "标题 第二行"
    assert record["authors"] == ["A B"]
    assert record["abstract"] == "First. AU - Mallory"
    assert text.endswith("ER  - \r\n") and text.count("\r\n") == text.count("\n")


def test_bibtex_special_characters_read_back() -> None:
    tricky = Paper(title="100% {Robust} & Fast_Nets #1", title_zh="鲁棒{网络}", authors=("O'Neil, Jr.",))
    catalog = build_catalog([Digest(date=dt.date(2024, 1, 2), papers=(tricky,))])
    library = bibtexparser.parse_string(bibtex(catalog.papers[0], "https://example.org/p/", full=True))
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry["title"] == r"100\% \{Robust\} \& Fast\_Nets \#1"
    assert entry["note"] == r"Chinese title: 鲁棒\{网络\}"


AWKWARD = ["plain words", " lead and trail ", "two  spaces", "tab\there", "line\nbreak", "nbsp\xa0and\u3000wide",
           "unit\x1fseparator", "bell\x07 ring", "vertical\x0btab", "non\ufffecharacter", "\x01", " ", "",
           "100% {x} & y_z #1 ~ ^ \\"]  # fmt: skip


@pytest.mark.parametrize("text", AWKWARD)
def test_fast_paths_give_what_the_plain_formulas_give(text: str) -> None:
    # escape() and RIS lines skip splitting and cleaning flat text; the result must not change.
    specials = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\~{}", "^": r"\^{}"}  # fmt: skip
    flat = " ".join(text.split())
    assert escape(text) == clean("".join(specials.get(c, c) for c in flat))
    assert clean_line(text) == " ".join(clean(text).split())
    assert excerpt(text, 1000) == re.sub(r"\s+", " ", clean(text)).strip()


def _plain_excerpt(text: str, limit: int) -> str:
    """``excerpt`` as first written: clean the whole text, then cut."""
    flat = " ".join(clean(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    if space > limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,.;:，。；：、") + "…"


@given(
    st.lists(st.sampled_from([*AWKWARD, "word", "词语", " ", "  ", "\n\n", "\x00"]), max_size=60).map("".join),
    st.integers(min_value=1, max_value=40),
)
def test_an_excerpt_cleans_only_a_prefix_and_gives_what_cleaning_the_whole_gives(text: str, limit: int) -> None:
    assert excerpt(text, limit) == _plain_excerpt(text, limit)


# Long texts, mostly words, with now and then a control, a double space, a special or a
# Chinese or other non-ASCII character: the fast paths for long ASCII text take over at 256.
_PIECES = st.sampled_from(["word ", "words and more words ", "  ", "\n", "\t", "\x7f", "\x1f", "\x00", "%", "{",
                           "中文", "é", "\xa0", "\u3000", "\ufffe", "\x85"])  # fmt: skip
_ASCII_PIECES = st.sampled_from(["word ", "more words ", "  ", "\n", "\x7f", "\x1f", "\x00", "%", "~"])
_LONG_TEXTS = (
    st.lists(_PIECES, max_size=120).map("".join)
    | st.lists(_ASCII_PIECES, min_size=40, max_size=120).map("".join)  # long ASCII, controls and all
    | st.lists(st.sampled_from(["word ", "more words "]), min_size=30, max_size=80).map("".join)
)


@given(_LONG_TEXTS)
def test_printable_is_isprintable(text: str) -> None:
    assert printable(text) == text.isprintable()
    assert is_flat(text) == (text.isprintable() and "  " not in text)
    assert clean_line(text) == " ".join(clean(text).split())
    assert clean_all((text, "x")) == tuple(clean(t) for t in (text, "x"))


@given(st.lists(_LONG_TEXTS | st.sampled_from(AWKWARD), max_size=8))
def test_escape_all_escapes_each_value_as_escape_does(texts: list[str]) -> None:
    assert escape_all(texts) == [escape(text) for text in texts]


@pytest.mark.parametrize("position", [0, 150, 299])
def test_printable_finds_every_ascii_control_in_a_long_text(position: int) -> None:
    plain = "words and more words " * 15  # 315 ASCII characters: the fast path
    assert printable(plain)
    for code in [*range(0x20), 0x7F]:
        text = plain[:position] + chr(code) + plain[position:]
        assert not printable(text), repr(chr(code))


def test_every_paper_page_links_its_own_bibtex_and_ris_files(built_root: tuple[Path, BuildResult]) -> None:
    out, result = built_root
    for paper in result.catalog.papers:
        folder = urls.paper(paper.slug)
        page = lxml.html.fromstring((out / folder / "index.html").read_bytes())
        links = page.xpath('//p[@class="cite-files"]/a/@href')
        assert links == [f"/{urls.paper_export(paper.slug, 'bib')}", f"/{urls.paper_export(paper.slug, 'ris')}"]
        [entry] = _bib(out, urls.paper_export(paper.slug, "bib")).entries
        [record] = _ris(out, urls.paper_export(paper.slug, "ris"))
        shown = bibtexparser.parse_string(page.xpath('string(//pre[@class="bib"])')).entries[0]
        assert entry.key == record["id"] == shown.key and entry["title"] == shown["title"] == record["title"]


def test_an_untitled_paper_exports_the_title_its_page_shows() -> None:
    abstract = "We show that graphs of rank two have no cycles of length five, and more."
    files = render(build_catalog([Digest(dt.date(2024, 3, 14), papers=(Paper(abstract=abstract),))]), make_config())
    [slug] = [path.split("/")[1] for path in files if path.startswith("papers/") and path.endswith(".html")]
    heading = lxml.html.fromstring(files[urls.paper(slug) + "index.html"]).findtext(".//h1")
    assert heading == excerpt(abstract, 80)
    [entry] = bibtexparser.parse_string(files[urls.paper_export(slug, "bib")].decode()).entries
    [record] = rispy.loads(files[urls.paper_export(slug, "ris")].decode())
    assert entry["title"] == record["title"] == heading
