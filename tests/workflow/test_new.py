"""``digestgen new``: an empty digest that passes check, never over an existing file."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from workflow_helpers import ROOT

from digestgen.cli import main
from digestgen.newdigest import blank_digest
from digestgen.records.loader import load_digest_text
from digestgen.records.model import PAPER_FIELDS


def _new(*args: str) -> str:
    result = CliRunner().invoke(main, ["new", *args])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_writes_a_blank_digest_that_passes_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = _new("--date", "2024-03-14")
    assert path == "digests/2024/2024-03-14-digest.yaml"
    text = Path(path).read_text()
    assert "date: 2024-03-14\n" in text and "  # - title: " in text
    checked = CliRunner().invoke(main, ["check"])
    assert (checked.exit_code, checked.output) == (0, "1 digest, 0 papers, 0 problems\n")


def test_never_overwrites_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = Path(_new("--date", "2024-03-14"))
    first.write_text("date: 2024-03-14\n# my work\n")
    second = _new("--date", "2024-03-14")
    third = _new("--date", "2024-03-14", "--slug", "Evening Post!")
    assert second == "digests/2024/2024-03-14-digest-2.yaml"
    assert third == "digests/2024/2024-03-14-evening-post.yaml"
    assert first.read_text() == "date: 2024-03-14\n# my work\n"


def test_default_date_is_today_and_bad_dates_are_refused(tmp_path: Path) -> None:
    today = dt.date.today()
    path = _new("--digests", str(tmp_path / "d"))
    assert path == str(tmp_path / "d" / f"{today.year:04d}" / f"{today.isoformat()}-digest.yaml")
    result = CliRunner().invoke(main, ["new", "--date", "2024-02-30", "--digests", str(tmp_path)])
    assert result.exit_code == 2 and "'2024-02-30' is not a date; write it as YYYY-MM-DD" in result.output


def test_schema_line_points_at_the_projects_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schema").mkdir()
    shutil.copy(ROOT / "schema" / "digest.schema.json", tmp_path / "schema")
    path = Path(_new("--date", "2024-03-14"))
    assert path.read_text().startswith("# yaml-language-server: $schema=../../schema/digest.schema.json\n")
    deeper = Path(_new("--date", "2024-03-14", "--digests", "content/digests"))
    first_line = deeper.read_text().splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../../../schema/digest.schema.json"
    assert (deeper.parent / first_line.split("=", 1)[1]).resolve() == (tmp_path / "schema/digest.schema.json")


def test_no_schema_line_without_a_schema(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the search for schema/ stops at the repository's root
    path = Path(_new("--date", "2024-03-14", "--digests", str(tmp_path / "digests")))
    assert "yaml-language-server" not in path.read_text()


def test_the_example_paper_uncommented_has_every_field_and_loads() -> None:
    text = blank_digest(dt.date(2024, 3, 14), None)
    uncommented = re.sub(r"^  # ", "  ", text, flags=re.MULTILINE)
    digest, problems = load_digest_text("new.yaml", uncommented)
    assert problems == []
    assert digest is not None and len(digest.papers) == 1
    paper = digest.papers[0]
    assert [name for name in PAPER_FIELDS if not getattr(paper, name)] == []
    assert paper.arxiv == "2306.01667" and paper.subjects == ("cs.CV",)
