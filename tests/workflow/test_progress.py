"""Progress: a bar in a terminal, one summary line in CI or a pipe, timed steps with -v."""

from __future__ import annotations

import io
import os
import pty
import subprocess
from pathlib import Path

import pytest
from workflow_helpers import DIGESTGEN, SITE_DIGESTS

from digestgen.build.pipeline import build_site
from digestgen.render import make_config
from digestgen.runtime import progress
from digestgen.runtime.timing import Steps

BUILD = [str(DIGESTGEN), "build", "--digests", str(SITE_DIGESTS), "--no-search"]


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return {**env, "TERM": "xterm-256color", "COLUMNS": "100", **extra}


def _in_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Everything the command shows when run in a (pseudo) terminal."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(args, cwd=cwd, env=env, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closes with the process
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    assert process.wait(timeout=60) == 0
    return b"".join(chunks).decode(errors="replace")


def test_a_terminal_shows_a_bar_with_the_running_step(tmp_path: Path) -> None:
    shown = _in_terminal(BUILD, tmp_path, _environment())
    assert "build" in shown and "━" in shown, "a bar is drawn"
    assert "pages" in shown, "it names the step that runs"
    assert "site: 8 papers on 3 dates" in shown


def test_ci_and_pipes_get_one_summary_line(tmp_path: Path) -> None:
    in_ci = _in_terminal(BUILD, tmp_path, _environment(CI="true"))
    assert "━" not in in_ci
    assert in_ci.strip().splitlines() == [next(line for line in in_ci.splitlines() if line.startswith("site: "))]
    piped = subprocess.run(BUILD, cwd=tmp_path, env=_environment(), capture_output=True, text=True, check=True)
    assert piped.stderr == ""
    assert len(piped.stdout.splitlines()) == 1 and piped.stdout.startswith("site: 8 papers on 3 dates; ")


def test_verbose_prints_the_timed_steps_and_no_bar(tmp_path: Path) -> None:
    args = [str(DIGESTGEN), "-v", *BUILD[1:]]
    shown = _in_terminal(args, tmp_path, _environment())
    assert "━" not in shown
    for step in ("load", "catalog", "pages", "feeds", "sitemap", "write"):
        assert any(line.startswith(step) and line.rstrip().endswith("ms") for line in shown.splitlines()), step
    piped = subprocess.run([*args[:2], *args[2:]], cwd=tmp_path, env=_environment(), capture_output=True, text=True)
    # Nothing changed since the first build: only the inputs are checked, and timed.
    assert piped.stderr.split() == ["inputs", piped.stderr.split()[1], "ms"]
    assert piped.stdout.startswith("site: ")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_interactive_only_in_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert progress.interactive(_Terminal())
    assert not progress.interactive(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not progress.interactive(_Terminal())
    monkeypatch.delenv("CI")
    monkeypatch.setenv("TERM", "dumb")
    assert not progress.interactive(_Terminal())


def test_step_progress_follows_the_build_steps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    seen: list[str] = []
    stream = _Terminal()
    with progress.step_progress("build", stream) as on_start:
        assert on_start is not None

        def record(step: str) -> None:
            seen.append(step)
            on_start(step)

        build_site(SITE_DIGESTS, tmp_path / "site", make_config(search=False), steps=Steps(record))
    assert seen[:2] == ["load", "catalog"] and seen[-1] == "write" and "pages" in seen
    assert "build" in stream.getvalue()
    with progress.step_progress("build", io.StringIO()) as quiet:
        assert quiet is None


def test_track_gives_every_item_in_both_modes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    items = [f"post-{i}.html" for i in range(5)]
    terminal = _Terminal()
    assert list(progress.track(items, "ingest", terminal)) == items
    assert "5/5" in terminal.getvalue() and "ingest" in terminal.getvalue()
    piped = io.StringIO()
    assert list(progress.track(items, "ingest", piped)) == items
    assert piped.getvalue() == ""


def test_ingest_shows_n_of_m_in_a_terminal_and_no_bar_when_piped(tmp_path: Path) -> None:
    posts = []
    for day in (11, 12, 13):
        post = tmp_path / f"post{day}.md"
        post.write_text(
            f"# 每日学术速递 2024.03.{day}\n\n1. Towards Paper {day}\n\nhttps://arxiv.org/abs/2306.016{day}\n"
        )
        posts.append(post.name)
    args = [str(DIGESTGEN), "ingest", "--digests", "a", *posts]
    shown = _in_terminal(args, tmp_path, _environment())
    assert "3/3" in shown and "ingest: 3 written" in shown
    piped = subprocess.run([*args[:3], "b", *posts], cwd=tmp_path, env=_environment(), capture_output=True, text=True)
    assert "━" not in piped.stdout + piped.stderr and "3/3" not in piped.stdout
    assert piped.stdout.splitlines()[-1] == "ingest: 3 written, 0 already ingested, 0 skipped"
