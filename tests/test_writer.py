"""The writer: readable, deterministic YAML that loads back to identical records."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digestgen.records.loader import load_digest_text
from digestgen.records.model import Digest, Paper
from digestgen.records.writer import dump_digest
from digestgen.subjects import SUBJECT_NAMES

# Text an editor or a scraper could produce: any printable characters, Chinese included,
# with line breaks and the YAML-significant characters (: # - [ ] { } ' " | >).
_chars = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\ufeff\u2028\u2029\x85")
text = st.text(_chars | st.sampled_from(list("\n :#-[]{}'\"|>&*!%@`,?")), min_size=1, max_size=300)
short = st.text(_chars | st.sampled_from(list(" :#-[]'\",")), min_size=1, max_size=40)
yaml_words = st.sampled_from(["No", "yes", "2024", "1.10", "null", "~", "2024-02-30", "0x1F", ".inf", "- a"])
some_text = text | yaml_words
urls = st.from_regex(r"https?://[a-z]{1,10}\.(org|cn|io)(/[A-Za-z0-9_.~%-]{0,12}){0,3}", fullmatch=True)
arxiv_ids = st.from_regex(r"(\d{4}\.\d{4,5}|hep-th/\d{7}|math\.GT/\d{7})", fullmatch=True)
subject_codes = st.sampled_from(sorted(SUBJECT_NAMES))


def _unique(items: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(items, max_size=4, unique=True).map(tuple)


papers = st.builds(
    Paper,
    title=some_text,
    title_zh=st.none() | some_text,
    authors=_unique(short | yaml_words),
    affiliations=_unique(short),
    arxiv=st.none() | arxiv_ids,
    url=st.none() | urls,
    code=st.none() | urls,
    links=_unique(urls),
    subjects=_unique(subject_codes),
    abstract=st.none() | text,
    abstract_zh=st.none() | text,
    tags=_unique(short),
    note=st.none() | text,
)
digests = st.builds(
    Digest,
    date=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
    title=st.none() | some_text,
    source=st.none() | urls,
    subjects=_unique(subject_codes),
    papers=st.lists(papers, max_size=4).map(tuple),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(digests)
def test_written_digests_load_back_identical(digest: Digest) -> None:
    written = dump_digest(digest)
    loaded, problems = load_digest_text("round-trip.yaml", written)
    assert problems == [], written
    assert loaded == digest
    assert dump_digest(loaded) == written  # deterministic: the same records, the same bytes


def test_readable_layout() -> None:
    digest = Digest(
        date=dt.date(2024, 3, 14),
        title="每日学术速递",
        subjects=("cs.CV",),
        papers=(
            Paper(
                title="No",
                title_zh="迈向情境场景理解",
                authors=("Ivana Balažević", "Smith, J."),
                arxiv="2208.07010",
                links=("https://example.org/a",),
                abstract="word " * 40 + "end.",
                abstract_zh="第一行\n第二行\n",
            ),
        ),
    )
    assert dump_digest(digest, header="ingested from post.txt", date_comment="chosen by the editor") == (
        "# ingested from post.txt\n"
        "date: 2024-03-14  # chosen by the editor\n"
        "title: 每日学术速递\n"
        "subjects: [cs.CV]\n"
        "papers:\n"
        "  - title: 'No'\n"
        "    title_zh: 迈向情境场景理解\n"
        "    authors: [Ivana Balažević, 'Smith, J.']\n"
        '    arxiv: "2208.07010"\n'
        "    links:\n"
        "      - https://example.org/a\n"
        "    abstract: >-\n"
        f"      {'word ' * 19}word\n"
        f"      {'word ' * 19}word\n"
        "      end.\n"
        "    abstract_zh: |\n"
        "      第一行\n"
        "      第二行\n"
    )


def test_undated_digest_writes_date_null() -> None:
    assert dump_digest(Digest(date=None)).startswith("date: null\n")
