"""The catalog: merging papers across digests, the merge rule, the indexes."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digestgen import catalog as catalog_module
from digestgen.catalog import build_catalog, digest_keys, normalize_title
from digestgen.records.model import Digest, Origin, Paper

D1, D2, D3 = dt.date(2024, 3, 4), dt.date(2024, 3, 14), dt.date(2024, 3, 15)


def digest(date: dt.date, *papers: Paper, subjects: tuple[str, ...] = (), path: str = "") -> Digest:
    return Digest(date, f"digest {date}", None, subjects, papers, Origin(path or f"{date}.yaml"))


def test_same_arxiv_id_is_one_paper_listing_every_digest() -> None:
    first = Paper(title="DistriFusion", arxiv="2402.19481", authors=("Muyang Li",), subjects=("cs.CV",))
    again = Paper(title="DistriFusion!", title_zh="分布式扩散", arxiv="2402.19481", subjects=("cs.DC", "cs.CV"))
    catalog = build_catalog([digest(D2, again), digest(D1, first)])
    (paper,) = catalog.papers
    assert paper.slug == "2402.19481"
    assert [a.digest.date for a in paper.appearances] == [D1, D2]
    assert paper.record.title == "DistriFusion"  # first non-empty, in date order
    assert paper.record.title_zh == "分布式扩散"  # filled from a later listing
    assert paper.record.authors == ("Muyang Li",)
    assert paper.record.subjects == ("cs.CV", "cs.DC")  # union in order of first mention
    assert catalog.by_date[D1] == catalog.by_date[D2] == (paper,)


def test_authors_are_the_first_non_empty_list_not_a_union() -> None:
    a = Paper(title="LLM.int8()", arxiv="2208.07339", authors=("T Dettmers", "M Lewis"))
    b = Paper(title="LLM.int8()", arxiv="2208.07339", authors=("Tim Dettmers", "Mike Lewis"))
    (paper,) = build_catalog([digest(D2, a), digest(D3, b)]).papers
    assert paper.record.authors == ("T Dettmers", "M Lewis")


def test_entries_without_arxiv_id_merge_by_normalised_title() -> None:
    a = Paper(title="A Workshop Paper, Without an arXiv Id", url="https://doi.org/10.1/x")
    b = Paper(title="a workshop paper without an ARXIV id.", tags=("workshop",))
    (paper,) = build_catalog([digest(D1, a), digest(D2, b)]).papers
    assert paper.record.url == "https://doi.org/10.1/x"
    assert paper.record.tags == ("workshop",)
    assert paper.slug == "a-workshop-paper-without-an-arxiv-id-" + paper.slug.rsplit("-", 1)[1]


def test_an_entry_without_id_joins_the_paper_with_id_even_when_listed_first() -> None:
    early = Paper(title="Towards In-context Scene Understanding", abstract="early")
    later = Paper(title="Towards in-context scene understanding", arxiv="2306.01667")
    (paper,) = build_catalog([digest(D1, early), digest(D2, later)]).papers
    assert paper.slug == "2306.01667"
    assert paper.record.abstract == "early"
    assert paper.first_date == D1


def test_chinese_title_matches_when_there_is_no_english_title() -> None:
    with_id = Paper(title="Some Paper", title_zh="某篇论文", arxiv="2401.00001")
    only_zh = Paper(title_zh="某篇论文。", abstract_zh="摘要")
    (paper,) = build_catalog([digest(D1, with_id), digest(D2, only_zh)]).papers
    assert paper.record.abstract_zh == "摘要"


def test_different_arxiv_ids_never_merge() -> None:
    a = Paper(title="Same Title", arxiv="2401.00001")
    b = Paper(title="Same Title", arxiv="2401.00002")
    assert [p.slug for p in build_catalog([digest(D1, a, b)]).papers] == ["2401.00001", "2401.00002"]


def test_slugs_are_stable_and_path_safe() -> None:
    papers = (
        Paper(title="Strings", arxiv="hep-th/9503124"),
        Paper(title_zh="只有中文标题"),
        Paper(title="Ünïcode Títle: with «punctuation»!"),
    )
    first = [p.slug for p in build_catalog([digest(D1, *papers)]).papers]
    again = [p.slug for p in build_catalog([digest(D1, *papers)]).papers]
    assert first == again
    assert first[0] == "hep-th-9503124"
    assert first[1].startswith("p-") and len(first[1]) == 10
    assert first[2].startswith("unicode-title-with-punctuation-")


def test_digest_subjects_are_defaults_for_papers_without_their_own() -> None:
    own = Paper(title="Own", subjects=("cs.LG",))
    default = Paper(title="Default")
    catalog = build_catalog([digest(D1, own, default, subjects=("cs.CV",))])
    assert [p.record.subjects for p in catalog.papers] == [("cs.LG",), ("cs.CV",)]
    assert list(catalog.by_subject) == ["cs.CV", "cs.LG"]


def test_indexes_by_date_and_subject() -> None:
    old = Paper(title="Old", subjects=("cs.CV",), authors=("Ada",))
    new = Paper(title="New", subjects=("cs.CV",), authors=("Ada", "Bo"))
    repeat = Paper(title="Old", subjects=("cs.CV",))
    catalog = build_catalog([digest(D1, old), digest(D2, new, repeat, repeat)])
    assert catalog.dates == (D1, D2)
    assert [p.record.title for p in catalog.by_date[D2]] == ["New", "Old"]  # listed twice, shown once
    assert [p.record.title for p in catalog.by_subject["cs.CV"]] == ["New", "Old"]  # newest first
    assert [d.slugs for d in catalog.digests_by_date[D2]] == [(catalog.papers[1].slug, catalog.papers[0].slug)]


def test_a_paper_listed_once_is_merged_with_itself() -> None:
    tidy = Paper(title="Tidy", arxiv="2401.00001", subjects=("cs.CV", "cs.LG"))
    untidy = Paper(title="Untidy", title_zh="", arxiv="2401.00002", subjects=("cs.CV", "cs.CV"), tags=("a", "a"))
    first, second = build_catalog([digest(D1, tidy, untidy)]).papers
    assert first.record is tidy  # already in merged form: served as is
    assert second.record == Paper(title="Untidy", arxiv="2401.00002", subjects=("cs.CV",), tags=("a",))


def test_titles_are_indexed_only_when_an_entry_has_no_id() -> None:
    with_id = Paper(title="Same Title", arxiv="2401.00001")
    (paper,) = build_catalog([digest(D1, with_id), digest(D2, Paper(title="Same title."))]).papers
    assert [a.digest.date for a in paper.appearances] == [D1, D2]
    assert [p.slug for p in build_catalog([digest(D1, with_id)]).papers] == ["2401.00001"]


def test_digests_are_ordered_by_date_then_file() -> None:
    b, a = digest(D2, Paper(title="b"), path="b.yaml"), digest(D2, Paper(title="a"), path="a.yaml")
    catalog = build_catalog([b, a, digest(D1, Paper(title="c"))])
    assert [d.path for d in catalog.digests] == [f"{D1}.yaml", "a.yaml", "b.yaml"]
    assert [d.number for d in catalog.digests] == [0, 1, 2]


def test_a_digest_without_date_is_refused() -> None:
    with pytest.raises(ValueError, match="without a date"):
        build_catalog([Digest(None, papers=(Paper(title="x"),))])


def test_normalize_title_drops_case_punctuation_and_width() -> None:
    assert normalize_title("  LLM.int8(): 8-bit  ") == normalize_title("llm int8 8 bit")
    assert normalize_title("ＤｉｓｔｒｉＦｕｓｉｏｎ：扩散") == "distrifusion 扩散"


def _synthetic(papers: int) -> list[Digest]:
    days = []
    for day in range(papers // 30):
        date = dt.date(2020, 1, 1) + dt.timedelta(days=day)
        entries = tuple(
            Paper(title=f"Paper {day} {n}", arxiv=f"20{day % 90:02d}.{n:05d}", subjects=("cs.CV",)) for n in range(30)
        )
        days.append(digest(date, *entries, Paper(title=f"Paper {day} 0")))  # a repeat, merged by title
    return days


def test_catalog_time_grows_linearly() -> None:
    small, large = _synthetic(3_000), _synthetic(12_000)
    timings = []
    for digests in (small, large):
        start = time.perf_counter()
        build_catalog(digests)
        timings.append(time.perf_counter() - start)
    assert timings[1] < timings[0] * 8, timings  # 4x the papers; quadratic would be 16x


def _keys_by_scanning(digests: list[tuple[dt.date, str]]) -> list[str]:
    """The plain rule ``digest_keys`` follows: the base, else the first free ``base-n``."""
    taken: set[str] = set()
    for date, path in digests:
        base = key = digest_keys([(date, path)])[0]
        number = 1
        while key in taken:
            number += 1
            key = f"{base}-{number}"
        taken.add(key)
    return list(taken)


def test_digest_keys_skip_names_another_file_took() -> None:
    files = ["daily.yaml", "daily-2.yaml", "x/daily.yaml", "y/daily.yaml", "daily-3.yaml", "z/daily.yaml"]
    keys = digest_keys([(D1, name) for name in files])
    assert keys == [f"{D1}-daily", f"{D1}-daily-2", f"{D1}-daily-3", f"{D1}-daily-4", f"{D1}-daily-3-2",
                    f"{D1}-daily-5"]  # fmt: skip
    assert sorted(keys) == sorted(_keys_by_scanning([(D1, name) for name in files]))


def test_digest_keys_time_grows_linearly_with_repeats() -> None:
    many = [(D1, f"{n}/daily.yaml") for n in range(20_000)]
    start = time.perf_counter()
    keys = digest_keys(many)
    assert time.perf_counter() - start < 1.0  # a scan from 1 for each would take minutes
    assert keys[-1] == f"{D1}-daily-20000" and len(set(keys)) == len(keys)


_TEXT = st.sampled_from([None, "", "x", "标题"])
_LIST = st.lists(st.sampled_from(["a", "b", ""]), max_size=3).map(tuple)
_FIELDS = {name: _TEXT for name in ("title_zh", "arxiv", "url", "code", "abstract", "abstract_zh", "note")}
_FIELDS |= {name: _LIST for name in ("authors", "affiliations", "links", "subjects", "tags")}


@given(st.builds(Paper, title=_TEXT, **_FIELDS))
def test_a_paper_is_served_as_is_exactly_when_merging_it_alone_changes_nothing(paper: Paper) -> None:
    assert catalog_module._is_merged(paper) == (catalog_module._merged_record([paper]) == paper)
