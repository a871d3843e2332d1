"""The search index as files of the site: ``pagefind/SHARD/…`` paths and their bytes, made in memory.

The index is split in shards by the quarter of each paper's first listing, each a Pagefind
bundle of its own (``pagefind/2024-q1/``) that the search page merges with the others. The
index files join the rendered pages and go through the same writer, so they are written
atomically with the site and only when their bytes changed. Each shard is keyed by a hash
of its records (``KEY_NAME`` in its folder); when the previous output holds a shard with the
same key, its files are read back instead of running Pagefind again, so an edit re-indexes
only its paper's quarter, and a build in which no paper changed does not index at all. The
shards to make are indexed side by side, one Pagefind process a core.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from digestgen.render.searchpage import BUNDLE
from digestgen.runtime.inputkeys import engine_version
from digestgen.search.records import LANGUAGE, SearchRecord, index_key, record_html
from digestgen.search.service import Message, PagefindService, pagefind_service

KEY_NAME = "digestgen-index.txt"
"""In each shard's folder: the shard's key and its number of files, so that the next build can reuse it."""
Previous = Path | Mapping[str, bytes]
"""A previous build: its output folder, or its files in memory."""
_UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
"""Pagefind's ready-made interfaces; the site has its own search page, so they are not shipped."""


def shard_folder(shard: str) -> str:
    """The site path of a shard's bundle: ``pagefind/2024-q1/``."""
    return f"{BUNDLE}{shard}/"


def key_file(shard: str) -> str:
    """The site path of a shard's key file."""
    return shard_folder(shard) + KEY_NAME


def search_bundle(
    records: Sequence[SearchRecord], previous: Previous | None = None, workers: int | None = None
) -> dict[str, bytes]:
    """The index files for ``records``: each shard's from the ``previous`` site when its key is the same,
    the others made by Pagefind, ``workers`` at a time (default: one a core)."""
    files: dict[str, bytes] = {}
    todo: list[tuple[str, list[SearchRecord], str]] = []
    for shard, members in by_shard(records).items():
        key = index_key(members, engine_version())
        kept = previous_bundle(previous, shard, key) if previous is not None else None
        if kept is None:
            todo.append((shard, members, key))
        else:
            files.update(kept)
    for made in _index_shards(todo, workers or _cores()):
        files.update(made)
    return files


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
    with pagefind_service() as service:
        files = index_records(service, records, shard_folder(shard))
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
        if not item["path"].startswith(_UNUSED)
    }


def previous_bundle(previous: Previous, shard: str, key: str) -> dict[str, bytes] | None:
    """The files of the previous site's ``shard`` if they were made with ``key``, else None.

    ``previous`` is the built site's folder, or its files in memory (``digestgen serve``).
    """
    folder = shard_folder(shard)
    try:
        if isinstance(previous, Path):
            stored = (previous / key_file(shard)).read_bytes()
            stored_key, count = stored.decode().split()
            if stored_key != key:
                return None
            files = _read_tree(previous / folder, folder)
        else:
            stored_key, count = previous.get(key_file(shard), b"").decode().split()
            files = {p: d for p, d in previous.items() if p.startswith(folder)} if stored_key == key else {}
        return files if stored_key == key and len(files) == int(count) else None
    except (OSError, ValueError):
        return None


def _read_tree(folder: Path, prefix: str) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for root, _dirs, names in os.walk(folder):
        relative = os.path.relpath(root, folder).replace(os.sep, "/")
        base = prefix if relative == "." else f"{prefix}{relative}/"
        for name in names:
            with open(os.path.join(root, name), "rb") as stream:
                files[base + name] = stream.read()
    return files
