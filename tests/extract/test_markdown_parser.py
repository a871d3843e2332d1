"""The Markdown reader's parser is markdown-it with two shortcuts: they must change no token."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink

from digestgen.extract.markdown import _MD, _PLAIN_URL

STOCK = MarkdownIt("commonmark", {"html": True}).enable("table")
MARKDOWN = st.lists(
    st.sampled_from(
        [
            *"ab c\n\t*_[]()!<>&\\`:-#=|~^%@$+{}.,/\"'",
            *["\n\n", "  \n", "https://x.org/a", "&amp;", "&#x41;", "<br>", "](", "![", "**", "|---|", "1. ", "- "],
            *["> ", "```", "<div>", "</div>", "%2", "%zz", "词", "[a](https://arxiv.org/abs/2401.00001)"],
        ]
    ),
    max_size=60,
).map("".join)
URL = st.lists(
    st.sampled_from([*"abcXYZ09-_+.;/?:@&=$,!~*'()#%", "%41", "%4g", " ", "词", "|", "\\", "[", "..", "a" * 64]),
    max_size=30,
).map("".join)


def _tokens(md: MarkdownIt, text: str) -> list[dict[str, object]]:
    return [token.as_dict() for token in md.parse(text)]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN)
def test_the_parser_makes_the_tokens_of_stock_markdown_it(text: str) -> None:
    assert _tokens(_MD, text) == _tokens(STOCK, text)


@settings(max_examples=400)
@given(st.sampled_from(["http://", "https://", "HTTP://", "https:/", "//", ""]), URL)
def test_link_addresses_are_normalised_as_markdown_it_does(scheme: str, rest: str) -> None:
    assert _MD.normalizeLink(scheme + rest) == normalizeLink(scheme + rest)


def test_plain_addresses_take_the_shortcut() -> None:
    for url in ("https://arxiv.org/abs/2401.00001v2", "https://github.com/a/b?tab=readme#top", "http://x.org"):
        assert _PLAIN_URL.fullmatch(url)
        assert _MD.normalizeLink(url) == normalizeLink(url) == url
    for url in ("https://x.org/上", "https://x.org:80/", "https://a@x.org/", "https://x.org/a b", "https://x.org/%4"):
        assert not _PLAIN_URL.fullmatch(url)


def test_wiki_links_read_as_the_words_they_show() -> None:
    from digestgen.extract.markdown import read_markdown

    lines = read_markdown("Authors: [[Lena Vogel|L. Vogel]] and [[Bo Chen]], see [[Notes]].\n").lines
    assert lines[0].text == "Authors: L. Vogel and Bo Chen, see Notes."


DESTINATION = st.lists(
    st.sampled_from([*"ab/:.?#=&;%", " ", "\t", "\n", "\x01", "\x7f", "(", ")", "<", ">", "\\", "&amp;", "词"]),
    max_size=24,
).map("".join)


@settings(max_examples=600)
@given(DESTINATION, st.integers(0, 3), st.integers(0, 3))
def test_link_destinations_are_read_as_markdown_it_reads_them(text: str, start: int, cut: int) -> None:
    from markdown_it.helpers import parseLinkDestination

    start, maximum = min(start, len(text)), max(0, len(text) - cut)
    ours = _MD.helpers.parseLinkDestination(text, start, maximum) if start < maximum else None
    stock = parseLinkDestination(text, start, maximum) if start < maximum else None
    assert (ours and (ours.ok, ours.pos, ours.str)) == (stock and (stock.ok, stock.pos, stock.str))
