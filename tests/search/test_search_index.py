"""The search step of the build: records from the catalog, the index in the site, kept when unchanged."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from search_helpers import BASE, SEARCH_DIGESTS, build, catalog, find

from digestgen.build.pipeline import make_site
from digestgen.catalog import build_catalog
from digestgen.cli import main
from digestgen.errors import DigestError
from digestgen.records.model import Digest, Paper
from digestgen.render import make_config, site
from digestgen.render.searchpage import paper_years, search_view
from digestgen.render.urls import Linker
from digestgen.runtime import offload
from digestgen.search import PagefindError, command, key_file, search_bundle, search_index, search_records, shard_folder
from digestgen.search.records import paper_record
from digestgen.search.service import pagefind_executable, pagefind_service

NAVIGATION = ("Latest", "Archive", "Subjects", "Atom feed", "papers.json", "BibTeX")
SHARDS = ["2024-03", "2023-06", "2022-08"]
"""The seed's shards, newest first: its digests are of 2022-08, 2023-06 and 2024-03."""
KEYS = [key_file(shard) for shard in SHARDS]


def _bundle(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "pagefind").rglob("*") if p.is_file()}


def _no_pagefind(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Make Pagefind unavailable, so that a build which still succeeds did not run it."""
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))


def test_a_record_holds_the_papers_text_in_both_languages_and_no_navigation() -> None:
    paper = find(catalog(), "DistriFusion")
    record = paper_record(paper)
    r = paper.record
    for text in (r.title, r.title_zh, r.abstract_zh, *r.authors, "Computer Vision and Pattern Recognition"):
        assert text and text in record.content
    assert not any(word in record.content for word in NAVIGATION)
    assert record.url == f"/papers/{paper.slug}/"  # site-relative: one index for any --base-url
    assert record.language == "zh" and record.shard == "2024-03"
    int8 = paper_record(find(catalog(), "LLM.int8"))
    assert "arXiv:2208.07339" in int8.content and "autdettmers0" in int8.content
    assert int8.meta["arxiv"] == "2208.07339" and int8.shard == "2022-08"
    assert record.meta == {
        "title": r.title,
        "title_lang": "en",
        "title_zh": r.title_zh,
        "date": "2024-03-04",
    }
    assert record.filters == {"year": ["2024"], "shard": ["2024-03"], "subject": ["cs.CV"]}
    assert paper_record(find(catalog(), "LLM.int8")).meta["authors"] == "T Dettmers, M Lewis, Y Belkada, L Zettlemoyer"


def test_a_paper_without_title_or_subject_gets_an_excerpt_title_and_only_a_year() -> None:
    untitled = [p for p in catalog().papers if not p.record.title and not p.record.title_zh]
    assert untitled
    record = paper_record(untitled[0])
    assert record.meta["title"].endswith("…") and record.meta["title"][:30] in (untitled[0].record.abstract or "")
    assert record.filters == {"year": ["2023"], "shard": ["2023-06"]}
    assert "title_zh" not in record.meta and "authors" not in record.meta


def test_the_index_does_not_depend_on_the_base_url(tmp_path: Path) -> None:
    build(SEARCH_DIGESTS, tmp_path / "a", base_url="/")
    build(SEARCH_DIGESTS, tmp_path / "b", base_url=BASE)
    first, second = _bundle(tmp_path / "a"), _bundle(tmp_path / "b")
    assert [first[key] for key in KEYS] == [second[key] for key in KEYS]
    # Pagefind writes filter values in hash-map order, so its filter and meta files may differ
    # between two runs on the same records (Pagefind issue #638); the fragments never do.
    assert _stable(first) == _stable(second) and len(first) == len(second)
    for shard in SHARDS:
        assert f"pagefind/{shard}/pagefind.js" in first and f"pagefind/{shard}/pagefind-entry.json" in first
    assert sum("/fragment/" in name for name in first) == len(catalog().papers)
    assert not any("-ui." in name for name in first)  # Pagefind's own interfaces are not shipped


def _stable(bundle: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in bundle.items() if "/fragment/" in name or "/index/" in name}


def test_an_unchanged_catalog_keeps_the_index_without_running_pagefind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    build(SEARCH_DIGESTS, out)
    before = _bundle(out)
    _no_pagefind(monkeypatch, tmp_path)
    again = build(SEARCH_DIGESTS, out, base_url="/elsewhere/")  # pages change, papers do not
    assert again.report.written > 0 and _bundle(out) == before
    assert build(SEARCH_DIGESTS, out, base_url="/elsewhere/").report.written == 0


def test_an_edited_paper_makes_a_new_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    digests, out = tmp_path / "digests", tmp_path / "site"
    shutil.copytree(SEARCH_DIGESTS, digests)
    build(digests, out)
    before = _bundle(out)
    day = digests / "2024" / "2024-03-04-cv.yaml"
    day.write_text(day.read_text(encoding="utf-8").replace("DistriFusion:", "DistriFusion —", 1), encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(DigestError, match=r"<search>: error: Pagefind is not installed"):
        build(digests, out)  # the key changed, so Pagefind must run; the site stays as it was
    assert _bundle(out) == before
    runs = _count_pagefind_runs(monkeypatch, tmp_path)
    build(digests, out)
    after = _bundle(out)
    edited = key_file("2024-03")
    assert after[edited] != before[edited] and after != before
    # Only the edited paper's shard was made again (one Pagefind run); the others' files are those kept.
    assert runs.read_text().splitlines() == ["pagefind"]
    for shard in ("2023-06", "2022-08"):
        kept = {name: data for name, data in before.items() if name.startswith(shard_folder(shard))}
        assert kept and kept.items() <= after.items(), shard


def test_a_rebuild_leaves_unchanged_shards_in_place_without_reading_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    build(SEARCH_DIGESTS, out)
    on_disk = set(_bundle(out))
    records = search_records(catalog())
    _no_pagefind(monkeypatch, tmp_path)
    unchanged = search_index(records, previous=out)
    assert unchanged.files == {} and unchanged.kept == on_disk  # every shard left where it is
    assert search_bundle(records, previous=out) == _bundle(out)  # or read back, for a caller that needs the bytes
    edited = [
        replace(r, titles=(r.titles[0] + " revised", *r.titles[1:])) if r.shard == "2023-06" else r for r in records
    ]
    runs = _count_pagefind_runs(monkeypatch, tmp_path)
    index = search_index(edited, previous=out)
    assert runs.read_text().splitlines() == ["pagefind"]
    assert index.files and all(path.startswith(shard_folder("2023-06")) for path in index.files)
    assert index.kept == {path for path in on_disk if not path.startswith(shard_folder("2023-06"))}


def _count_pagefind_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Run Pagefind through a script that logs a line each time it starts; the log's path."""
    log, wrapper = tmp_path / "pagefind-runs.txt", tmp_path / "pagefind-logged"
    log.write_text("")
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    wrapper.write_text(f'#!/bin/sh\necho pagefind >> "{log}"\nexec "{pagefind_executable()}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    return log


def test_a_damaged_index_is_made_again(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(SEARCH_DIGESTS, out)
    before = _bundle(out)
    lost = next((out / "pagefind" / "2023-06" / "fragment").iterdir())
    lost.unlink()
    build(SEARCH_DIGESTS, out)
    after = _bundle(out)
    assert (
        lost.is_file() and _stable(after) == _stable(before) and [after[k] for k in KEYS] == [before[k] for k in KEYS]
    )


def test_serve_style_builds_reuse_the_index_from_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = make_config(BASE, search=True)
    first = make_site(SEARCH_DIGESTS, config)
    _no_pagefind(monkeypatch, tmp_path)
    second = make_site(SEARCH_DIGESTS, config, previous=first.files)
    assert second.files == first.files


def test_no_search_builds_no_index_and_the_page_says_so(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(SEARCH_DIGESTS, out)
    result = CliRunner().invoke(
        main, ["build", "--digests", str(SEARCH_DIGESTS), "--out", str(out), "--base-url", BASE, "--no-search"]
    )
    assert result.exit_code == 0, result.output
    assert not (out / "pagefind").exists()
    page = (out / "search" / "index.html").read_text(encoding="utf-8")
    assert "Search is not built for this site" in page and "<script" not in page


def test_every_page_has_the_header_search_form_and_only_the_search_page_has_a_script(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(SEARCH_DIGESTS, out)
    pages = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.html")}
    form = f'<form class="find" action="{BASE}search/" method="get" role="search"'
    for path, html in pages.items():
        if path == "search/index.html":
            assert "<script" in html
            continue
        assert form in html and 'name="q"' in html, path
        if path.startswith("papers/"):  # a paper's JSON-LD data and its copy button are not search scripts
            html = re.sub(r'<script type="(application/ld\+json|module)"[^>]*>.*?</script>', "", html, count=2)
        assert "<script" not in html, path
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', pages["search/index.html"])
    assert len(scripts) == 1 and scripts[0].startswith(BASE + "assets/search.")  # the site's own, no CDN
    assert (out / scripts[0].removeprefix(BASE)).is_file()
    bundles = " ".join(f"{BASE}pagefind/{shard}/" for shard in SHARDS)
    assert f'data-bundles="{bundles}"' in pages["search/index.html"]


def test_pagefind_errors_are_reported() -> None:
    with pagefind_service() as service, pytest.raises(PagefindError, match="pagefind"):
        service.request({"type": "AddRecord", "index_id": 99, "url": "/x/", "content": "x", "language": "en"})


def test_records_follow_catalog_order() -> None:
    papers = catalog()
    assert [r.url for r in search_records(papers)] == [f"/papers/{p.slug}/" for p in papers.papers]


def test_the_render_leaves_the_second_core_to_the_search_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind keeps a core busy: a build with search renders on one, without on both."""
    if not offload.can_fork():
        pytest.skip("needs fork and two cores")
    monkeypatch.setattr(site, "PARALLEL_MIN_PAGES", 1)
    shared = "paper pages and data files"  # the step both cores share
    with_search = build(SEARCH_DIGESTS, tmp_path / "with")
    assert set(KEYS) <= {p.relative_to(tmp_path / "with").as_posix() for p in (tmp_path / "with").rglob("*")}
    assert shared not in [name for name, _ in with_search.steps.times]
    without = build(SEARCH_DIGESTS, tmp_path / "without", search=False)
    assert shared in [name for name, _ in without.steps.times]


def test_the_search_pages_year_counts_are_the_index_year_values_counted() -> None:
    # Counted without making each paper's filter values; a paper listed in two years counts in both.
    twice = Paper(title="Listed twice", arxiv="2312.00001")
    digests = [
        Digest(dt.date(2023, 12, 30), papers=(twice, Paper(title="Once in 2023"))),
        Digest(dt.date(2024, 1, 2), papers=(twice, Paper(title="Once in 2024"), Paper(title="Again 2024"))),
        Digest(dt.date(2024, 5, 1), papers=(twice,)),
    ]
    papers = build_catalog(digests)
    expected = Counter(year for paper in papers.papers for year in paper_years(paper))
    view = search_view(papers, Linker.for_site(make_config("/")), True, "search.js")
    assert [(option.year, option.count) for option in view.years] == sorted(expected.items(), reverse=True)
    assert [(option.year, option.count) for option in view.years] == [("2024", 3), ("2023", 2)]


def test_a_shard_is_indexed_in_the_temporary_folder_where_there_is_no_dev_shm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = search_records(catalog())
    in_memory = command.index_with_command(records)
    monkeypatch.setattr(command, "_MEMORY", str(tmp_path / "no-shm"))
    on_disk = command.index_with_command(records)
    fragments = {path: data for path, data in on_disk.items() if "/fragment/" in path}
    assert len(fragments) == len(records) and fragments.items() <= in_memory.items()  # the same pages
    # (the word index may differ: Pagefind numbers pages in the order the file system lists them)


def test_scratch_folders_of_stopped_builds_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed build stops its search child at once; the next build removes what that child left."""
    dead = subprocess.Popen(["true"])
    dead.wait()
    monkeypatch.setattr(command, "_MEMORY", str(tmp_path))
    stale, live = tmp_path / f"digestgen-pagefind-{dead.pid}-x1", tmp_path / f"digestgen-pagefind-{os.getpid()}-x2"
    for folder in (stale, live):
        (folder / "site").mkdir(parents=True)
    command.index_with_command(search_records(catalog())[:3])
    assert not stale.exists() and live.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [live.name]  # its own folder removed too
