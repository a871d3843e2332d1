"""The one module that writes the site to disk, so that a build never leaves it half-written.

A build hands each file to a ``Staging`` sink as soon as it is rendered (``staged``); it
compares the file's hash with the manifest of what ``out`` holds (``digestgen.build.manifest``),
so it reads no output file, and stages only files whose bytes changed. Only hashes stay in
memory. ``write_site(files, out)`` does the same for files already in memory. Then:

- a new site is assembled in a sibling staging folder and renamed into place;
- an existing site is updated in place through a journal. The new bytes are first written
  into a sibling ``.NAME.pending`` folder, then a journal naming every change is committed
  with one rename, then the changes are made: files renamed into place, stale files
  removed, the manifest updated last. Until the commit the site is untouched. From the
  commit to the end, Ctrl-C, SIGTERM and SIGHUP are held, so they complete the update
  before they stop the build. Only kill -9 can stop it there: it leaves the committed
  journal, which the next build (any ``write_site`` or ``recover``) completes before
  anything else, so the site is then exactly the new one.

Why not a whole-tree swap (which earlier versions did): it re-creates every folder of the
site (a page per paper is a folder per paper) and deletes the old ones. Measured for
12,300 files: 0.45 s of hard links and 1.1 s of deleting, for a one-line edit, against a
1.5 s budget for the whole rebuild; the journal costs only the changed files.

The output folder carries a marker file; a non-empty folder without it is never replaced,
so ``--out`` pointed at the wrong folder cannot delete anything. Nothing is synced to the
disk: the guarantee is against a killed build, not a power cut.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from digestgen.build.manifest import (
    MARKER,
    MARKER_HEADER,
    ContentHasher,
    Manifest,
    content_hash,
    has_manifest,
    marker_bytes,
    read_manifest,
)
from digestgen.errors import one_line
from digestgen.runtime.folderlock import folder_locked
from digestgen.runtime.sink import duplicate

__all__ = [
    "MARKER",
    "OutputError",
    "Staging",
    "WriteReport",
    "exclusive",
    "previous_manifest",
    "recover",
    "staged",
    "write_site",
]

_JOURNAL = "journal.json"
_STREAM_FROM_BYTES = 1_000_000
"""Files at least this large, given in parts, are written part by part rather than joined first."""
_HELD = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_NEW_MARKER = "marker"


class OutputError(Exception):
    """The output folder cannot be written safely; its message is one ``path: error: …`` line."""


def _error(where: object, message: str) -> OutputError:
    return OutputError(one_line(f"{where}: error: {message}"))


def _failed_write(out: Path, path: str, error: OSError) -> OutputError:
    return _error(out, f"cannot write {path}: {error.strerror or error}")


_NAME_MAX = 255
"""Bytes in one file or folder name, at most, on the file systems a site is written to (ext4,
APFS, NTFS, and the tar of GitHub Pages' artifact)."""


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a write changed; the marker counts as a file when it is created."""

    written: int
    """Files created or rewritten."""
    unchanged: int
    """Files whose bytes were already right."""
    removed: int
    """Stale files removed."""


def write_site(
    files: Mapping[str, bytes], out: Path, kept: Collection[str] = (), previous: Manifest | None = None
) -> WriteReport:
    """Make ``out`` hold exactly ``files`` and ``kept`` (relative paths): ``Staging`` for files already in memory.

    ``kept``: files the caller did not render because it knows, from ``previous_manifest``,
    that they are already right; each must be in that manifest. ``previous``: what
    ``previous_manifest(out)`` gave the caller just now, so that it is not read again.
    """
    with staged(out, previous_manifest(out) if previous is None else previous) as staging:
        for path, data in files.items():
            staging.put(path, data)
        return staging.commit(kept)


@contextmanager
def exclusive(out: Path) -> Iterator[None]:
    """Let one build at a time write ``out``: a second one waits here until the first is done.

    Without it, the second build's ``recover`` would take the first one's staged files for
    leftovers of a killed build and delete them. The lock is on the folder that holds
    ``out`` (a lock file would be one more file beside the site), so builds of two sites
    in one folder wait for each other too. The system drops the lock when a build dies, once
    its forked workers, which inherit it, are gone too: they could still be writing into its
    staging folder (they stop within a fraction of a second, ``digestgen.runtime.offload``).
    """
    parent = out.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise _error(parent, "is a file, not a folder; choose another --out") from None
    with folder_locked(parent):  # on Windows (no flock, nor fork) builds of one site must not overlap
        yield


@contextmanager
def staged(out: Path, previous: Manifest) -> Iterator[Staging]:
    """A ``Staging`` for ``out``, whose staged files are dropped unless it was committed.

    ``previous``: ``previous_manifest(out)``, read just before.
    """
    staging = Staging.start(out, previous)
    try:
        yield staging
    finally:
        staging.discard()


@dataclass(slots=True)
class Staging:
    """A sink (``runtime.sink.Sink``) that writes each file of the next site as it is made; ``commit`` publishes them.

    For a new site (no marker in ``out``) every file is written into a sibling staging
    folder, as the site's tree; ``commit`` renames it into place. For an existing site only
    files whose hash differs from ``previous`` are written, into the sibling pending folder
    under a made-up name; ``commit`` applies them through the journal. Either way only the
    hashes stay in memory.
    """

    out: Path
    previous: Manifest
    fresh: bool
    """Whether ``out`` is a new site, written whole."""
    folder: str
    """The staging (new site) or pending (update) folder."""
    prefix: str = ""
    """Begins the names of files staged for an update, so that a forked child's cannot clash."""
    hashes: Manifest = field(default_factory=dict)
    """Every file put: its hash."""
    staged: dict[str, str] = field(default_factory=dict)
    """Update only: the files that changed, by path, and the name they are staged under."""
    manifest: Manifest = field(default_factory=dict)
    """After ``commit``: the manifest of the site it made."""
    _made: set[str] = field(default_factory=set)
    """Folders made so far (new site only)."""

    @staticmethod
    def start(out: Path, previous: Manifest) -> Staging:
        """Make the staging folder; ``OutputError`` if another build is writing ``out``."""
        fresh = not (out / MARKER).exists()
        folder = _sibling(out, "staging" if fresh else "pending")
        try:
            folder.mkdir(parents=True)
        except FileExistsError:
            raise _error(folder, f"exists: is another build writing {out}?") from None
        except OSError as error:
            raise _error(folder, f"cannot make the staging folder: {error.strerror or error}") from None
        return Staging(out, previous, fresh, str(folder))

    def put(self, path: str, data: bytes) -> None:
        self._check_new(path)
        digest = self.hashes[path] = content_hash(data)
        try:
            if self.fresh:
                self._write_in_tree(path, data)
            elif self.previous.get(path) != digest:
                name = self.staged[path] = f"{self.prefix}{len(self.staged)}"
                _write_file(f"{self.folder}/{name}", data)
        except OSError as error:
            raise _failed_write(self.out, path, error) from None

    def put_parts(self, path: str, parts: Iterable[bytes]) -> None:
        """Write the parts as they come, hashing them; for an update, drop the file if it is unchanged.

        A small file given as a list is joined and ``put``: an update then writes it only if it changed.
        """
        if isinstance(parts, Sequence) and sum(len(part) for part in parts) < _STREAM_FROM_BYTES:
            self.put(path, b"".join(parts))
            return
        self._check_new(path)
        name = f"{self.prefix}{len(self.staged)}"
        file = self._tree_file(path) if self.fresh else f"{self.folder}/{name}"
        hasher = ContentHasher()
        try:
            with open(file, "wb", buffering=_STREAM_FROM_BYTES) as target:  # a system call a megabyte
                for part in parts:
                    hasher.update(part)
                    target.write(part)
        except OSError as error:
            raise _failed_write(self.out, path, error) from None
        digest = self.hashes[path] = hasher.digest()
        if not self.fresh:
            if self.previous.get(path) == digest:
                os.unlink(file)
            else:
                self.staged[path] = name

    def _check_new(self, path: str) -> None:
        """``path`` stays inside the site and was not put before."""
        _check_path(path)
        if path in self.hashes:
            raise duplicate(path)

    def _write_in_tree(self, path: str, data: bytes) -> None:
        _write_file(self._tree_file(path), data)

    def _tree_file(self, path: str) -> str:
        """Where ``path`` goes in a new site's staging folder, its folder made."""
        parent = path.rpartition("/")[0]
        if parent and parent not in self._made:
            _make_folder(f"{self.folder}/{parent}")
            self._made.add(parent)
        return f"{self.folder}/{path}"

    def __contains__(self, path: object) -> bool:
        return path in self.hashes

    def __iter__(self) -> Iterator[str]:
        return iter(self.hashes)

    def part(self) -> Staging:
        return Staging(self.out, self.previous, self.fresh, self.folder, prefix=f"{os.getpid()}-")

    def records(self) -> tuple[Manifest, dict[str, str]]:
        return self.hashes, self.staged

    def absorb(self, records: object) -> None:
        hashes, staged = cast(tuple[Manifest, dict[str, str]], records)
        for path in hashes:
            if path in self.hashes:
                raise duplicate(path)
        self.hashes.update(hashes)
        self.staged.update(staged)

    def commit(self, kept: Collection[str] = ()) -> WriteReport:
        """Make ``out`` hold the files put and ``kept``; see ``write_site``.

        Every name was checked as it was put, so only the system can make the commit fail (a
        full disk, a folder made read-only meanwhile): then ``OutputError``, and either the
        site is untouched or its manifest is dropped, so that the next build trusts nothing
        of it and makes it right (``_apply_or_distrust``).
        """
        try:
            return self._commit(kept)
        except OSError as error:
            raise _failed_write(self.out, error.filename or MARKER, error) from None

    def _commit(self, kept: Collection[str]) -> WriteReport:
        old, out = self.previous, self.out
        new = self.manifest = _new_manifest(self.hashes, kept, old)
        changed = [path for path, digest in self.hashes.items() if old.get(path) != digest]
        stale = sorted(old.keys() - new.keys())
        report = WriteReport(len(changed) + self.fresh, len(new) - len(changed) + (not self.fresh), len(stale))
        folder = Path(self.folder)
        if self.fresh:
            (folder / MARKER).write_bytes(marker_bytes(new))
            if out.exists():
                out.rmdir()  # empty: previous_manifest refused a folder with files but no marker
            folder.rename(out)
        elif changed or stale or not has_manifest(out):
            writes = sorted((name, path) for path, name in self.staged.items())
            _commit_journal(out, folder, writes, stale, marker_bytes(new))
        return report

    def discard(self) -> None:
        """Drop whatever is still staged (nothing after a commit)."""
        shutil.rmtree(self.folder, ignore_errors=True)


def previous_manifest(out: Path) -> Manifest:
    """What ``out`` holds, after completing an interrupted write; empty for a new folder.

    A folder written before manifests existed is read once and hashed instead.
    """
    recover(out)
    if not out.exists():
        return {}
    if not out.is_dir():
        raise _error(out, "is a file, not a folder; choose another --out")
    found = read_manifest(out)
    if found is None:
        return _scan(out)
    # A file deleted by hand is written again: one stat a file, about 2 ms a thousand files
    # (joined as text: Path objects would cost more than the stat itself).
    base, isfile = f"{out}{os.sep}", os.path.isfile
    return {path: digest for path, digest in found.items() if isfile(base + path)}


def recover(out: Path) -> None:
    """Complete a committed journal; drop uncommitted or leftover staging folders.

    Also undoes a whole-tree swap of older versions interrupted between its two renames.
    """
    pending, previous, staging = _sibling(out, "pending"), _sibling(out, "previous"), _sibling(out, "staging")
    if (pending / _JOURNAL).exists():
        _apply_or_distrust(out, pending)
    if previous.exists() and not out.exists():
        previous.rename(out)
    for leftover in (pending, previous, staging):
        if leftover.exists():
            shutil.rmtree(leftover)


def _sibling(out: Path, role: str) -> Path:
    return out.parent / f".{out.name}.{role}"


# A site is a file per paper in a folder per paper, so these two run ten thousand times a build:
# one system call each where ``open()`` would add four (fstat, ioctl, lseek and close) and
# ``os.makedirs`` a stat per level.
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def _write_file(file: str, data: bytes) -> None:
    handle = os.open(file, _CREATE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


def _make_folder(folder: str) -> None:
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass  # a forked child made it
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)  # its parent is missing too


def _check_path(path: str) -> None:
    """``path`` stays inside the site, and the file system can hold each of its names.

    Checked as each file is put, so that a name no file system takes fails the build before
    anything is put in place, not halfway through the commit.
    """
    # Joined as text, not as Path objects: this runs for every file of the site.
    parts = path.split("/")
    if not path or path[0] == "/" or "" in parts or ".." in parts or path == MARKER:
        raise _error("<site>", f"refusing to write outside the site folder: {path!r}")
    if len(path) > _NAME_MAX // 4 or not path.isascii():  # shorter ASCII names cannot be too long
        _check_names(path, parts)


def _check_names(path: str, parts: list[str]) -> None:
    for part in parts:
        try:
            size = len(part.encode())
        except UnicodeEncodeError:
            raise _error("<site>", f"{path!r} cannot be a file name (it is not valid Unicode)") from None
        if size > _NAME_MAX:
            raise _error("<site>", f"{path!r} has a name of {size} bytes; file systems allow {_NAME_MAX}")
        if any(ord(character) < 32 or ord(character) == 127 for character in part):
            raise _error("<site>", f"{path!r} holds a control character, which no page name may")


def _new_manifest(hashes: Manifest, kept: Collection[str], old: Manifest) -> Manifest:
    missing = [path for path in kept if path not in old]
    if missing:
        raise _error("<site>", f"{missing[0]!r} was kept from the previous build, which did not write it")
    if clash := [path for path in kept if path in hashes][:1]:
        raise duplicate(clash[0])
    new = {path: old[path] for path in kept}
    new.update(hashes)
    return new


def _scan(out: Path) -> Manifest:
    found: Manifest = {}
    for root, _dirs, names in os.walk(out):
        base = Path(root).relative_to(out).as_posix()
        for name in names:
            path = name if base == "." else f"{base}/{name}"
            found[path] = content_hash((Path(root) / name).read_bytes())
    if found and MARKER not in found:
        message = "holds files that digestgen did not write; refusing to replace it (choose an empty or new folder)"
        raise _error(out, message)
    found.pop(MARKER, None)
    return found


def _commit_journal(out: Path, pending: Path, writes: list[tuple[str, str]], stale: list[str], marker: bytes) -> None:
    """Commit the journal of the files staged in ``pending``, then apply it."""
    (pending / _NEW_MARKER).write_bytes(marker)
    journal = pending / (_JOURNAL + ".tmp")
    journal.write_text(json.dumps({"write": writes, "remove": stale}))
    with _signals_held():
        journal.rename(pending / _JOURNAL)  # the commit: from here on the new site will be made
        _apply_or_distrust(out, pending)
    shutil.rmtree(pending)


def _apply_or_distrust(out: Path, pending: Path) -> None:
    """``_apply``; if a step fails (the system refuses it), drop the site's manifest and the journal, then say so.

    A half-applied journal leaves files of both sites. Without its manifest the next build
    reads and hashes every file the folder holds (``_scan``), so it writes what differs and
    removes what is stale: the site's own file list can no longer lie about it.
    """
    try:
        _apply(out, pending)
    except BaseException as error:  # a refusal of the system, or anything else that stops it here
        _distrust(out)
        shutil.rmtree(pending, ignore_errors=True)
        if not isinstance(error, OSError):
            raise
        reason = error.strerror or error
        raise _error(out, f"could not finish the update ({reason}); the next build completes it") from None


def _distrust(out: Path) -> None:
    """Keep the marker (the folder is still digestgen's) but not its manifest."""
    with contextlib.suppress(OSError):  # a disk that refuses even this: nothing more can be done from here
        _rewrite_marker(out / MARKER, MARKER_HEADER)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block ends, so they cannot stop a commit halfway.

    The block only renames files already written, so it is short; kill -9, which cannot be
    held, leaves the committed journal for the next build to complete. Python runs signal
    handlers in the main thread whichever thread the signal reached (the progress bar's, say),
    so replacing the handlers holds them where blocking the main thread's signal mask would not.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; it is the one a signal interrupts
        return
    caught: list[int] = []
    previous = {number: signal.signal(number, lambda got, _frame: caught.append(got)) for number in _HELD}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        for got in dict.fromkeys(caught):
            signal.raise_signal(got)  # now, under the handler the caller had


def _apply(out: Path, pending: Path) -> None:
    """Make the journal's changes; safe to repeat after an interruption at any point."""
    journal = json.loads((pending / _JOURNAL).read_text())
    for path in journal["remove"]:
        _remove(out, path)
    made: set[Path] = set()
    for number, path in journal["write"]:
        staged, target = pending / number, out / path
        if not staged.exists():
            continue  # moved before the interruption
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        os.replace(staged, target)
    _rewrite_marker(out / MARKER, (pending / _NEW_MARKER).read_bytes())
    (pending / _JOURNAL).unlink()


def _remove(out: Path, path: str) -> None:
    target = out / path
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != out:
        try:
            folder.rmdir()
        except OSError:
            return  # not empty (or already gone)
        folder = folder.parent


def _rewrite_marker(marker: Path, data: bytes) -> None:
    """The marker is rewritten in place (it is bookkeeping, not a page to re-upload)."""
    assert data.startswith(MARKER_HEADER)
    with open(marker, "r+b" if marker.exists() else "wb") as target:
        target.write(data)
        target.truncate()
