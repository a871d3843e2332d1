"""Extraction speed: MB/s on the seed posts and on generated adversarial input, at 1, 5 and 10 MB.

    .venv/bin/python bench/extract.py [SEEDS_DIR]

Times are CPU time of this process (the machine may be shared).
The adversarial text has one huge line, thousands of unclosed brackets, long runs of URLs
and digest-shaped entries; cost must grow linearly with size (the MB/s column stays flat).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from digestgen.extract import extract_bytes

MB = 1_000_000


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


def main() -> None:
    seeds = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/seeds")
    files = sorted(p for p in seeds.glob("*") if p.is_file())
    data = [(p.read_bytes(), p.name) for p in files]
    total = sum(len(d) for d, _ in data)
    repeat = max(1, 2 * MB // max(total, 1))
    seconds = sum(timed(d, n) for _ in range(repeat) for d, n in data)
    print(
        f"seeds ({len(files)} files x{repeat}): {total * repeat / MB:.2f} MB in {seconds:.2f} s = "
        f"{total * repeat / MB / seconds:.1f} MB/s"
    )
    for suffix in (".txt", ".md", ".html"):
        for size in (1 * MB, 5 * MB, 10 * MB):
            blob = adversarial(size)
            if suffix == ".html":
                blob = b"<html><body><p>" + blob.replace(b"\n", b"</p><p>") + b"</p></body></html>"
            seconds = timed(blob, "adversarial" + suffix)
            rate = len(blob) / MB / seconds
            print(f"adversarial{suffix} {len(blob) / MB:5.1f} MB: {seconds:6.2f} s = {rate:5.1f} MB/s")


if __name__ == "__main__":
    main()
