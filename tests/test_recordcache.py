"""The record cache and parallel loading: same records as a plain load, and edits always seen."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pickle
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from digestgen.build.cache import BuildCache
from digestgen.build.pipeline import build_site
from digestgen.errors import DigestError
from digestgen.records import loader
from digestgen.records.cache import Entry, RecordCache, content_key
from digestgen.records.loader import load_digest_bytes, load_digests
from digestgen.records.model import Digest, Origin, Paper
from digestgen.render import make_config

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def digests(tmp_path: Path) -> Path:
    folder = tmp_path / "digests"
    shutil.copytree(FIXTURES / "valid", folder)
    shutil.copy(FIXTURES / "invalid" / "boolean_title" / "digest.yaml", folder / "2024" / "broken.yaml")
    return folder


@pytest.fixture
def parse_count(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []

    def counting(name: str, data: bytes, key: bytes | None = None) -> loader.Entry:
        parsed.append(Path(name).name)
        return load_digest_bytes(name, data, key)

    monkeypatch.setattr(loader, "load_digest_bytes", counting)
    return parsed


def test_unchanged_files_come_from_the_cache(digests: Path, tmp_path: Path, parse_count: list[str]) -> None:
    cache_file = tmp_path / "cache" / "records.pickle"
    first = RecordCache(cache_file)
    plain = load_digests(digests, cache=first)
    first.save()
    assert len(parse_count) == 3
    again = load_digests(digests, cache=RecordCache(cache_file))
    assert len(parse_count) == 3  # nothing parsed the second time
    assert again.digests == plain.digests
    assert again.problems == plain.problems  # a broken file's problems are cached too


def test_an_edited_file_is_parsed_again(digests: Path, tmp_path: Path, parse_count: list[str]) -> None:
    cache = RecordCache(tmp_path / "records.pickle")
    load_digests(digests, cache=cache)
    edited = digests / "2024" / "2024-03-15-other.yaml"
    edited.write_text(edited.read_text().replace("only an abstract", "only an edited abstract"))
    result = load_digests(digests, cache=cache)
    assert parse_count[3:] == ["2024-03-15-other.yaml"]
    assert result.digests[1].papers[0].abstract == "An entry that is only an edited abstract."


def test_deleted_files_leave_the_cache(digests: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "records.pickle"
    cache = RecordCache(cache_file)
    load_digests(digests, cache=cache)
    (digests / "2024" / "broken.yaml").unlink()
    assert load_digests(digests, cache=cache).ok
    cache.save()
    assert load_digests(digests, cache=RecordCache(cache_file)).files == 2


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_cache_file_is_ignored(digests: Path, tmp_path: Path, content: bytes) -> None:
    cache_file = tmp_path / "records.pickle"
    cache_file.write_bytes(content)
    assert load_digests(digests, cache=RecordCache(cache_file)).paper_count == 4


@pytest.fixture
def many_digests(digests: Path) -> Path:
    """The fixture digests and 40 more files, so that batches of one file are shared out."""
    for number in range(40):
        day = f"2023-01-{number % 28 + 1:02d}"
        papers = "".join(f"  - title: Paper {number}.{n}\n    authors: [A. Uthor]\n" for n in range(number % 5 + 1))
        (digests / f"many-{number:02d}.yaml").write_text(f"date: {day}\npapers:\n{papers}", encoding="utf-8")
    (digests / "many-broken.yaml").write_text("date: 2023-02-30\n", encoding="utf-8")
    return digests


def _same_load(parallel: loader.LoadResult, serial: loader.LoadResult) -> None:
    assert parallel.digests == serial.digests
    assert [d.origin for d in parallel.digests] == [d.origin for d in serial.digests]
    assert [[p.origin for p in d.papers] for d in parallel.digests] == [
        [p.origin for p in d.papers] for d in serial.digests
    ]
    assert parallel.problems == serial.problems and parallel.files == serial.files


@pytest.mark.parametrize("batch_bytes", [1, 300, loader.BATCH_BYTES])
def test_parallel_load_equals_serial_load(
    many_digests: Path, monkeypatch: pytest.MonkeyPatch, batch_bytes: int
) -> None:
    serial = load_digests(many_digests, workers=1)
    assert serial.files == 44 and len(serial.problems) >= 2
    monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(loader, "BATCH_BYTES", batch_bytes)
    _same_load(load_digests(many_digests, workers=2), serial)
    _same_load(load_digests(many_digests, workers=3), serial)


def test_a_child_that_fails_while_loading_leaves_its_batches_to_this_process(
    many_digests: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = load_digests(many_digests, workers=1)
    monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(loader, "BATCH_BYTES", 1)
    parent, failed = os.getpid(), tmp_path / "the child failed"
    real_parse = loader._parse_chunk

    def failing_in_a_child(files: loader.Batch) -> list[Entry]:
        if os.getpid() == parent:
            time.sleep(0.01)  # leave the child time to claim the batches at the front
        elif "many-07" in files[0].name:
            failed.touch()
            raise RuntimeError("child failed")
        return real_parse(files)

    monkeypatch.setattr(loader, "_parse_chunk", failing_in_a_child)
    _same_load(load_digests(many_digests, workers=2), serial)
    assert failed.exists()


def test_batches_keep_the_files_in_order() -> None:
    files = [loader.DigestFile(str(n), b"x" * size, b"") for n, size in enumerate([5, 5, 20, 1, 1, 1])]
    batches = loader._batches(files, 10)
    assert [[file.name for file in batch] for batch in batches] == [["0", "1"], ["2"], ["3", "4", "5"]]


def test_columns_count_characters_not_bytes() -> None:
    text = "date: 2024-01-01\npapers:\n  - {title_zh: 中文, arxiv: 中文}\n"
    _, problems = load_digest_bytes("x.yaml", text.encode())
    assert [(p.line, p.col) for p in problems] == [(3, 27)]
    _, problems = load_digest_bytes("x.yaml", ("\ufeff" + text).encode())  # a byte-order mark changes nothing
    assert [(p.line, p.col) for p in problems] == [(3, 27)]


def test_a_save_writes_only_the_edited_files_entry(digests: Path, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    cache = RecordCache(folder)
    load_digests(digests, cache=cache)
    cache.save()
    before = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    assert len(before) == 3
    edited = digests / "2024" / "2024-03-15-other.yaml"
    edited.write_text(edited.read_text().replace("only an abstract", "only an edited abstract"))
    again = RecordCache(folder)
    load_digests(digests, cache=again)
    again.save()
    after = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    assert len(after) == 3 and len(after.keys() & before.keys()) == 2  # the old entry of the edited file is gone
    assert all(after[name] == before[name] for name in after.keys() & before.keys())


def test_a_cache_folder_that_cannot_be_written_is_ignored(digests: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "records"
    blocked.write_text("a file where the folder should be")
    cache = RecordCache(blocked)
    assert load_digests(digests, cache=cache).paper_count == 4
    cache.save()  # does not raise
    assert blocked.read_text() == "a file where the folder should be"


@pytest.mark.parametrize("child_fails", [False, True])
def test_a_parallel_load_saves_the_entries_as_it_parses(
    many_digests: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child_fails: bool
) -> None:
    monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(loader, "BATCH_BYTES", 1)
    parent, real_put = os.getpid(), loader._Handover.put

    def put(handover: loader._Handover, index: int, batch: loader.Batch, entries: list[Entry]) -> bool:
        assert handover.saves  # into the cache's folder
        if os.getpid() == parent:
            time.sleep(0.005)  # leave the child time to claim batches
        elif child_fails:
            raise OSError("the child could not write")
        return real_put(handover, index, batch, entries)

    monkeypatch.setattr(loader._Handover, "put", put)
    folder = tmp_path / "records"
    cache = RecordCache(folder)
    loaded = load_digests(many_digests, cache=cache, workers=2)
    if not child_fails:
        assert len(list(folder.iterdir())) == 44  # saved on the way
    assert bool(cache._unsaved) == child_fails  # a child that failed leaves them to ``save``
    cache.save()
    assert len(list(folder.iterdir())) == 44
    again = RecordCache(folder)
    assert load_digests(many_digests, cache=again, workers=1).digests == loaded.digests
    assert not again._unsaved  # every entry came from the folder


def _file(name: str, data: bytes) -> loader.DigestFile:
    return loader.DigestFile(name, data, content_key(data))


def test_the_parent_takes_each_handed_over_batch_once(tmp_path: Path) -> None:
    with loader._handover(tmp_path, batches=4) as handover:
        assert handover.handed() == []
        batch = [_file("a.yaml", b"date: 2024-03-14\n")]
        entries = [loader.load_digest_bytes("a.yaml", b"date: 2024-03-14\n")]
        assert handover.put(2, batch, entries) and handover.put(0, batch, entries)
        assert handover.handed() == [0, 2]
        assert handover.handed() == []  # taken: not given again
        assert handover.put(3, batch, entries)
        assert handover.handed() == [3]
        assert handover.take(2, batch) == entries


def test_a_batch_that_could_not_be_handed_over_is_not_flagged(tmp_path: Path) -> None:
    blocked = tmp_path / "records"
    blocked.write_text("a file where the folder should be")
    with loader._handover(blocked, batches=1) as handover:
        entries = [loader.load_digest_bytes("a.yaml", b"date: 2024-03-14\n")]
        assert not handover.put(0, [_file("a.yaml", b"date: 2024-03-14\n")], entries)
        assert handover.handed() == []


def test_the_callers_work_is_done_once_while_the_children_parse(
    many_digests: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(loader, "BATCH_BYTES", 1)
    handed_meanwhile: list[int] = []
    real_parse_all = loader._parse_all

    def watch_handover(*args: Any) -> Any:
        real_handover = loader._handover

        @contextmanager
        def handover(keep_in: Path | None, batches: int) -> Iterator[loader._Handover]:
            with real_handover(keep_in, batches) as found:
                watched.append(found)
                yield found

        monkeypatch.setattr(loader, "_handover", handover)
        return real_parse_all(*args)

    watched: list[loader._Handover] = []

    def meanwhile() -> None:
        deadline = time.monotonic() + 10
        while not any(watched[0].flags[:]) and time.monotonic() < deadline:
            time.sleep(0.005)  # the child parses and hands batches over while this runs
        handed_meanwhile.append(sum(1 for flag in watched[0].flags[:] if flag))

    monkeypatch.setattr(loader, "_parse_all", watch_handover)
    loaded = load_digests(many_digests, workers=2, meanwhile=meanwhile)
    assert len(handed_meanwhile) == 1 and handed_meanwhile[0] > 0
    assert loaded.digests == load_digests(many_digests, workers=1).digests


def test_the_callers_work_is_done_once_in_a_load_on_one_core(many_digests: Path) -> None:
    calls: list[int] = []
    load_digests(many_digests, workers=1, meanwhile=lambda: calls.append(1))
    assert calls == [1]


def test_a_failure_of_the_callers_work_stops_the_children(many_digests: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)
    cancelled: list[bool] = []
    real_cancel = loader.Offload.cancel
    monkeypatch.setattr(loader.Offload, "cancel", lambda self: (cancelled.append(True), real_cancel(self)))

    def meanwhile() -> None:
        raise ImportError("a broken install")

    with pytest.raises(ImportError, match="a broken install"):
        load_digests(many_digests, workers=2, meanwhile=meanwhile)
    assert cancelled == [True]


def test_records_pickle_as_calls_of_their_class_and_come_back_whole() -> None:
    paper = Paper(title="T", authors=("A", "B"), subjects=("cs.CV",), origin=Origin("a.yaml", 3, 5))
    digest = Digest(dt.date(2024, 3, 14), "D", papers=(paper,), origin=Origin("a.yaml", content_key=b"k"))
    assert paper.__reduce__() == (Paper, tuple(getattr(paper, f.name) for f in dataclasses.fields(Paper)))
    back = pickle.loads(pickle.dumps(digest, protocol=5))
    assert back == digest and back.origin == digest.origin and back.papers[0].origin == paper.origin
    assert type(back.papers[0]) is Paper and type(back.origin) is Origin


def test_a_build_reads_each_digest_file_once(digests: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The inputs key and the loader share one read of every file (and its content key).
    reads: Counter[str] = Counter()
    real_read = Path.read_bytes

    def counting(path: Path) -> bytes:
        if path.suffix == ".yaml":
            reads[path.name] += 1
        return real_read(path)

    def counting_open(file: str | Path, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith(".yaml"):
            reads[Path(file).name] += 1
        return open(file, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", counting)
    monkeypatch.setattr(loader, "open", counting_open, raising=False)  # how the loader reads a digest
    config = dataclasses.replace(make_config(), search=False)
    with pytest.raises(DigestError):  # the fixture's broken file: the build stops after loading
        build_site(digests, tmp_path / "out", config, cache=BuildCache(tmp_path / "cache"))
    assert sorted(reads) == ["2024-03-14-daily.yaml", "2024-03-15-other.yaml", "broken.yaml"]
    assert set(reads.values()) == {1}


def test_files_read_once_are_handed_over_once(digests: Path) -> None:
    read = loader.ReadOnce(loader.read_digest_files(digests))
    files = read.take()
    assert [Path(file.name).name for file in files] == ["2024-03-14-daily.yaml", "2024-03-15-other.yaml", "broken.yaml"]
    assert all(file.key == content_key(file.data) and file.problem is None for file in files)
    with pytest.raises(RuntimeError, match="taken already"):
        read.take()
