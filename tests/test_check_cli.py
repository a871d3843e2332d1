"""`digestgen check` as a user runs it: exit codes, every problem at once, summary line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from digestgen.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def _digests_with_broken_files(tmp_path: Path) -> Path:
    folder = tmp_path / "digests"
    shutil.copytree(FIXTURES / "valid", folder)
    for case in ("boolean_title", "impossible_date", "javascript_link"):
        target = folder / "2023" / f"{case}.yaml"
        target.parent.mkdir(exist_ok=True)
        shutil.copy(FIXTURES / "invalid" / case / "digest.yaml", target)
    return folder


def test_clean_folder_exits_zero_with_summary() -> None:
    result = CliRunner().invoke(main, ["check", "--digests", str(FIXTURES / "valid")])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "2 digests, 4 papers, 0 problems, 1 warning"


def test_bad_files_among_good_are_all_reported_sorted(tmp_path: Path) -> None:
    folder = _digests_with_broken_files(tmp_path)
    result = CliRunner().invoke(main, ["check", "--digests", str(folder)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines == [
        f"{folder}/2023/boolean_title.yaml:3:12: error: title: YAML reads `No` as a boolean, not text; "
        'quote it: title: "No"',
        f"{folder}/2023/impossible_date.yaml:1:7: error: date: 2024-02-30 is not a real date "
        "(day is out of range for month)",
        f"{folder}/2023/javascript_link.yaml:4:11: error: code: `javascript:alert(1)` is not an http or https URL",
        f"{folder}/2023/javascript_link.yaml:7:9: error: links: `data:text/html,hi` is not an http or https URL",
        f"{folder}/2024/2024-03-15-other.yaml:3:5: warning: paper has no title or title_zh; "
        "its page and exports show the start of its abstract instead",
        "5 digests, 4 papers, 4 problems, 1 warning",
    ]


def test_default_folder_is_digests_in_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURES / "valid", tmp_path / "digests")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert (result.exit_code, result.output.splitlines()[-1]) == (0, "2 digests, 4 papers, 0 problems, 1 warning")


def test_installed_command_runs_for_real(tmp_path: Path) -> None:
    folder = _digests_with_broken_files(tmp_path)
    exe = Path(sys.executable).with_name("digestgen")
    proc = subprocess.run([str(exe), "check", "--digests", str(folder)], capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert proc.stdout.count(": error: ") == 4
    assert proc.stdout.endswith("5 digests, 4 papers, 4 problems, 1 warning\n")
    assert proc.stderr == ""


def test_a_paper_without_a_title_is_a_warning_not_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "2024-03-14.yaml").write_text(
        "date: 2024-03-14\npapers:\n  - title: Titled\n  - abstract: Only an abstract.\n  - title_zh: 中文标题\n"
    )
    result = CliRunner().invoke(main, ["check", "--digests", str(folder)])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{folder}/2024-03-14.yaml:4:5: warning: paper has no title or title_zh; "
        "its page and exports show the start of its abstract instead",
        "1 digest, 3 papers, 0 problems, 1 warning",
    ]
