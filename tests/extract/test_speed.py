"""Shortcuts taken for speed give what the plain way gives, and stay linear in the input."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from digestgen.extract.lines import _TRAILING_GROUP, trailing_group

TITLE_PIECES = st.lists(
    st.sampled_from(
        [*"ab 1.[]【】()（）", "\u3000", "\xa0", "\n", "\t", "pdf", "Code", "CVPR 2024", "x" * 41, "词", "  "]
    ),
    max_size=30,
).map("".join)


def _span(match: re.Match[str] | None) -> tuple[int, str] | None:
    return None if match is None else (match.start(), match.group(0))


@settings(max_examples=1000)
@given(TITLE_PIECES)
def test_the_trailing_group_is_the_one_a_full_search_finds(text: str) -> None:
    assert _span(trailing_group(text)) == _span(_TRAILING_GROUP.search(text))


LABEL_PIECES = st.lists(
    st.sampled_from(
        ["http://", "https://", "code", "摘要", "/", "／", "、", "&", "(", ")", "（中文）", "1", "一", "x.org"]
    ),
    max_size=8,
).map("".join)


@settings(max_examples=600)
@given(LABEL_PIECES)
def test_a_label_that_starts_like_an_address_is_judged_as_the_long_way_judges_it(label: str) -> None:
    from digestgen.extract import lines

    fast = lines.label_slot.__wrapped__(label)  # type: ignore[attr-defined]
    lines._ADDRESS_LABELS = True  # the long way for every label
    try:
        slow = lines.label_slot.__wrapped__(label)  # type: ignore[attr-defined]
    finally:
        lines._ADDRESS_LABELS = False
    assert fast == slow
