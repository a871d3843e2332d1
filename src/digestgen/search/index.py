"""The search index as files of the site: ``pagefind/SHARD/…`` paths and their bytes, made in memory.

The index is split in shards by the month of each paper's first listing, each a Pagefind
bundle of its own (``pagefind/2024-03/``) that the search page merges with the others. The
index files join the rendered pages and go through the same writer, so they are written
atomically with the site and only when their bytes changed. Each shard is keyed by a hash
of its records (``KEY_NAME`` in its folder); when the previous output holds a shard with the
same key, its files are kept (left in place, or read back) instead of running Pagefind again, so an edit re-indexes
only its paper's month, and a build in which no paper changed does not index at all. The
shards to make are indexed side by side, one Pagefind process a core.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from digestgen.render.searchpage import BUNDLE
from digestgen.runtime.inputkeys import engine_version
from digestgen.search.command import UNUSED, index_with_command
from digestgen.search.records import LANGUAGE, SearchRecord, index_key, record_html
from digestgen.search.service import Message, PagefindService

KEY_NAME = "digestgen-index.txt"
"""In each shard's folder: the shard's key and its number of files, so that the next build can reuse it."""
Previous = Path | Mapping[str, bytes]
"""A previous build: its output folder, or its files in memory."""


def shard_folder(shard: str) -> str:
    """The site path of a shard's bundle: ``pagefind/2024-03/``."""
    return f"{BUNDLE}{shard}/"


def key_file(shard: str) -> str:
    """The site path of a shard's key file."""
    return shard_folder(shard) + KEY_NAME


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """The index's files: those made (or read back), and those left where the previous build wrote them."""

    files: dict[str, bytes]
    kept: frozenset[str] = frozenset()
    """Site paths of the shards kept in the previous output folder, not read (``search_index``)."""


def search_bundle(
    records: Sequence[SearchRecord], previous: Previous | None = None, workers: int | None = None
) -> dict[str, bytes]:
    """The index files for ``records``: each shard's from the ``previous`` site when its key is the same,
    the others made by Pagefind, ``workers`` at a time (default: one a core)."""
    return search_index(records, previous, workers, leave=False).files


def search_index(
    records: Sequence[SearchRecord],
    previous: Previous | None = None,
    workers: int | None = None,
    leave: bool = True,
    put: Callable[[str, bytes], None] | None = None,
) -> SearchIndex:
    """As ``search_bundle``; with ``leave`` and a previous output folder, the shards to keep are not
    read: their paths are in ``kept`` (the writer leaves them in place), found from the folder's
    listing and the shard's key file (10,000 papers: some 7,000 files not read and hashed again
    for an edit). ``put``: takes each file made or read instead of ``files`` (which is then
    empty), as soon as its shard is done, so that the files are not all held at once."""
    files: dict[str, bytes] = {}
    take = put or files.__setitem__
    kept: set[str] = set()
    todo: list[tuple[str, list[SearchRecord], str]] = []
    for shard, members in by_shard(records).items():
        key = index_key(members, engine_version())
        if previous is None:
            todo.append((shard, members, key))
        elif leave and isinstance(previous, Path) and (paths := kept_paths(previous, shard, key)) is not None:
            kept.update(paths)
        elif (bundle := previous_bundle(previous, shard, key)) is not None:
            for path, data in bundle.items():
                take(path, data)
        else:
            todo.append((shard, members, key))
    for made in _index_shards(todo, workers or _cores()):
        for path, data in made.items():
            take(path, data)
    return SearchIndex(files, frozenset(kept))


