"""Field evidence: arXiv ids in every written form, what a link points to, author lines, text shape.

Each table holds the forms that digest posts print; negatives sit beside the positives, so that
a looser rule shows up as a failing row.
"""

from __future__ import annotations

import time

import pytest

from digestgen.arxiv import arxiv_in_link, badge_arxiv, find_arxiv_ids, normalize_arxiv

# arXiv ids ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "arxiv_id"),
    [
        # as printed
        ("2306.01667", "2306.01667"),
        ("2306.01667v2", "2306.01667"),
        ("arXiv:2306.01667", "2306.01667"),
        ("arXiv: 2306.01667v3", "2306.01667"),
        ("arXiv 2306.01667v2", "2306.01667"),
        ("[2306.01667]", "2306.01667"),
        ("0704.0001", "0704.0001"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("arXiv:MATH.gt/0309136", "math.GT/0309136"),
        # arxiv.org, with or without a scheme
        ("https://arxiv.org/abs/2306.01667", "2306.01667"),
        ("http://arxiv.org/abs/2301.09637v1", "2301.09637"),
        ("https://arxiv.org/pdf/2306.01667v1.pdf", "2306.01667"),
        ("https://arxiv.org/pdf/2306.01667.pdf", "2306.01667"),
        ("https://arxiv.org/html/2306.01667v2/", "2306.01667"),
        ("https://arxiv.org/ps/2512.03003", "2512.03003"),
        ("https://arxiv.org/format/2512.03003", "2512.03003"),
        ("https://arxiv.org/abs/2306.01667?context=cs", "2306.01667"),
        ("https://arxiv.org/abs/2306.01667#S3", "2306.01667"),
        ("http://export.arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
        ("arxiv.org/abs/2306.01667", "2306.01667"),
        ("www.arxiv.org/pdf/2306.01667v4", "2306.01667"),
        # mirrors that keep the paper under its id
        ("https://huggingface.co/papers/2309.03926", "2309.03926"),
        ("https://www.alphaxiv.org/abs/2306.01667", "2306.01667"),
        ("https://www.alphaxiv.org/overview/2306.01667v1", "2306.01667"),
        ("https://papers.cool/arxiv/2306.01667", "2306.01667"),
        ("https://ar5iv.labs.arxiv.org/html/2306.01667", "2306.01667"),
        ("https://ar5iv.org/abs/2306.01667", "2306.01667"),
        ("https://www.semanticscholar.org/arxiv/2306.01667", "2306.01667"),
        ("https://api.semanticscholar.org/arXiv:2306.01667", "2306.01667"),
        # the DOI arXiv registers
        ("10.48550/arXiv.2306.01667", "2306.01667"),
        ("doi:10.48550/ARXIV.2306.01667", "2306.01667"),
        ("https://doi.org/10.48550/arXiv.2306.01667", "2306.01667"),
        ("https://dx.doi.org/10.48550/arxiv.2306.01667v2", "2306.01667"),
        # badges
        ("https://img.shields.io/badge/arXiv-2401.01234-b31b1b", "2401.01234"),
        ("https://img.shields.io/badge/arXiv-2401.01234-b31b1b.svg?logo=arxiv", "2401.01234"),
        ("https://img.shields.io/badge/Paper-arXiv%3A2401.01234v2-red", "2401.01234"),
        ("https://badgen.net/badge/arXiv/2401.01234/red", "2401.01234"),
        # a site's own link path or query carrying the id
        ("/202602/26/2602.12345v1-some-slug", "2602.12345"),
        ("/papers/2401.01234.html", "2401.01234"),
        ("https://example.org/daily/2401.01234", "2401.01234"),
        ("summary/2024-07/2407.01234.md", "2407.01234"),
        ("https://example.org/view?paper=2401.01234v1", "2401.01234"),
    ],
)
def test_normalize_arxiv(raw: str, arxiv_id: str) -> None:
    assert normalize_arxiv(raw) == arxiv_id


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "2306.016671",  # six digits
        "arXiv:2306.016671",
        "https://img.shields.io/badge/arXiv-Paper-%23D2691E?logo=arxiv",  # a badge without an id
        "https://img.shields.io/badge/version-1401.12345-blue",  # not well formed, no arXiv in it
        "https://example.com/2023/12/10/post",  # a date path
        "https://example.com/2023.12.10/post",
        "https://example.com/releases/v1.2.3",
        "https://example.com/2413.01234-x",  # month 13
        "https://example.com/2400.01234",  # month 00
        "https://example.com/1905.1234",  # four digits after 2014
        "https://example.com/1201.12345",  # five digits before 2015
        "https://example.com/notes-2401.01234",  # the id does not start the segment
        "https://example.com/2401.01234abc",
        "https://doi.org/10.1101/2023.01.12.523456",  # a bioRxiv DOI
        "https://doi.org/10.1145/3292500.3330919",
        "2401.01234-foo",  # not a link
        "https://github.com/a/b",
    ],
)
def test_normalize_arxiv_rejects(raw: str) -> None:
    assert normalize_arxiv(raw) is None


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("see arXiv:2306.01667 and arXiv 2306.01668v2, [2306.01669]", ["2306.01667", "2306.01668", "2306.01669"]),
        ("arxiv.org/abs/2306.01670 (no scheme)", ["2306.01670"]),
        ("PDF: https://arxiv.org/pdf/2306.01667v2.pdf.", ["2306.01667"]),
        ("DOI: 10.48550/arXiv.2306.01671", ["2306.01671"]),
        ("(https://huggingface.co/papers/2309.03926)", ["2309.03926"]),
        ("https://www.alphaxiv.org/overview/2306.01667 and papers.cool/arxiv/2306.01668", ["2306.01667", "2306.01668"]),
        ("![arXiv](https://img.shields.io/badge/arXiv-2401.01234-b31b1b)", ["2401.01234"]),
        ("[Title](/202602/26/2602.20557v1-gensr-symbolic)", ["2602.20557"]),
        ("arXiv:hep-th/9901001", ["hep-th/9901001"]),
        ("arXiv：2306.01672，代码见下", ["2306.01672"]),
        ("论文编号2306.01673。", ["2306.01673"]),
        ("2306.01667 then arXiv:2306.01667v2 again", ["2306.01667"]),
        # not ids: dates, versions, DOIs of other registries, too many digits
        ("version 2023.12345 released 2024.01.15", []),
        ("1401.12345 and 1905.1234 are not well formed", []),
        ("DOI: 10.5121/csit.2023.130405", []),
        ("v1.2306.01667", []),
        ("2306.016671 is too long", []),
        ("arXiv:2306.016671", []),
    ],
)
def test_find_arxiv_ids(text: str, ids: list[str]) -> None:
    assert find_arxiv_ids(text) == ids


def test_only_links_read_ids_out_of_paths() -> None:
    assert arxiv_in_link("https://example.org/p/2401.01234-slug") == "2401.01234"
    assert arxiv_in_link("2401.01234-slug") is None
    assert badge_arxiv("https://img.shields.io/badge/arXiv-2401.01234-b31b1b") == "2401.01234"
    assert badge_arxiv("https://example.org/badge/arXiv-2401.01234-b31b1b") is None


# hostile input stays linear -----------------------------------------------------------

_HOSTILE = [
    "," * 1_000_000,
    "arxiv" + " " * 1_000_000,
    "arXiv:" * 200_000,
    "2306.01667v" * 100_000,
    "/2401.01234" * 100_000,
    "a." * 500_000 + "arxiv.org",
    "https://img.shields.io/badge/" + "arXiv-" * 200_000,
    "https://example.org/" + "2401.0123-" * 100_000,
]


@pytest.mark.parametrize("text", _HOSTILE, ids=range(len(_HOSTILE)))
def test_arxiv_is_linear(text: str) -> None:
    start = time.perf_counter()
    find_arxiv_ids(text)
    normalize_arxiv(text)
    normalize_arxiv("https://" + text)
    assert time.perf_counter() - start < 2.0
