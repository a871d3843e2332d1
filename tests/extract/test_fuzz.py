"""Arbitrary bytes and text through extraction: records or a clear error, never a traceback."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digestgen.extract import extract_bytes, extract_text
from digestgen.records.model import Paper
from digestgen.records.writer import dump_digest

SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".htm", ""])
# Pieces of real posts, so that random text often looks like an entry and reaches deep rules.
PIECES = st.sampled_from(
    [
        "1、",
        "【2】",
        "### [3] ",
        "[CV] ",
        "标题：",
        "作者:",
        "摘要:\n",
        "Authors: ",
        "Abstract: ",
        "https://arxiv.org/abs/2306.01667v2",
        "https://github.com/a/b上",
        "translated by 谷歌翻译\n",
        "| Title | Authors |\n|---|---|\n| ",
        "<li><a href='https://arxiv.org/abs/2401.00001'>",
        "</a>",
        "<details>",
        "点赞\n",
        "T Dettmers, M Lewis\n",
        "[Google Research]\n",
        "CV论文--2024.3.4\n",
        "\n\n",
        "。",
        "(",
        "]",
        "*",
        "\x00",
        "\ufeff",
    ]
)
POSTS = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=30).map("".join)


def _check(digest_text: str, papers: tuple[Paper, ...]) -> None:
    assert digest_text.startswith("date: ")
    for paper in papers:
        assert paper.has_content()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), suffix=SUFFIXES)
def test_arbitrary_bytes(data: bytes, suffix: str) -> None:
    result = extract_bytes(data, "post" + suffix)
    _check(dump_digest(result.digest), result.digest.papers)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=POSTS, suffix=SUFFIXES)
def test_post_like_text(text: str, suffix: str) -> None:
    result = extract_text(text, "post" + suffix)
    _check(dump_digest(result.digest), result.digest.papers)
