"""How fast the search index is made: Pagefind fed from records versus from rendered pages.

    python bench/search.py [--papers 1000 10000] [--runs 3] [--no-html] [--vocab wordfreq|small]

For each size, writes N synthetic papers (``synthetic.write_synthetic``), loads them into
a catalog, then measures, as the median of several runs, each in a fresh process:

- records: the catalog's records as small HTML documents indexed by the ``pagefind`` command
  over a scratch folder, files back in memory (what ``digestgen build`` does for a shard);
- html: the rendered paper pages fed to ``pagefind --service`` (``AddFile``, ``<main>`` only, as
  Chinese), as Pagefind would index a built site;
- kept: the build step when no paper changed (the previous index read back from the site).

Reports seconds, ms per paper, index files and MB, and peak memory: the largest resident
size of the benchmark process plus that of its largest child (the Pagefind binary).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from digestgen.build.output import write_site
from digestgen.catalog import Catalog, build_catalog
from digestgen.records.loader import load_digests
from digestgen.render import make_config, render
from digestgen.search import search_bundle, search_records
from digestgen.search.command import index_with_command
from digestgen.search.index import index_html
from digestgen.search.service import pagefind_service
from synthetic import VOCABULARIES, write_synthetic

Result = tuple[float, int, int, float]
"""Seconds, index files, index bytes, peak MB."""


def _catalog(folder: Path) -> Catalog:
    loaded = load_digests(folder, workers=1)  # no worker processes: the only child is Pagefind
    assert loaded.ok, loaded.problems[:3]
    return build_catalog(loaded.digests)


def _records(folder: Path) -> Callable[[], dict[str, bytes]]:
    catalog = _catalog(folder)

    def run() -> dict[str, bytes]:
        return index_with_command(search_records(catalog))

    return run


def _html(folder: Path) -> Callable[[], dict[str, bytes]]:
    catalog = _catalog(folder)
    files = render(catalog, make_config(search=False))
    pages = [("/" + path.removesuffix("index.html"), data.decode()) for path, data in files.items()]
    pages = [(url, html) for url, html in pages if url.startswith("/papers/")]

    def run() -> dict[str, bytes]:
        with pagefind_service() as service:
            return index_html(service, pages, {"root_selector": "main", "force_language": "zh"})

    return run


def _kept(folder: Path) -> Callable[[], dict[str, bytes]]:
    catalog = _catalog(folder)
    site = folder.parent / "site"
    write_site(search_bundle(search_records(catalog)), site)
    return lambda: search_bundle(search_records(catalog), previous=site)


MODES: dict[str, Callable[[Path], Callable[[], dict[str, bytes]]]] = {
    "records": _records,
    "html": _html,
    "kept": _kept,
}


def _measure(mode: str, papers: int, vocab: str) -> Result:
    """One run in this (fresh) process."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "digests"
        write_synthetic(folder, papers, vocab=vocab)
        run = MODES[mode](folder)
        start = time.perf_counter()
        files = run()
        seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, len(files), sum(map(len, files.values())), (own + child) / 1024


def _median_run(mode: str, papers: int, runs: int, vocab: str) -> Result:
    results = []
    for _ in range(runs):
        command = [sys.executable, __file__, "--one", mode, "--papers", str(papers), "--vocab", vocab]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results.append(tuple(json.loads(output.splitlines()[-1])))
    seconds = statistics.median(r[0] for r in results)
    return seconds, int(results[0][1]), int(results[0][2]), max(r[3] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-html", action="store_true", help="skip the HTML-fed comparison")
    parser.add_argument("--vocab", choices=VOCABULARIES, default="wordfreq", help="words of the synthetic papers")
    parser.add_argument("--one", choices=MODES, help=argparse.SUPPRESS)  # one run, in a child process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_measure(args.one, args.papers[0], args.vocab)))
        return
    modes = [m for m in MODES if not (args.no_html and m == "html")]
    print(f"medians of {args.runs} runs, each in a fresh process; Chinese cut by rjieba, standard binary; "
          f"{args.vocab} vocabulary")  # fmt: skip
    print(f"{'papers':>7} {'mode':8} {'seconds':>8} {'ms/paper':>9} {'files':>7} {'MB':>7} {'peak MB':>8}")
    for papers in args.papers:
        for mode in modes:
            seconds, count, size, peak = _median_run(mode, papers, args.runs, args.vocab)
            print(
                f"{papers:7} {mode:8} {seconds:8.2f} {seconds / papers * 1e3:9.3f} {count:7} "
                f"{size / 1e6:7.2f} {peak:8.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
