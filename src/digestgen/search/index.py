"""The search index as files of the site: ``pagefind/…`` paths and their bytes, made in memory.

The index files join the rendered pages and go through the same writer, so they are
written atomically with the site and only when their bytes changed. The index is keyed
by a hash of its records (``KEY_FILE`` in the bundle); when the previous output holds an
index with the same key, its files are read back instead of running Pagefind again, so
a build in which no paper changed does not index at all.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from digestgen.render.searchpage import BUNDLE
from digestgen.runtime.inputkeys import engine_version
from digestgen.search.records import LANGUAGE, SearchRecord, index_key, record_html
from digestgen.search.service import Message, PagefindService, pagefind_service

KEY_FILE = BUNDLE + "digestgen-index.txt"
"""The index's key and its number of files, so that the next build can reuse it."""
Previous = Path | Mapping[str, bytes]
"""A previous build: its output folder, or its files in memory."""
_UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
"""Pagefind's ready-made interfaces; the site has its own search page, so they are not shipped."""


def search_bundle(records: Sequence[SearchRecord], previous: Previous | None = None) -> dict[str, bytes]:
    """The index files for ``records``; those of the ``previous`` site when its index has the same key."""
    key = index_key(records, engine_version())
    kept = previous_bundle(previous, key) if previous is not None else None
    if kept is not None:
        return kept
    with pagefind_service() as service:
        files = index_records(service, records)
    files[KEY_FILE] = f"{key}\n{len(files) + 1}\n".encode()
    return files


def index_records(service: PagefindService, records: Sequence[SearchRecord]) -> dict[str, bytes]:
    """Index ``records`` in a new Pagefind index; its files under ``BUNDLE``, in memory."""
    index_id = service.request({"type": "NewIndex", "config": {"force_language": LANGUAGE}})["index_id"]
    service.requests([_add_record(index_id, record) for record in records])
    return bundle_files(service.request({"type": "GetFiles", "index_id": index_id}))


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


def bundle_files(answer: Message) -> dict[str, bytes]:
    """The files of a ``GetFiles`` answer under ``BUNDLE``, without Pagefind's own interfaces."""
    return {
        BUNDLE + item["path"]: base64.b64decode(item["content"])
        for item in answer["files"]
        if not item["path"].startswith(_UNUSED)
    }


def previous_bundle(previous: Previous, key: str) -> dict[str, bytes] | None:
    """The index files of the previous site if they were made with ``key``, else None.

    ``previous`` is the built site's folder, or its files in memory (``digestgen serve``).
    """
    try:
        if isinstance(previous, Path):
            stored, files = (previous / KEY_FILE).read_bytes(), _read_tree(previous / BUNDLE, BUNDLE)
        else:
            stored, files = previous.get(KEY_FILE, b""), {p: d for p, d in previous.items() if p.startswith(BUNDLE)}
        stored_key, count = stored.decode().split()
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
