"""kill -9 at any moment of a build leaves the previous site or the new one, never a mix."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from site_helpers import TODAY, build, tree

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
    old = tree(out)
    write_digests(digests, 300, per_day=20)  # more dates, every page changed
    new_out = tmp_path / "expected"
    build(digests, new_out)
    new = tree(new_out)
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
        now = tree(out)
        assert now in (old, new), f"killed after {delay} s: the site is a mix of old and new"
        outcomes.append("new" if now == new else "old")
        if now == new:
            break
    build(digests, out)
    assert tree(out) == new, outcomes
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")]
