"""Indexing each paper's text in its own language against all of it as Chinese: time and memory.

    python bench/search_languages.py [--papers 3000] [--runs 3]

The index today holds every record as ``zh`` (one index; the extended binary segments the
Chinese words, English words stay words, unstemmed). The alternative: the English title,
abstract and authors in an ``en`` index (stemmed, no segmentation) and the Chinese title and
abstract in a ``zh`` one, two Pagefind processes side by side, the search page searching
both. For N synthetic papers (``synthetic.py``, real word frequencies) it times, each run in
a fresh process, one Pagefind run on:

- all-zh: the records as the build makes them;
- en: the English parts alone, as ``en``;
- zh-only: the Chinese parts alone, as ``zh``.

and prints seconds, index MB and the Pagefind process's peak resident size (medians). The
split costs en + zh-only seconds of CPU (max of the two on two cores) against all-zh's.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from digestgen.catalog import build_catalog
from digestgen.records.loader import load_digests
from digestgen.search.index import index_records
from digestgen.search.records import SearchRecord, search_records
from digestgen.search.service import pagefind_service
from synthetic import write_synthetic

VARIANTS = ("all-zh", "en", "zh-only")


def english(record: SearchRecord) -> SearchRecord:
    return dataclasses.replace(record, abstracts=record.abstracts[:1], titles=record.titles[:1], language="en")


def chinese(record: SearchRecord) -> SearchRecord:
    titles = record.titles[1:] or record.titles
    return dataclasses.replace(record, abstracts=record.abstracts[1:], titles=titles, authors=(), terms=())


def one(variant: str, papers: int) -> tuple[float, float, float]:
    """Seconds, index MB, peak MB of Pagefind, for one variant, in this process."""
    with tempfile.TemporaryDirectory() as tmp:
        write_synthetic(Path(tmp) / "digests", papers)
        records = search_records(build_catalog(load_digests(Path(tmp) / "digests", workers=1).digests))
    chosen = {"all-zh": records, "en": [english(r) for r in records], "zh-only": [chinese(r) for r in records]}
    language = "en" if variant == "en" else "zh"
    start = time.perf_counter()
    with pagefind_service() as service:
        files = index_records(service, chosen[variant], language=language)
    seconds = time.perf_counter() - start
    size = sum(map(len, files.values())) / 1e6
    return seconds, size, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.papers)))
        return
    print(f"{args.papers} papers, medians of {args.runs} runs, each in a fresh process")
    print(f"{'variant':<8} {'seconds':>8} {'MB':>6} {'peak MB':>8}")
    for variant in VARIANTS:
        command = [sys.executable, __file__, "--one", variant, "--papers", str(args.papers)]
        runs = [
            json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            for _ in range(args.runs)
        ]
        seconds, size, peak = (statistics.median(r[i] for r in runs) for i in range(3))
        print(f"{variant:<8} {seconds:8.2f} {size:6.1f} {peak:8.0f}", flush=True)


if __name__ == "__main__":
    main()
