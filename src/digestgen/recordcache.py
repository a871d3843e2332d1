"""A cache of loaded records keyed by each file's exact bytes, so unchanged digests are not parsed again.

An entry is found only when the file's path and content hash both match, so an edited
file is always parsed afresh, and a cache from another digestgen version is ignored.
Kept in memory (``digestgen serve``) and, given a path, saved in one pickle file between
runs. The file is written by digestgen itself in the project's own folder; it is trusted
as the project's code is, and deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from digestgen import __version__
from digestgen.errors import Problem
from digestgen.records import Digest

Entry = tuple[Digest | None, list[Problem]]
"""What loading one file gave: its digest (None if it had errors) and its problems."""

_FORMAT = f"digestgen-records-1/{__version__}"


def content_key(data: bytes) -> bytes:
    """A digest of a file's bytes (BLAKE2b, 128 bits: fast, and collisions are not a concern here)."""
    return hashlib.blake2b(data, digest_size=16).digest()


class RecordCache:
    """Loaded records by file path and content."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        """Where the cache is saved between runs; None keeps it in memory only."""
        self._entries: dict[str, tuple[bytes, Entry]] = self._read(path) if path else {}
        self._seen: set[str] = set()
        self._changed = False

    def lookup(self, name: str, data: bytes) -> Entry | None:
        """The entry of file ``name`` if it was loaded before with exactly these bytes."""
        self._seen.add(name)
        found = self._entries.get(name)
        if found is None or found[0] != content_key(data):
            return None
        return found[1]

    def store(self, name: str, data: bytes, entry: Entry) -> None:
        """Remember what loading ``name`` with these bytes gave."""
        self._seen.add(name)
        self._entries[name] = (content_key(data), entry)
        self._changed = True

    def forget_unseen(self) -> None:
        """Drop entries of files that this run did not look up (deleted or renamed files)."""
        stale = self._entries.keys() - self._seen
        for name in stale:
            del self._entries[name]
        self._changed |= bool(stale)
        self._seen.clear()

    def save(self) -> None:
        """Write the cache to its path, atomically, if anything changed."""
        if self.path is None or not self._changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".records-")
        try:
            with os.fdopen(fd, "wb") as out:
                pickle.dump((_FORMAT, self._entries), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._changed = False

    @staticmethod
    def _read(path: Path) -> dict[str, tuple[bytes, Entry]]:
        try:
            with path.open("rb") as source:
                form, entries = pickle.load(source)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            return {}  # no cache yet, or one from another version: start afresh
        return entries if form == _FORMAT and isinstance(entries, dict) else {}
