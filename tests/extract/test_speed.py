"""Shortcuts taken for speed give what the plain way gives, and stay linear in the input."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from hypothesis import example, given, settings
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


def _phrases(parsed: list[tuple[object, object]]) -> list[str]:
    """Every text a pattern of literals, groups and alternatives matches (word boundaries dropped)."""
    import re._constants as c  # type: ignore[import-not-found]

    found = [""]
    for op, arg in parsed:
        if op is c.LITERAL:
            found = [f + chr(arg) for f in found]  # type: ignore[arg-type]
        elif op is c.AT:
            continue
        elif op is c.BRANCH:
            found = [f + p for f in found for branch in arg[1] for p in _phrases(branch)]  # type: ignore[index]
        elif op is c.SUBPATTERN:
            found = [f + p for f in found for p in _phrases(arg[-1])]  # type: ignore[index]
        else:
            raise AssertionError(f"the cue pattern uses {op}: teach this test to read it")
    return found


def test_every_project_cue_holds_a_part_the_draft_looks_for_first() -> None:
    import re._parser as sre_parse  # type: ignore[import-not-found]

    from digestgen.extract.draft import _CUE_PARTS, _PROJECT_CUE

    phrases = _phrases(list(sre_parse.parse(_PROJECT_CUE.pattern, _PROJECT_CUE.flags)))
    assert "source code" in phrases and "项目主页" in phrases
    for phrase in phrases:
        assert any(part in phrase.casefold() for part in _CUE_PARTS), phrase
    _assert_ignoring_case_is_folding(_CUE_PARTS)


def _assert_ignoring_case_is_folding(parts: tuple[str, ...]) -> None:
    """Ignoring case, the parts' letters match only characters that case-fold to them ("İ" matches
    "i" but folds to "i̇"), so that a case-folded text holds a part wherever a pattern finds one."""
    letters = {ch for part in parts for ch in part if ch.isascii() and ch.isalpha()}
    any_letter = re.compile("[" + re.escape("".join(sorted(letters))) + "]", re.IGNORECASE)
    for char in filter(any_letter.fullmatch, map(chr, range(0x110000))):
        for letter in letters:
            if re.fullmatch(re.escape(letter), char, re.IGNORECASE):
                assert letter in char.casefold(), (hex(ord(char)), letter)


DATE_PIECES = st.lists(
    st.sampled_from(
        [
            *" -./年月日,:",
            "2024",
            "1999",
            "24",
            "3",
            "12",
            "31",
            "20240131",
            "Mar",
            "march",
            "17",
            "00:31",
            "v1.2",
            "17 Mar 23 00:31",
            "3 May 2024",
        ]
    ),
    max_size=10,
).map("".join)


@settings(max_examples=800)
@given(DATE_PIECES)
def test_a_text_without_a_year_or_a_time_gives_no_date_candidates(text: str) -> None:
    from digestgen.extract import post

    found = post._candidates(text)
    saved, post._YEAR_OR_CLOCK = post._YEAR_OR_CLOCK, re.compile("")  # every text goes through the patterns
    try:
        assert found == post._candidates(text)
    finally:
        post._YEAR_OR_CLOCK = saved


TOGGLE_PIECES = st.lists(
    st.sampled_from([*" .…▽▼▾△", "more", "More", "show more", "展开", "less", "text", "..."]), max_size=10
).map("".join)


@settings(max_examples=800)
@given(TOGGLE_PIECES)
def test_a_text_without_a_toggle_glyph_is_its_own_full_text(text: str) -> None:
    from digestgen.extract import draft

    found = draft.full_text_of_toggle(text)
    saved, draft._TOGGLE_GLYPHS = draft._TOGGLE_GLYPHS, ("",)  # every text goes through the pattern
    try:
        assert found == draft.full_text_of_toggle(text)
    finally:
        draft._TOGGLE_GLYPHS = saved


_ELISION_WORDS = [
    "et al",
    "Et Al.",
    "etal",
    "等",
    "等人",
    "12",
    "位",
    "作者",
    "and",
    "others",
    "OTHERS",
    "more",
    "authors",
]
ELISION_PIECES = st.lists(
    st.sampled_from([*" ,，;；、.+&…⋯", *_ELISION_WORDS, "...", "Ann Lee", "x" * 30, "ſ"]), max_size=12
).map("".join)


ELISIONS = [
    "et al.",
    "Et Al",
    "等",
    "等 12 位作者",
    "and 5 others",
    "3 more",
    "+3 more",
    "+2",
    "and others",
    "...",
    "…",
    "⋯",
]


@settings(max_examples=1500)
@given(ELISION_PIECES)
@example("Ann Lee, Bo Chen")
def test_a_line_end_without_an_elision_part_is_what_the_pattern_finds_too(text: str) -> None:
    from digestgen.extract import authors

    found = authors.strip_et_al(text)
    saved, authors._ET_AL_PARTS = authors._ET_AL_PARTS, ("",)  # every text goes through the pattern
    try:
        assert found == authors.strip_et_al(text)
    finally:
        authors._ET_AL_PARTS = saved


def test_every_form_of_elision_holds_a_part() -> None:
    from digestgen.extract import authors

    for elision in ELISIONS:
        assert authors.strip_et_al("Ann Lee, Bo Chen " + elision) == ("Ann Lee, Bo Chen", True), elision
        assert any(part in elision.casefold() for part in authors._ET_AL_PARTS), elision


def test_elision_parts_fold_as_the_pattern_ignores_case() -> None:
    from digestgen.extract.authors import _ET_AL_PARTS

    _assert_ignoring_case_is_folding(_ET_AL_PARTS)


_MENTION_WORDS = ["arxiv", "arXiv", "ARXIV", "arxıv", "arxİv", "2401", "12345", "1234", "v2", "\u3000", "Title"]
MENTION_PIECES = st.lists(
    st.sampled_from([*" [(（]）)\n\t:：.vV5x", *_MENTION_WORDS, "https://a.org/x"]), max_size=14
).map("".join)


@settings(max_examples=2000)
@given(MENTION_PIECES)
def test_an_arxiv_mention_is_cut_off_as_the_pattern_cuts_it(text: str) -> None:
    from digestgen.extract.lines import _ARXIV_MENTION, without_arxiv_mention

    assert without_arxiv_mention(text) == _ARXIV_MENTION.sub("", text)


_TRAILING_WORDS = ["arxiv", "arXiv", "arxıv", "2401.12345", "2401.1234", "v2", "hep-th/9901001", "arxiv/1234567"]
TRAILING_PIECES = st.lists(
    st.sampled_from([*" ,，;；[(（]）)\n:：.。x", *_TRAILING_WORDS, "\u3000", "Title"]), max_size=14
).map("".join)


@settings(max_examples=2000)
@given(TRAILING_PIECES)
def test_a_trailing_arxiv_id_is_found_as_the_pattern_finds_it(text: str) -> None:
    from digestgen.extract.lines import _TRAILING_ARXIV, trailing_arxiv

    def seen(match: re.Match[str] | None) -> tuple[int, int, str | None] | None:
        return None if match is None else (match.start(), match.end(), match.group(1))

    assert seen(trailing_arxiv(text)) == seen(_TRAILING_ARXIV.search(text))


# linear time: compared across sizes (a ratio), not against a clock ---------------------


def _cpu_seconds(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def _grows_linearly(run: Callable[[int], object], size: int, factor: int = 8) -> bool:
    """Whether ``run`` at ``factor`` times ``size`` costs well under ``factor`` squared times as much."""
    small = _cpu_seconds(lambda: run(size))
    large = _cpu_seconds(lambda: run(size * factor))
    return large < 2.5 * factor * max(small, 1e-4)


def _post_with_a_long_title_word(size: int) -> str:
    entries = [
        f"Title: {'a' * size} b\nAuthors: Ann Lee, Bo Chen\narXiv: 2401.00001",
        "Title: Second Paper Title Here\nAuthors: Cy Dee, Ed Fox\narXiv: 2401.00002",
        "Title: Third Paper Title Here\nAuthors: Gil Ho, Ivy Jo\narXiv: 2401.00003",
    ]
    return "\n\n".join(entries) + "\n"


def test_a_title_with_a_long_word_is_read_in_linear_time() -> None:
    # A search for the trailing group from every position ran each word to its end: quadratic
    # in a word's length (16 000 letters took 1.6 s, 160 000 would take minutes).
    from digestgen.extract import extract_text
    from digestgen.extract.lines import strip_crumbs

    assert _grows_linearly(lambda size: strip_crumbs("a" * size + " b"), 2000)
    assert _grows_linearly(lambda size: extract_text(_post_with_a_long_title_word(size), "post.txt"), 2000)


def test_a_numbered_line_of_urls_is_read_in_linear_time() -> None:
    # Cut out, the URLs leave a run of spaces, over which the arXiv-mention pattern backtracked at
    # every position: cubic (800 URLs took 0.5 s, 6 000 would take minutes).
    from digestgen.extract import extract_text
    from digestgen.extract.lines import without_arxiv_mention

    def post(size: int) -> str:
        return "1. " + " ".join(f"https://x.org/{i}" for i in range(size)) + "\n\n2. A Second Paper Title\n"

    assert _grows_linearly(lambda size: without_arxiv_mention("Title" + " " * size + "x"), 2000)
    assert _grows_linearly(lambda size: extract_text(post(size), "post.txt"), 200)


def test_a_numbered_line_with_a_run_of_commas_is_read_in_linear_time() -> None:
    # The trailing-id pattern ran from each comma of the run to its end: quadratic (5 000 commas took 0.25 s).
    from digestgen.extract import extract_text
    from digestgen.extract.lines import trailing_arxiv

    def post(size: int) -> str:
        first = f"1. A Title Here {',' * size} x\nAuthors: Ann Lee, Bo Chen"
        return first + "\n\n2. Other Title Here\nAuthors: Cy Dee, Ed Fox\n"

    assert _grows_linearly(lambda size: trailing_arxiv("Title" + "," * size + " arXiv:2401.00001 x"), 2000)
    assert _grows_linearly(lambda size: extract_text(post(size), "post.txt"), 1000)


_BREAK_PIECES = st.lists(st.sampled_from([*" .。-—–|\n\tab", "\u3000", "  ", "Ann Lee", "Title"]), max_size=16).map(
    "".join
)


@settings(max_examples=2000)
@given(_BREAK_PIECES)
def test_reference_lines_split_as_the_plain_pattern_splits_them(text: str) -> None:
    from digestgen.extract.lines import _SENTENCE_BREAK

    plain = re.compile(r"(?<=[^\s.]{2})[.。]\s+(?=\S)|\s+[—–|]\s+|\s+-\s+")
    assert _SENTENCE_BREAK.split(text, maxsplit=2) == plain.split(text, maxsplit=2)
    assert _SENTENCE_BREAK.split(text) == plain.split(text)


def test_a_numbered_line_of_paper_links_is_read_in_linear_time() -> None:
    from digestgen.extract import extract_text

    def post(size: int) -> str:
        urls = " ".join(f"https://arxiv.org/abs/2401.{i:05d}" for i in range(size))
        return f"1. Title Of Paper {urls} Ann Lee\n\n2. Second Title Here\n"

    assert _grows_linearly(lambda size: extract_text(post(size), "post.txt"), 500)
