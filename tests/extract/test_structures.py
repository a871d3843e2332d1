"""One small hand-made post per structure the reader finds entries in, and the report's confidence."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from digestgen.extract import extract_file
from digestgen.extract.reporting import format_report, report_gist, report_json

STRUCTURES = Path(__file__).parents[1] / "fixtures" / "extract" / "structures"


def test_table_rows_under_a_header_are_papers_with_fields_by_column() -> None:
    papers = extract_file(STRUCTURES / "table.md").digest.papers
    assert [p.title for p in papers] == [
        "Sparse Attention Revisited",
        "Dense Retrieval at Scale",
        "Tiny Models Think Too",
    ]
    assert [p.authors for p in papers] == [("Alice Zhou", "Bob Martin"), ("Carol Ng", "Dan Li"), ("Eve Wu",)]
    assert [p.arxiv for p in papers] == ["2405.01234", "2405.04321", "2405.05555"]
    assert [p.code for p in papers] == ["https://github.com/a/sparse", None, "https://github.com/e/tiny"]


def test_html_cards_keep_their_fields_apart_and_the_page_chrome_out() -> None:
    digest = extract_file(STRUCTURES / "cards.html").digest
    assert digest.date == dt.date(2025, 1, 7)
    assert [p.arxiv for p in digest.papers] == ["2501.00011", "2501.00022", "2501.00033"]
    assert [p.authors for p in digest.papers] == [("Ann Lee", "Bo Chen"), ("Cy Park", "Di Zhou"), ("Ed Kim",)]
    assert all(p.abstract and "Privacy" not in p.abstract for p in digest.papers)
    assert digest.papers[1].title == "Grasping Soft Objects with Tactile Skins"


def test_front_matter_gives_title_and_date_and_is_no_paper() -> None:
    digest = extract_file(STRUCTURES / "front_matter.md").digest
    assert (digest.title, digest.date) == ("Weekly picks", dt.date(2024, 9, 20))
    assert [p.arxiv for p in digest.papers] == ["2409.01111", "2409.02222"]
    assert digest.papers[0].abstract and digest.papers[0].abstract.startswith("We rank documents")


def test_a_table_of_contents_before_the_entries_is_not_counted_twice() -> None:
    papers = extract_file(STRUCTURES / "toc.md").digest.papers
    assert [p.arxiv for p in papers] == ["2109.11978", "2203.12667"]
    assert papers[1].authors == ("Jing Gu", "Eliana Stefani")
    assert papers[0].abstract_zh and papers[0].abstract_zh.startswith("我们提出")


def test_an_essay_citing_a_paper_in_passing_has_no_papers_and_says_so() -> None:
    extraction = extract_file(STRUCTURES / "negative.md")
    assert extraction.digest.papers == ()
    assert [p.message for p in extraction.problems] == ["no papers found in this post"]


def test_report_names_entries_read_with_low_confidence() -> None:
    report = extract_file(STRUCTURES / "cards.html").report
    assert all(0 < entry.confidence <= 1 for entry in report.entries)
    weak = dataclasses.replace(report.entries[0], confidence=0.3)
    text = format_report(dataclasses.replace(report, entries=(weak, *report.entries[1:])))
    assert f"entry 1 (line {weak.lineno}): {weak.title}" in text
    assert "low confidence 0.30: check it first" in text.splitlines()[1]
    assert report_json(report)["entries"][0]["confidence"] == report.entries[0].confidence
    gist = report_gist(dataclasses.replace(report, entries=(weak,)))
    assert f"low confidence at line {weak.lineno}" in gist


def test_a_table_that_lost_its_cell_borders_is_split_by_what_each_column_holds() -> None:
    digest = extract_file(STRUCTURES / "spaced_table.txt").digest
    assert digest.date == dt.date(2025, 11, 2)
    assert [p.title for p in digest.papers] == [
        "XLNet: Generalized Autoregressive Pretraining for Language Understanding",
        "Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer",
        "YOLOv4: Optimal Speed and Accuracy of Object Detection",
        "Flamingo: a Visual Language Model for Few-Shot Learning",
        "LLaMA: Open and Efficient Foundation Language Models",
        "Reading Tables Back from Text",
        "Tables as Text, Again",
    ]
    arxiv = ["1906.08237", "1910.10683", "2004.10934", None, "2302.13971", "2501.07777", "2501.08888"]
    assert [p.arxiv for p in digest.papers] == arxiv
    assert digest.papers[3].url == "https://example.org/flamingo.pdf"
    assert [p.code for p in digest.papers[5:]] == ["https://github.com/x/tables", None]
