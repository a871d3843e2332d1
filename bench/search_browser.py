"""How fast the search page answers in headless Chromium: first results after the page loads,
and after a new query.

    python bench/search_browser.py [--papers 10000] [--site DIR] [--runs 5]

Builds N synthetic papers (``synthetic.py``, real word frequencies) into a site with its
search index (or takes a built ``--site``, served at ``/``), serves it over HTTP on loopback
and drives Debian's Chromium (``/usr/bin/chromium``, never a downloaded one):

- load: a fresh browser context (empty cache) opens ``/search/?q=WORD``; the time from
  navigation to the first result card on screen;
- new query: on that page, a second word typed and submitted; the time until the status
  line names it (its results are on screen by then);
- id: an arXiv id submitted, until its paper is offered.

Each figure is the median over ``--runs`` words (a common word, a rare one, a name, ...).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_synthetic

DIGESTGEN = Path(sys.executable).parent / "digestgen"
CHROMIUM = "/usr/bin/chromium"
WORDS = ["learning", "model", "percent", "kim", "transformer", "sara", "between", "扩散", "data", "river"]
"""Queries: common and rarer English words of the wordfreq vocabulary, a Chinese word, names."""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(root: Path) -> Iterator[str]:
    """``root`` over HTTP on 127.0.0.1; its origin."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def build(work: Path, papers: int) -> Path:
    digests, site = work / "digests", work / "site"
    write_synthetic(digests, papers)
    command = [str(DIGESTGEN), "build", "--digests", str(digests), "--out", str(site), "--no-cache"]
    subprocess.run([*command, "--templates", str(work / "no-templates")], check=True, capture_output=True)
    return site


def _settled(page: Any, text: str) -> None:
    page.wait_for_function(
        "t => { const s = document.getElementById('search-status').textContent;"
        " return s.includes(t) && !s.startsWith('Searching'); }",
        arg=text,
        timeout=60_000,
    )


def time_one(browser: Any, origin: str, first: str, second: str, arxiv: str) -> tuple[float, float, float]:
    """Seconds to the first results on load, to the results of a new query, to an id's paper."""
    context = browser.new_context()  # an empty cache: nothing of the index is loaded yet
    page = context.new_page()
    start = time.perf_counter()
    page.goto(f"{origin}/search/?q={first}")
    _settled(page, first)
    loaded = time.perf_counter() - start
    page.fill("#search-q", second)
    start = time.perf_counter()
    page.press("#search-q", "Enter")
    _settled(page, second)
    again = time.perf_counter() - start
    page.fill("#search-q", arxiv)
    start = time.perf_counter()
    page.press("#search-q", "Enter")
    _settled(page, f"arXiv:{arxiv}")
    by_id = time.perf_counter() - start
    context.close()
    return loaded, again, by_id


def some_arxiv_id(site: Path) -> str:
    """An arXiv id of a paper of the site (its first paper page's folder name)."""
    return next(path.name for path in sorted((site / "papers").iterdir()) if "." in path.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--site", type=Path, help="a site built with its search index, served at /")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="digestgen-search-") as tmp:
        site = args.site or build(Path(tmp), args.papers)
        shards = len([p for p in (site / "pagefind").iterdir() if p.is_dir()])
        arxiv = some_arxiv_id(site)
        with served(site) as origin, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            runs = [
                time_one(browser, origin, WORDS[i % len(WORDS)], WORDS[(i + 3) % len(WORDS)], arxiv)
                for i in range(args.runs)
            ]
            browser.close()
    print(f"{args.site or args.papers} ({shards} shards), medians of {args.runs} runs, seconds:")
    labels = ("first results after load", "after a new query", "an arXiv id")
    for label, values in zip(labels, zip(*runs, strict=True), strict=True):
        print(f"  {label:<26} {statistics.median(values):6.3f}   (all: {', '.join(f'{v:.3f}' for v in values)})")


if __name__ == "__main__":
    main()
