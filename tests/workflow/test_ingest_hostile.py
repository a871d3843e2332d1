"""Ingest and new when the system refuses (issue 18): one ``path: error: …`` line and exit 1,
never a traceback; two ingests of one post at once write one digest."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from digestgen import ingest
from digestgen.cli import main

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
DAILY = SEEDS / "002_ba60b6d11bea5891.txt"  # dated 2024-03-14, 3 papers
DIGESTGEN = Path(sys.executable).with_name("digestgen")


def _one_error_line(result: Result, where: Path) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(f"{where}: error: "), result.stderr
    return errors[0]


def test_a_year_folder_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    digests = tmp_path / "digests"
    digests.mkdir()
    (digests / "2024").write_text("not a folder")
    result = CliRunner().invoke(main, ["ingest", str(DAILY), "--digests", str(digests)])
    assert _one_error_line(result, digests / "2024").endswith(f"error: is a file, not a folder; {DAILY} skipped")
    assert (digests / "2024").read_text() == "not a folder"
    made = CliRunner().invoke(main, ["new", "--date", "2024-03-14", "--digests", str(digests)])
    assert _one_error_line(made, digests / "2024").endswith(": error: is a file, not a folder")


@pytest.mark.parametrize(
    "error", [PermissionError(errno.EACCES, "Permission denied"), OSError(errno.ENOSPC, "No space left on device")]
)
def test_a_folder_that_refuses_writes_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError
) -> None:
    """Read-only or full (simulated: the tests may run as root, whom permissions do not stop)."""
    digests = tmp_path / "digests"

    def refuse(*args: object, **kwargs: object) -> None:
        raise type(error)(error.errno, error.strerror, str(digests / "2024"))

    monkeypatch.setattr(ingest.tempfile, "mkstemp", refuse)
    result = CliRunner().invoke(main, ["ingest", str(DAILY), "--digests", str(digests)])
    assert error.strerror in _one_error_line(result, digests / "2024")
    made = CliRunner().invoke(main, ["new", "--date", "2024-03-14", "--digests", str(digests)])
    assert error.strerror in _one_error_line(made, digests / "2024")


@pytest.mark.parametrize("name", ["out", "bad\nname"])
def test_a_build_into_a_folder_that_is_a_file_is_one_line(tmp_path: Path, name: str) -> None:
    (tmp_path / "digests").mkdir()
    (tmp_path / name).write_text("x")
    args = ["build", "--digests", str(tmp_path / "digests"), "--out", str(tmp_path / name / "s")]
    line = _one_error_line(CliRunner().invoke(main, args), tmp_path / name.replace("\n", "\\n"))
    assert line.endswith(": error: is a file, not a folder; choose another --out")


def test_two_ingests_of_one_post_at_once_write_one_digest(tmp_path: Path) -> None:
    digests = tmp_path / "digests"
    for round_ in range(4):
        folder = digests / str(round_)
        runs = [
            subprocess.Popen([str(DIGESTGEN), "ingest", str(DAILY), "--digests", str(folder)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]  # fmt: skip
        outputs = [run.communicate() for run in runs]
        written = sorted(p.name for p in folder.rglob("*.yaml"))
        assert written == ["2024-03-14-002-ba60b6d11bea5891.yaml"], outputs
        assert sorted(out.splitlines()[-1] for out, _ in outputs) == [
            "ingest: 0 written, 1 already ingested, 0 skipped",
            "ingest: 1 written, 0 already ingested, 0 skipped",
        ]
    assert not [p for p in digests.rglob(".ingest-*")]
    assert os.path.isdir(digests)


def test_without_hard_links_a_name_is_claimed_exclusively(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file system without hard links: the name is created with O_EXCL, so a file that
    appeared meanwhile (another ingest's, an editor's) is never replaced."""
    folder = tmp_path / "2024"
    folder.mkdir()
    (folder / "2024-03-14-x.yaml").write_text("an editor's file\n")

    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(ingest.os, "link", no_links)
    written = ingest.write_new(folder, "2024-03-14-x", "date: 2024-03-14\n")
    assert written == folder / "2024-03-14-x-2.yaml"
    assert (folder / "2024-03-14-x.yaml").read_text() == "an editor's file\n"
    assert written.read_text() == "date: 2024-03-14\n"
    assert sorted(p.name for p in folder.iterdir()) == ["2024-03-14-x-2.yaml", "2024-03-14-x.yaml"]
