"""How fast the loader reads digests: parse and check N synthetic papers.

    python bench/load.py [--papers 10000] [--runs 5]

Prints the median wall time of `load_digests` over several runs: cold on one core, cold
across every core, warm from the record cache (saved and read back as `build` does), and
for comparison in the same run, cold with PyYAML's pure-Python composer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from digestgen.records import yamlnodes
from digestgen.records.cache import RecordCache
from digestgen.records.loader import LoadResult, load_digests
from synthetic import write_synthetic


def _median(runs: int, load: Callable[[], LoadResult]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = load()
        times.append(time.perf_counter() - start)
        assert result.ok, result.problems[:3]
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "digests"
        files = write_synthetic(folder, args.papers)
        size = sum(p.stat().st_size for p in folder.rglob("*.yaml")) / 1e6
        cache_file = Path(tmp) / "records.pickle"
        primed = RecordCache(cache_file)
        load_digests(folder, cache=primed)
        primed.save()
        rows = {
            "cold, 1 process": _median(args.runs, lambda: load_digests(folder, workers=1)),
            "cold, all cores": _median(args.runs, lambda: load_digests(folder)),
            "warm, disk cache": _median(args.runs, lambda: load_digests(folder, cache=RecordCache(cache_file))),
        }
        yamlnodes._Loader = yaml.SafeLoader  # the pure-Python composer, for the ratio
        rows["cold, pure-Python"] = _median(max(1, args.runs // 2), lambda: load_digests(folder, workers=1))
    base = rows["cold, 1 process"]
    print(f"{args.papers} papers in {files} files ({size:.1f} MB of YAML); medians of {args.runs} runs")
    for name, seconds in rows.items():
        print(f"{name:18} {seconds:7.3f} s  {seconds / args.papers * 1e3:6.3f} ms/paper  {seconds / base:5.2f}x")


if __name__ == "__main__":
    main()
