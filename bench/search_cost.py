"""Where Pagefind's time goes: one Pagefind run per variant of the records, by phase, CPU and memory.

    python bench/search_cost.py [--papers 3000] [--runs 1] [--variants base std-jieba ...] [--sizes 100 1000]

For N synthetic papers (``synthetic.py``, real word frequencies) the build's records are fed to
``pagefind --service`` as the build feeds them (small HTML documents, ``AddFile``), changed
as each variant says, each run in a fresh process. Printed per variant (medians):

- add s: wall time of the ``AddFile`` requests (Pagefind parses each document, segments
  Chinese, counts words: its "fossick" step; the requests are sent at once);
- files s: wall time of ``GetFiles`` (Pagefind builds the word index, encodes it, and gzips
  every fragment and index chunk at the best level, then base64-encodes all of it);
- cpu s: user+system CPU of the Pagefind process (the figure to compare: the machine is
  shared); ms/paper; MB of index; peak MB (``ru_maxrss``) of the Pagefind process.

Variants (``VARIANTS``): the build's records on the extended binary as ``zh`` (``ext-zh``),
as ``en`` and ``unknown``; English or Chinese text alone; titles alone (the cost of a record
that holds almost nothing); no metadata or filters; ten records to a Pagefind page (what a
page costs by itself); and the standard binary on records whose Chinese runs are cut into
words by jieba beforehand (``std-jieba``, what the build does: ``search.chinese``), into
characters or into overlapping bigrams. ``--cli`` also times the ``pagefind`` command over a folder of the
same documents in /dev/shm (no service, no base64). ``--sizes`` repeats a variant at
several N to split a process's fixed cost from its cost per paper.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from digestgen.catalog import build_catalog
from digestgen.records.loader import load_digests
from digestgen.search.records import SearchRecord, search_records
from digestgen.search.service import pagefind_service
from synthetic import write_synthetic

Change = Callable[[list[SearchRecord]], list[SearchRecord]]
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _binary(name: str) -> Path:
    """The extended (``ext``) or the standard (``std``) Pagefind binary of the installed wheels."""
    if name == "ext":
        from pagefind_bin_extended import get_executable as extended

        return Path(extended())
    from pagefind_bin import get_executable as standard

    return Path(standard())


def _each(change: Callable[[SearchRecord], SearchRecord]) -> Change:
    return lambda records: [change(r) for r in records]


def _texts(cut: Callable[[str], str]) -> Change:
    """Every text of each record passed through ``cut`` (a segmentation done before Pagefind)."""
    return _each(
        lambda r: dataclasses.replace(
            r, abstracts=tuple(map(cut, r.abstracts)), titles=tuple(map(cut, r.titles)), terms=tuple(map(cut, r.terms))
        )
    )


def _characters(text: str) -> str:
    return _CJK.sub(lambda m: " " + " ".join(m.group()) + " ", text)


def _bigrams(text: str) -> str:
    def pairs(found: re.Match[str]) -> str:
        run = found.group()
        return " " + " ".join(run[i : i + 2] for i in range(max(1, len(run) - 1))) + " "

    return _CJK.sub(pairs, text)


_ENGLISH = _each(lambda r: dataclasses.replace(r, abstracts=r.abstracts[:1], titles=r.titles[:1]))
_CHINESE = _each(
    lambda r: dataclasses.replace(r, abstracts=r.abstracts[1:], titles=r.titles[1:] or r.titles, authors=(), terms=())
)
_TITLES = _each(lambda r: dataclasses.replace(r, abstracts=(), titles=r.titles[:1], authors=(), terms=()))
_BARE = _each(lambda r: dataclasses.replace(r, meta={}, filters={}, sort={}))
_SAME: Change = list

VARIANTS: dict[str, tuple[str, str, Change, int, bool]] = {
    # name: (binary, language, change of the records, records a Pagefind page, Chinese cut by the build)
    "ext-zh": ("ext", "zh", _SAME, 1, False),  # what the build did before: the extended binary segments
    "ext-en": ("ext", "en", _SAME, 1, False),
    "ext-unknown": ("ext", "unknown", _SAME, 1, False),
    "ext-zh-english-only": ("ext", "zh", _ENGLISH, 1, False),
    "ext-en-english-only": ("ext", "en", _ENGLISH, 1, False),
    "ext-zh-chinese-only": ("ext", "zh", _CHINESE, 1, False),
    "ext-zh-titles-only": ("ext", "zh", _TITLES, 1, False),
    "ext-en-titles-only": ("ext", "en", _TITLES, 1, False),
    "ext-zh-no-filters": ("ext", "zh", _BARE, 1, False),
    "std-unknown-unsegmented": ("std", "unknown", _SAME, 1, False),  # Chinese clauses as words: wrong answers
    "std-unknown-10-a-page": ("std", "unknown", _SAME, 10, False),
    "std-en-titles-only": ("std", "en", _TITLES, 1, False),
    "std-en-titles-10-a-page": ("std", "en", _TITLES, 10, False),
    "std-jieba": ("std", "zh", _SAME, 1, True),  # what the build does
    "std-jieba-en": ("std", "en", _SAME, 1, True),
    "std-jieba-chinese-only": ("std", "zh", _CHINESE, 1, True),
    "std-characters": ("std", "zh", _texts(_characters), 1, False),
    "std-bigrams": ("std", "zh", _texts(_bigrams), 1, False),
}


def _documents(records: list[SearchRecord], language: str, per_page: int, cut: bool) -> list[tuple[str, str]]:
    from digestgen.search import records as module
    from digestgen.search.records import record_html

    if not cut:  # the text as written, for a binary that segments it or a cut of the variant's own
        module.spaced = lambda text: text  # type: ignore[assignment]
    pages = [(r.url, record_html(dataclasses.replace(r, language=language))) for r in records]
    if per_page == 1:
        return pages
    bodies = [re.search(r"<main data-pagefind-body>(.*)</main>", html, re.S).group(1) for _, html in pages]  # type: ignore[union-attr]
    head = f'<html lang="{language}"><body><main data-pagefind-body>'
    return [
        (pages[i][0], head + "".join(bodies[i : i + per_page]) + "</main></body></html>")
        for i in range(0, len(pages), per_page)
    ]


def _records(papers: int) -> list[SearchRecord]:
    with tempfile.TemporaryDirectory() as tmp:
        write_synthetic(Path(tmp) / "digests", papers)
        return search_records(build_catalog(load_digests(Path(tmp) / "digests", workers=1).digests))


def one(variant: str, papers: int, cli: bool) -> dict[str, float]:
    """One run of ``variant`` in this process."""
    binary, language, change, per_page, cut = VARIANTS[variant]
    documents = _documents(change(_records(papers)), language, per_page, cut)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cli:
        seconds, add, files, size = _cli(_binary(binary), documents, language)
    else:
        start = time.perf_counter()
        with pagefind_service(_binary(binary)) as service:
            index = service.request({"type": "NewIndex", "config": {"force_language": language}})["index_id"]
            added = time.perf_counter()
            service.requests(
                [{"type": "AddFile", "index_id": index, "url": u, "file_contents": h} for u, h in documents]
            )
            asked = time.perf_counter()
            answer = service.request({"type": "GetFiles", "index_id": index})
            done = time.perf_counter()
        seconds, add, files = done - start, asked - added, done - asked
        size = sum(len(item["content"]) * 3 / 4 for item in answer["files"])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {
        "seconds": seconds,
        "add": add,
        "files": files,
        "cpu": cpu,
        "mb": size / 1e6,
        "peak": after.ru_maxrss / 1024,
    }


def _cli(binary: Path, documents: list[tuple[str, str]], language: str) -> tuple[float, float, float, float]:
    site = Path(tempfile.mkdtemp(prefix="sspeed-cost-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None))
    try:
        for url, html in documents:
            path = site / url.strip("/") / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")
        start = time.perf_counter()
        command = [str(binary), "--site", str(site), "--output-path", str(site / "_pf"), "--force-language", language]
        subprocess.run([*command, "--silent"], check=True)
        seconds = time.perf_counter() - start
        size = sum(p.stat().st_size for p in (site / "_pf").rglob("*") if p.is_file())
        return seconds, 0.0, 0.0, size
    finally:
        shutil.rmtree(site, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=3000)
    parser.add_argument("--sizes", type=int, nargs="*", help="several N for each variant (default: --papers)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--variants", nargs="*", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--cli", action="store_true", help="the pagefind command over a folder instead of the service")
    parser.add_argument("--one", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.papers, args.cli)))
        return
    print(f"medians of {args.runs} run(s), each in a fresh process; {'CLI over /dev/shm' if args.cli else 'service'}")
    header = f"{'papers':>6} {'variant':<26} {'add s':>6} {'files s':>7} {'cpu s':>6} {'ms/paper':>8}"
    print(f"{header} {'MB':>6} {'peak MB':>7}")
    for papers in args.sizes or [args.papers]:
        for variant in args.variants:
            command = [sys.executable, __file__, "--one", variant, "--papers", str(papers)]
            runs = [
                json.loads(subprocess.run(command + (["--cli"] if args.cli else []), check=True,
                                          capture_output=True, text=True).stdout.splitlines()[-1])
                for _ in range(args.runs)
            ]  # fmt: skip
            m = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            print(
                f"{papers:>6} {variant:<26} {m['add']:6.2f} {m['files']:7.2f} {m['cpu']:6.2f} "
                f"{m['cpu'] / papers * 1e3:8.2f} {m['mb']:6.1f} {m['peak']:7.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