def by_shard(records: Sequence[SearchRecord]) -> dict[str, list[SearchRecord]]:
    """The records of each shard, in their own order."""
    found: dict[str, list[SearchRecord]] = {}
    for record in records:
        found.setdefault(record.shard, []).append(record)
    return found


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _index_shards(todo: list[tuple[str, list[SearchRecord], str]], workers: int) -> Iterator[dict[str, bytes]]:
    """Each shard of ``todo`` indexed by a Pagefind process of its own, ``workers`` at once, largest first."""
    ordered = sorted(todo, key=lambda item: -len(item[1]))
    if workers <= 1 or len(ordered) <= 1:
        yield from (_index_shard(*item) for item in ordered)
        return
    with ThreadPoolExecutor(max_workers=min(workers, len(ordered))) as pool:
        yield from pool.map(lambda item: _index_shard(*item), ordered)


def _index_shard(shard: str, records: list[SearchRecord], key: str) -> dict[str, bytes]:
    files = index_with_command(records, shard_folder(shard))
    files[key_file(shard)] = f"{key}\n{len(files) + 1}\n".encode()
    return files


def index_records(
    service: PagefindService, records: Sequence[SearchRecord], folder: str = BUNDLE, language: str = LANGUAGE
) -> dict[str, bytes]:
    """Index ``records`` as ``language`` in a new Pagefind index; its files under ``folder``, in memory."""
    index_id = service.request({"type": "NewIndex", "config": {"force_language": language}})["index_id"]
    service.requests([_add_record(index_id, record) for record in records])
    return bundle_files(service.request({"type": "GetFiles", "index_id": index_id}), folder)


def index_html(service: PagefindService, pages: Sequence[tuple[str, str]], config: Message) -> dict[str, bytes]:
    """Index rendered pages, (url, html) pairs, as Pagefind's crawler would (for comparison).

    ``config``: Pagefind's index options (``root_selector``, ``force_language``).
    """
    index_id = service.request({"type": "NewIndex", "config": config})["index_id"]
    service.requests(
        [{"type": "AddFile", "index_id": index_id, "url": url, "file_contents": html} for url, html in pages]
    )
    return bundle_files(service.request({"type": "GetFiles", "index_id": index_id}))


def _add_record(index_id: int, record: SearchRecord) -> Message:
    return {"type": "AddFile", "index_id": index_id, "url": record.url, "file_contents": record_html(record)}


def bundle_files(answer: Message, folder: str = BUNDLE) -> dict[str, bytes]:
    """The files of a ``GetFiles`` answer under ``folder``, without Pagefind's own interfaces."""
    return {
        folder + item["path"]: base64.b64decode(item["content"])
        for item in answer["files"]
        if not item["path"].startswith(UNUSED)
    }


def previous_bundle(previous: Previous, shard: str, key: str) -> dict[str, bytes] | None:
    """The files of the previous site's ``shard`` if they were made with ``key``, else None.

    ``previous`` is the built site's folder, or its files in memory (``digestgen serve``).
    """
    folder = shard_folder(shard)
    if isinstance(previous, Path):
        paths = kept_paths(previous, shard, key)
        try:
            return None if paths is None else {path: (previous / path).read_bytes() for path in paths}
        except OSError:
            return None
    try:
        stored_key, count = previous.get(key_file(shard), b"").decode().split()
    except ValueError:
        return None
    files = {p: d for p, d in previous.items() if p.startswith(folder)} if stored_key == key else {}
    return files if stored_key == key and len(files) == int(count) else None


def kept_paths(previous: Path, shard: str, key: str) -> list[str] | None:
    """The site paths of the previous output folder's ``shard`` if its key file says ``key`` and
    it holds as many files as the key file counts; else None."""
    try:
        stored_key, count = (previous / key_file(shard)).read_bytes().decode().split()
        if stored_key != key:
            return None
        paths = _list_tree(previous / shard_folder(shard), shard_folder(shard))
    except (OSError, ValueError):
        return None
    return paths if len(paths) == int(count) else None


def _list_tree(folder: Path, prefix: str) -> list[str]:
    found: list[str] = []
    for root, _dirs, names in os.walk(folder):
        relative = os.path.relpath(root, folder).replace(os.sep, "/")
        base = prefix if relative == "." else f"{prefix}{relative}/"
        found += [base + name for name in names]
    return found
