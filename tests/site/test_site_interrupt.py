"""An interrupted build: kill -9 at any moment leaves the previous site, the new one, or a
committed journal that the next build completes first; Ctrl-C while the journal is applied
waits until it is done."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from site_helpers import TODAY, build, stable_tree, tree

from digestgen.build import output
from digestgen.build.output import recover, write_site
from synthetic import write_digests

DIGESTGEN = Path(sys.executable).parent / "digestgen"
DELAYS = (0.35, 0.6, 0.8, 1.0, 1.3)
"""When to kill, in seconds after start: while loading, rendering and writing."""


_EPOCH = str(int(dt.datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=dt.UTC).timestamp()))
"""The helper's build date, so the command builds the same home page as ``build``."""


def test_a_killed_build_leaves_the_old_site_or_the_new_one(tmp_path: Path) -> None:
    digests, out = tmp_path / "digests", tmp_path / "site"
    write_digests(digests, 240)
    build(digests, out)
    old = stable_tree(out)
    write_digests(digests, 300, per_day=20)  # more dates, every page changed
    new_out = tmp_path / "expected"
    build(digests, new_out)
    new = stable_tree(new_out)
    outcomes = []
    for delay in DELAYS:
        process = subprocess.Popen(
            [str(DIGESTGEN), "build", "--digests", str(digests), "--out", str(out), "--site-url",
             "https://digests.example.org/", "--templates", str(tmp_path / "none")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "SOURCE_DATE_EPOCH": _EPOCH},
        )  # fmt: skip
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = stable_tree(out)
        if now not in (old, new):
            assert (tmp_path / ".site.pending" / "journal.json").is_file(), f"killed after {delay} s: a mix, no journal"
            recover(out)  # what the next build does first
            now = stable_tree(out)
            assert now == new, f"killed after {delay} s: the journal did not complete the new site"
            outcomes.append("completed")
        else:
            outcomes.append("new" if now == new else "old")
        if now == new:
            break
    build(digests, out)
    assert stable_tree(out) == new, outcomes
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def test_ctrl_c_while_the_journal_is_applied_waits_until_it_is_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    out = tmp_path / "site"
    old = {f"page{i}.html": b"old" for i in range(20)}
    write_site(old, out)
    real_replace, calls = os.replace, []

    def replace_then_interrupt(source: str | Path, target: str | Path) -> None:
        calls.append(target)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C after the first file of twenty
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", replace_then_interrupt)
    previous_handler = signal.signal(signal.SIGINT, signal.default_int_handler)  # Python's own Ctrl-C
    request.addfinalizer(lambda: signal.signal(signal.SIGINT, previous_handler))
    new = {path: b"new" for path in old}
    # Another thread, as a progress bar's, which the system may pick to take the signal.
    done = threading.Event()
    bystander = threading.Thread(target=done.wait, args=(30,), daemon=True)
    bystander.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            write_site(new, out)
    finally:
        done.set()
        bystander.join()
    assert len(calls) == 20
    assert {p: d for p, d in tree(out).items() if p != ".digestgen-site"} == new


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Whether ``pid`` still runs (an exited orphan can linger as a zombie until it is reaped)."""
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_the_workers_of_a_killed_build_stop_and_free_the_site(tmp_path: Path) -> None:
    """A forked worker whose parent is killed exits at once: else its result, which nobody
    reads, blocks it forever on a full pipe, and it holds the site's lock for every later build."""
    digests, out = tmp_path / "digests", tmp_path / "site"
    write_digests(digests, 60)
    process = subprocess.Popen(
        [str(DIGESTGEN), "build", "--digests", str(digests), "--out", str(out), "--no-cache"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while not (workers := _children(process.pid)) and time.monotonic() < deadline:
        time.sleep(0.01)  # the search index's worker starts once the digests are loaded
    assert workers, "the build forked no worker"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 5
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if _running(pid)], "a worker outlived its build"
    build(digests, out)  # not kept waiting for the site's lock
    assert (out / "index.html").exists()
