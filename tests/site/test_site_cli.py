"""``digestgen build`` on the command line: messages and exit codes."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from site_helpers import SITE_DIGESTS

from digestgen.cli import main


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["build", *args])
    return result.exit_code, result.stdout, result.stderr


def test_build_reports_what_it_made(tmp_path: Path) -> None:
    code, out, _ = _run("--digests", str(SITE_DIGESTS), "--out", str(tmp_path / "site"), "--no-search")
    assert code == 0
    assert out.startswith(f"{tmp_path / 'site'}: 8 papers on 3 dates; 76 files, 76 written, 0 removed in ")


def _steps(log: str) -> list[str]:
    """The step names of ``-v``'s lines (``load   12.3 ms``), in order."""
    return [
        re.sub(r"^.*timing\.py:\d+ ", "", line).rsplit(maxsplit=2)[0]
        for line in log.splitlines()
        if line.endswith(" ms")
    ]


def test_verbose_build_times_each_step(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    args = ["-v", "--digests", str(SITE_DIGESTS), "--out", str(tmp_path / "site"), "--cache-dir", str(tmp_path / "c")]
    code, _, err = _run(*args)
    assert code == 0
    assert _steps(err) == [
        "inputs", "load", "catalog", "views", "fragments", "pages", "feeds", "sitemap", "exports", "keys", "search",
        "write", "save records", "save state",
    ]  # fmt: skip
    # -v's handler writes to the first run's stderr; later runs in this process are read from the log.
    caplog.clear()
    code, out, _ = _run(*args)  # nothing changed: nothing is loaded, rendered or written
    assert code == 0 and _steps(caplog.text) == ["inputs"] and ", 0 written, 0 removed" in out
    caplog.clear()
    code, _, _ = _run(*args, "--no-cache")
    assert code == 0
    assert _steps(caplog.text) == [
        "load", "catalog", "views", "fragments", "pages", "feeds", "sitemap", "exports", "search", "write"
    ]  # fmt: skip


def test_site_url_sets_the_base_url_and_feed_addresses(tmp_path: Path) -> None:
    out = tmp_path / "site"
    code, _, _ = _run(
        "--digests", str(SITE_DIGESTS), "--out", str(out), "--site-url", "https://me.github.io/my-digests"
    )
    assert code == 0
    assert 'href="/my-digests/archive/"' in (out / "index.html").read_text()
    assert "https://me.github.io/my-digests/papers/" in (out / "feed.xml").read_text()


def test_a_failed_build_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    digests = tmp_path / "digests"
    digests.mkdir()
    (digests / "bad.yaml").write_text("date: 2024-02-30\npapers:\n  - title: ok\n    colour: red\n")
    code, _, err = _run("--digests", str(digests), "--out", str(tmp_path / "site"))
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"{digests / 'bad.yaml'}:1:7: error:")
    assert lines[1].startswith(f"{digests / 'bad.yaml'}:4:")
    assert lines[-1] == f"Error: build failed with 2 problem(s); {tmp_path / 'site'} is unchanged"
    assert not (tmp_path / "site").exists()


def test_a_base_url_that_is_not_a_path_is_refused(tmp_path: Path) -> None:
    code, _, err = _run("--digests", str(SITE_DIGESTS), "--out", str(tmp_path / "s"), "--base-url", "https://x.org/")
    assert code == 2 and "--base-url is a path" in err


def test_a_foreign_output_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    code, _, err = _run("--digests", str(SITE_DIGESTS), "--out", str(tmp_path))
    assert code == 1 and "refusing to replace it" in err


_PROGRAM = [sys.executable, "-c", "import sys; from digestgen.cli import run; sys.argv[0] = 'digestgen'; run()"]
"""The installed ``digestgen`` program (its console script calls ``run``), as a process."""


def test_the_program_flushes_its_output_before_its_quick_exit(tmp_path: Path) -> None:
    args = ["build", "--digests", str(SITE_DIGESTS), "--out", str(tmp_path / "site"), "--no-search"]
    done = subprocess.run([*_PROGRAM, *args], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    summary = r".*site: \d+ papers on \d+ dates; \d+ files, \d+ written, 0 removed in [\d.]+ s\n"
    assert re.fullmatch(summary, done.stdout)
    assert (tmp_path / "site" / "index.html").is_file()
    version = subprocess.run([*_PROGRAM, "--version"], capture_output=True, text=True, timeout=60)
    assert (version.returncode, version.stdout.startswith("digestgen, version ")) == (0, True)


def test_a_failing_program_exits_1_with_its_message(tmp_path: Path) -> None:
    missing = tmp_path / "none"
    done = subprocess.run([*_PROGRAM, "check", "--digests", str(missing)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "no such folder of digests" in done.stdout + done.stderr


def test_the_console_script_runs_the_quick_exit() -> None:
    # What ``pip install`` writes for [project.scripts] must call ``run``, not ``main``.
    scripts = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"digestgen": "digestgen.cli:run"}


def test_a_sub_path_without_a_site_url_is_warned_about(tmp_path: Path) -> None:
    code, _, err = _run("--digests", str(SITE_DIGESTS), "--out", str(tmp_path / "a"), "--base-url", "/my-digests/")
    assert code == 0
    assert err.startswith(
        "warning: no site URL: canonical links, feeds, the sitemap and robots.txt point at "
        "http://localhost:8000/my-digests/; give the public address with --site-url"
    )
    for args in (["--site-url", "https://me.github.io/my-digests/"], ["--base-url", "/"]):
        code, _, err = _run("--digests", str(SITE_DIGESTS), "--out", str(tmp_path / "b"), *args)
        assert code == 0 and "warning: no site URL" not in err, args
