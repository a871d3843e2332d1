"""A cache of loaded records keyed by each file's exact bytes, so unchanged digests are not parsed again.

An entry is found only when the file's path and content hash both match, so an edited
file is always parsed afresh, and a cache from another digestgen version is ignored.
Kept in memory (``digestgen serve``) and, given a folder, saved there between runs: one
small pickle per digest file, named by a key of its path and content, so that a rebuild
after an edit reads the entries it needs and writes only the edited file's. The files
are written by digestgen itself in the project's own cache folder, each with a checksum of
its bytes that is checked before it is unpickled (``digestgen.runtime.sealed``); deleting
them is always safe.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

import xxhash

from digestgen import __version__
from digestgen.errors import Problem
from digestgen.records.model import Digest
from digestgen.runtime.inputkeys import blake2b
from digestgen.runtime.sealed import seal, unseal

Entry = tuple[Digest | None, list[Problem]]
"""What loading one file gave: its digest (None if it had errors) and its problems."""

_FORMAT = f"digestgen-records-5/{__version__}"
_SUFFIX = ".entry"
_UNREADABLE = (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError)


def content_key(data: bytes) -> bytes:
    """A digest of a file's bytes: XXH3, 128 bits (10 GB/s here; BLAKE2b hashed 0.9 GB/s).
    Made once per file read (``loader.DigestFile``), for the cache and the inputs' key."""
    return xxhash.xxh3_128_digest(data)


class RecordCache:
    """Loaded records by file path and content."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        """The folder where entries are saved between runs; None keeps them in memory only."""
        self._entries: dict[str, tuple[bytes, Entry]] = {}
        self._seen: set[str] = set()
        self._unsaved: set[str] = set()
        self._complete = False
        """Whether ``forget_unseen`` ran: entries are then exactly the files of the last load."""

    def lookup(self, name: str, key: bytes) -> Entry | None:
        """The entry of file ``name`` if it was loaded before with exactly the bytes of ``key`` (``content_key``)."""
        self._seen.add(name)
        found = self._entries.get(name)
        if found is not None and found[0] == key:
            return found[1]
        entry = self._read(name, key) if self.path else None
        if entry is not None:
            self._entries[name] = (key, entry)
        return entry

    def store(self, name: str, key: bytes, entry: Entry, *, saved: bool = False) -> None:
        """Remember what loading ``name`` with the bytes of ``key`` gave; ``saved``: already in the folder."""
        self._seen.add(name)
        self._entries[name] = (key, entry)
        if saved:
            self._unsaved.discard(name)
        else:
            self._unsaved.add(name)

    def writable_folder(self) -> Path | None:
        """The folder entries are saved in, made if need be; None without one or if it cannot be made.

        The loader's worker processes save the entries they parse there (``write_entry``)
        and this process reads them back: the records cross between processes once, and are
        saved on the way, beside the parsing rather than at the end of a build.
        """
        if self.path is None:
            return None
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return self.path if os.access(self.path, os.W_OK) else None

    def forget_unseen(self) -> None:
        """Drop entries of files that this run did not look up (deleted or renamed files)."""
        for name in self._entries.keys() - self._seen:
            del self._entries[name]
        self._seen.clear()
        self._complete = True

    def save(self) -> None:
        """Write the new entries to the folder, each atomically; remove the entries of files gone.

        A folder that cannot be written (a file in its place) is left alone: the cache only
        saves time, so its failures never fail a build.
        """
        if self.path is None:
            return
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            for name in sorted(self._unsaved & self._entries.keys()):
                key, entry = self._entries[name]
                write_entry(self.path, name, key, entry)
            if self._complete:
                self._remove_others()
        except OSError:
            return
        self._unsaved.clear()

    def _remove_others(self) -> None:
        assert self.path is not None
        live = {_file_name(name, key) for name, (key, _) in self._entries.items()}
        for file in os.listdir(self.path):
            if file.endswith(_SUFFIX) and file not in live:
                (self.path / file).unlink(missing_ok=True)

    def _read(self, name: str, key: bytes) -> Entry | None:
        assert self.path is not None
        return read_entry(self.path, name, key)


def write_entry(folder: Path, name: str, key: bytes, entry: Entry) -> None:
    """Save the entry of file ``name`` whose bytes have ``content_key`` ``key`` into ``folder``, sealed."""
    atomic_write(folder / _file_name(name, key), seal(pickle.dumps((_FORMAT, name, key, entry), protocol=5)))


def read_entry(folder: Path, name: str, key: bytes) -> Entry | None:
    """The entry ``write_entry`` saved for ``name`` and ``key`` in ``folder``, or None.

    The entry is unpickled only if its checksum holds (``runtime.sealed``): a damaged entry
    that would still unpickle is a miss, not a wrong record on the site.
    """
    try:
        data = unseal((folder / _file_name(name, key)).read_bytes())
        if data is None:
            return None  # damaged, or written by a version that did not seal
        form, stored_name, stored_key, entry = pickle.loads(data)
    except _UNREADABLE:
        return None  # not cached yet, or from another version: parse afresh
    if (form, stored_name, stored_key) != (_FORMAT, name, key) or not isinstance(entry, tuple):
        return None
    return entry


def _file_name(name: str, key: bytes) -> str:
    return blake2b(name.encode() + b"\0" + key, digest_size=16).hexdigest() + _SUFFIX


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``path`` through a temporary file and a rename: a reader sees the old bytes or the new."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    except FileNotFoundError:  # the folder first (not asked each time: a build saves hundreds)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
