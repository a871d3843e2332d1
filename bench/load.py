"""How fast the loader reads digests: parse and check N synthetic papers.

    python bench/load.py [--papers 10000] [--runs 5]

Prints the median wall time of `load_digests` over several runs, with the C loader and,
for comparison in the same run, with PyYAML's pure-Python composer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from digestgen import yamlnodes
from digestgen.loader import load_digests
from synthetic import write_synthetic


def _median_seconds(folder: Path, runs: int) -> tuple[float, int]:
    times = []
    papers = 0
    for _ in range(runs):
        start = time.perf_counter()
        result = load_digests(folder)
        times.append(time.perf_counter() - start)
        assert result.ok, result.problems[:3]
        papers = result.paper_count
    return statistics.median(times), papers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_synthetic(folder, args.papers)
        size = sum(p.stat().st_size for p in folder.rglob("*.yaml")) / 1e6
        fast, papers = _median_seconds(folder, args.runs)
        yamlnodes._Loader = yaml.SafeLoader  # the pure-Python composer, for the ratio
        slow, _ = _median_seconds(folder, max(1, args.runs // 2))
    print(f"{papers} papers in {files} files ({size:.1f} MB)")
    print(f"libyaml loader : {fast:.3f} s median  ({fast / papers * 1e3:.3f} ms/paper)")
    print(f"pure loader    : {slow:.3f} s median  ({slow / fast:.1f}x slower)")


if __name__ == "__main__":
    main()
