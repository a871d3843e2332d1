"""Cold builds of two versions of digestgen, alternated, into memory: which is faster, and by how much.

    python bench/compare.py REV [REV2] [--papers 10000] [--runs 5] [--search]

REV and REV2 are git revisions (REV2: the working tree when left out). Each is checked
out in a temporary worktree and run from its ``src`` with this checkout's interpreter and
libraries. Both build the same synthetic papers (``synthetic.py``), cold (no output, no
cache), one after the other, ``--runs`` times; the table gives each one's median.

Builds write to ``/dev/shm`` where it exists: on this machine's disk the same build's time
swings by a quarter from run to run (the file system slows down after large deletions, and
more so as a run goes on), far more than most changes are worth. In memory, what is left
is digestgen's own work. ``bench/build.py`` gives the figures on disk, against Hugo.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import write_synthetic

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())


def worktree(revision: str, folder: Path) -> Path:
    """The ``src`` folder of ``revision`` checked out under ``folder``."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), revision],
                   check=True, capture_output=True)  # fmt: skip
    return folder / "src"


_PROGRAM = "import sys; from digestgen import cli; sys.argv[0] = 'digestgen'; getattr(cli, 'run', cli.main)()"
"""What the ``digestgen`` console script runs (``run`` since it exits without the interpreter's teardown)."""


def cold_build(src: Path, digests: Path, out: Path, search: bool) -> float:
    """Seconds of one cold build by the digestgen in ``src``."""
    shutil.rmtree(out, ignore_errors=True)  # in memory: deleting costs nothing later
    command = [sys.executable, "-c", _PROGRAM,
               "build", "--digests", str(digests), "--out", str(out / "site"), "--cache-dir", str(out / "cache"),
               "--templates", str(out / "no-templates")]  # fmt: skip
    if not search:
        command.append("--no-search")
    start = time.perf_counter()
    environment = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=digests.parent)  # no settings
    if done.returncode != 0:
        raise SystemExit(f"the build from {src} failed:\n{(done.stdout + done.stderr)[-2000:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revisions", nargs="+", help="one or two git revisions (the second: the working tree)")
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--search", action="store_true", help="with the search index")
    args = parser.parse_args()
    if len(args.revisions) > 2:
        parser.error("at most two revisions")
    work = Path(tempfile.mkdtemp(prefix="digestgen-compare-", dir=SCRATCH))
    trees: list[Path] = []
    try:
        sources = {}
        for number, revision in enumerate(args.revisions):
            trees.append(work / f"tree{number}")
            sources[revision] = worktree(revision, trees[-1])
        if len(args.revisions) == 1:
            sources["working tree"] = ROOT / "src"
        for src in sources.values():
            # As installed: else where PYTHONDONTWRITEBYTECODE is set, every build compiles every module.
            compileall.compile_dir(src / "digestgen", quiet=1)
        write_synthetic(work / "digests", args.papers)
        times: dict[str, list[float]] = {name: [] for name in sources}
        for _ in range(args.runs):
            for name, src in sources.items():
                times[name].append(cold_build(src, work / "digests", work / "out", args.search))
        medians = {name: statistics.median(found) for name, found in times.items()}
        first = next(iter(medians.values()))
        print(f"{args.papers} papers, cold{' with search' if args.search else ''}, into {SCRATCH}, "
              f"medians of {args.runs} alternated runs:")  # fmt: skip
        for name, median in medians.items():
            runs = " ".join(f"{t:.2f}" for t in sorted(times[name]))
            print(f"  {name:<14} {median:6.2f} s  {median / first:5.2f}x   ({runs})")
    finally:
        for tree in trees:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
