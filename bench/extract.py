"""Extraction speed: MB/s on a folder of posts and on generated adversarial input, at 1, 5 and 10 MB.

    .venv/bin/python bench/extract.py [DIR ...] [--runs 5] [--adversarial-runs 3] [--no-adversarial]

DIR defaults to the seed posts (/work/shared/seeds); pass /work/shared/corpus/raw for the
corpus. Each folder is labelled by its path. A run extracts every file of the folder
(repeated to at least 2 MB); the line gives the median MB/s of the runs, with the slowest
and fastest. Times are CPU time of this process (the machine may be shared).

The adversarial text has one huge line, thousands of unclosed brackets, long runs of URLs
and digest-shaped entries; cost must grow linearly with size (the MB/s column stays flat).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from digestgen.extract import extract_bytes

MB = 1_000_000
SEEDS = "/work/shared/seeds"


def adversarial(size: int, seed: int = 7) -> bytes:
    """About ``size`` bytes of hostile text: huge line, brackets, URL runs, entries."""
    rng = random.Random(seed)
    quarter = size // 4
    huge_line = ("[a](http://x.org/" + "(" * 20 + "词" * 10 + "https://github.com/a/b上" + "]" * 5) * (quarter // 80)
    brackets = "\n".join("[" * rng.randint(1, 200) + "【1】" + "(" * 50 for _ in range(quarter // 300))
    urls = " ".join(f"https://arxiv.org/abs/2306.{i:05d}v2" for i in range(quarter // 40))
    entries = "\n\n".join(
        f"{i}、[CV] Title number {i}: A Study\n作者：A B, C D\n文章链接：https://arxiv.org/abs/2401.{i % 99999:05d}\n"
        f"摘要：{'我们提出了一种方法。' * 20}"
        for i in range(1, quarter // 400)
    )
    return "\n".join([huge_line, brackets, urls, entries]).encode("utf-8")[:size]


def timed(data: bytes, name: str) -> float:
    start = time.process_time()
    extract_bytes(data, name)
    return time.process_time() - start


def folder(path: Path, runs: int) -> None:
    """One line for the files of a folder: median MB/s over ``runs`` runs."""
    files = sorted(p for p in path.glob("*") if p.is_file())
    data = [(p.read_bytes(), p.name) for p in files]
    total = sum(len(d) for d, _ in data)
    repeat = max(1, 2 * MB // max(total, 1))
    rates = []
    for _ in range(runs):
        seconds = sum(timed(d, n) for _ in range(repeat) for d, n in data)
        rates.append(total * repeat / MB / seconds)
    print(
        f"{path} ({len(files)} files, {total / MB:.2f} MB, x{repeat}): median {statistics.median(rates):.2f} MB/s "
        f"over {runs} runs (min {min(rates):.2f}, max {max(rates):.2f})"
    )


def adversarial_lines(runs: int) -> None:
    """One line per kind and size of adversarial input: median over ``runs`` runs."""
    for suffix in (".txt", ".md", ".html"):
        for size in (1 * MB, 5 * MB, 10 * MB):
            blob = adversarial(size)
            if suffix == ".html":
                blob = b"<html><body><p>" + blob.replace(b"\n", b"</p><p>") + b"</p></body></html>"
            seconds = statistics.median(timed(blob, "adversarial" + suffix) for _ in range(runs))
            rate = len(blob) / MB / seconds
            print(
                f"adversarial{suffix:5} {len(blob) / MB:5.1f} MB: median {seconds:6.2f} s = {rate:5.2f} MB/s "
                f"over {runs} runs"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=[Path(SEEDS)], metavar="DIR")
    parser.add_argument("--runs", type=int, default=5, help="runs over each folder (default 5)")
    parser.add_argument("--adversarial-runs", type=int, default=3, help="runs per adversarial input (default 3)")
    parser.add_argument("--no-adversarial", action="store_true", help="only the folders")
    args = parser.parse_args()
    for path in args.dirs:
        folder(path, max(1, args.runs))
    if not args.no_adversarial:
        adversarial_lines(max(1, args.adversarial_runs))


if __name__ == "__main__":
    main()
