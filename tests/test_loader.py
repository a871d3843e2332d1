"""The loader: valid records load exactly; every YAML trap is reported at its line and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from digestgen.cli import main
from digestgen.records.loader import load_digest_bytes, load_digest_text, load_digests
from digestgen.records.model import Digest, Paper

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
INVALID_CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir())


def test_valid_folder_loads_every_field() -> None:
    result = load_digests(FIXTURES / "valid")
    assert result.problems == []
    assert [d.date for d in result.digests] == [dt.date(2024, 3, 14), dt.date(2024, 3, 15)]
    first = result.digests[0]
    assert first.title == "每日学术速递 2024.03.14"
    assert first.subjects == ("cs.CV",)
    paper = first.papers[0]
    assert paper == Paper(
        title="Towards In-context Scene Understanding",
        title_zh="迈向情境场景理解",
        authors=("Ivana Balažević", "David Steiner"),
        affiliations=("DeepMind",),
        arxiv="2208.07010",
        code="https://github.com/example/hummingbird",
        links=("https://example.org/project",),
        subjects=("cs.LG", "cs.CV"),
        abstract="First line.\nSecond line.\n",
        abstract_zh="上下文学习",
        tags=("in-context",),
        note="Checked by *hand*.",
    )


def test_unquoted_arxiv_id_keeps_its_trailing_zero() -> None:
    digest, problems = load_digest_text("x.yaml", "date: 2024-01-01\npapers:\n  - title: T\n    arxiv: 2208.07010\n")
    assert problems == []
    assert digest is not None and digest.papers[0].arxiv == "2208.07010"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("https://arxiv.org/pdf/hep-th/9901001v3.pdf", "hep-th/9901001"),
        ("arXiv:2306.01667v2", "2306.01667"),
        ("2306.01667", "2306.01667"),
        ("https://arxiv.org/abs/2306.01667", "2306.01667"),
        ("math.GT/0309136", "math.GT/0309136"),
        ("1501.0001", "1501.0001"),
        ("https://huggingface.co/papers/2501.08313", "2501.08313"),
        ("https://www.alphaxiv.org/abs/2501.08313v2", "2501.08313"),
        ("https://papers.cool/arxiv/2501.08313", "2501.08313"),
        ("https://ar5iv.labs.arxiv.org/html/1706.03762", "1706.03762"),
    ],
)
def test_arxiv_ids_are_normalised(written: str, expected: str) -> None:
    text = f"date: 2024-01-01\npapers:\n  - title: T\n    arxiv: {written}\n"
    digest, problems = load_digest_text("x.yaml", text)
    assert problems == []
    assert digest is not None and digest.papers[0].arxiv == expected


def test_empty_values_are_absent_fields() -> None:
    digest, problems = load_digest_text("x.yaml", "date: 2024-01-01\npapers:\n  - title: T\n    code:\n    tags: []\n")
    assert problems == []
    assert digest == Digest(date=dt.date(2024, 1, 1), papers=(Paper(title="T"),))


def test_records_remember_where_they_came_from() -> None:
    digest, _ = load_digest_text("d.yaml", "date: 2024-01-01\npapers:\n  - title: A\n  - title: B\n")
    assert digest is not None
    assert [(p.origin.path, p.origin.line) for p in digest.papers if p.origin] == [
        ("d.yaml", 3),
        ("d.yaml", 4),
    ]


@pytest.mark.parametrize("case", INVALID_CASES)
def test_invalid_case_reports_exact_problems(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each folder under fixtures/invalid holds one trap and the exact `check` output expected."""
    monkeypatch.chdir(REPO)
    folder = Path("tests/fixtures/invalid") / case
    result = CliRunner().invoke(main, ["check", "--digests", str(folder)])
    assert result.output == (folder / "expected.txt").read_text(encoding="utf-8")
    assert result.exit_code == 1


def test_missing_folder_is_a_problem_not_a_crash() -> None:
    result = load_digests(FIXTURES / "no-such-folder")
    assert not result.ok
    assert "no such folder of digests" in str(result.problems[0])


DOCUMENT = "date: 2024-03-14\npapers:\n  - title: 标题 and title\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (DOCUMENT.encode("utf-16"), "bytes that are not UTF-8 (0xff)"),  # libyaml alone would read it
        ("\ufeff".encode() + DOCUMENT.encode("utf-16-le"), "bytes that are not UTF-8"),
        (DOCUMENT.replace("title", "ti\x07tle", 1).encode(), "not allowed in YAML"),
        (DOCUMENT.encode()[:-8] + b"\xed\xa0\x80\n", "bytes that are not UTF-8 (0xed)"),  # a surrogate
    ],
    ids=["utf-16", "utf-16 after a utf-8 mark", "control character", "encoded surrogate"],
)
def test_bytes_libyaml_refuses_are_explained(data: bytes, message: str) -> None:
    digest, problems = load_digest_bytes("d.yaml", data)
    assert digest is None and len(problems) == 1 and message in problems[0].message


def test_utf8_with_or_without_a_byte_order_mark_loads_the_same() -> None:
    plain, marked = (
        load_digest_bytes("d.yaml", DOCUMENT.encode()),
        load_digest_bytes("d.yaml", b"\xef\xbb\xbf" + DOCUMENT.encode()),
    )
    assert plain[0] is not None and plain[0] == marked[0] and plain[0].papers[0].title == "标题 and title"
