"""The one module that writes the site to disk, so that a build never leaves it half-written.

``write_site(files, out)`` compares the rendered files with what ``out`` holds. When
nothing differs it touches nothing. Otherwise it assembles the new tree in a sibling
staging folder (unchanged files are hard links to the old ones, so they are not copied),
then swaps the two folders in one step: ``renameat2(RENAME_EXCHANGE)`` on Linux, two
renames elsewhere, undone by the next build if it is interrupted between them. Until the
swap the old site is untouched; after it, the new site is complete. A build killed at any
moment leaves either the old site or the new one, never a mix.

The output folder carries a marker file; a non-empty folder without it is never replaced,
so ``--out`` pointed at the wrong folder cannot delete anything.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

MARKER = ".digestgen-site"
"""The file that marks a folder as digestgen's output."""
_MARKER_TEXT = b"This folder is written by `digestgen build` and replaced on every build.\n"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputError(Exception):
    """The output folder cannot be written safely."""


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a write changed."""

    written: int
    """Files created or rewritten."""
    unchanged: int
    """Files whose bytes were already right."""
    removed: int
    """Stale files removed."""


def write_site(files: Mapping[str, bytes], out: Path) -> WriteReport:
    """Make ``out`` hold exactly ``files`` (relative paths), atomically."""
    files = {**files, MARKER: _MARKER_TEXT}
    _check_paths(files)
    recover(out)
    existing = _existing_files(out)
    changed = [path for path, data in files.items() if path not in existing or not _same(out / path, data)]
    stale = existing - files.keys()
    report = WriteReport(len(changed), len(files) - len(changed), len(stale))
    if changed or stale:
        _replace(out, files, set(changed))
    return report


def recover(out: Path) -> None:
    """Undo a swap that was interrupted between its two renames; drop leftover staging."""
    previous, staging = _sibling(out, "previous"), _sibling(out, "staging")
    if previous.exists() and not out.exists():
        previous.rename(out)
    for leftover in (previous, staging):
        if leftover.exists():
            shutil.rmtree(leftover)


def _sibling(out: Path, role: str) -> Path:
    return out.parent / f".{out.name}.{role}"


def _check_paths(files: Mapping[str, bytes]) -> None:
    for path in files:
        parts = Path(path).parts
        if not parts or Path(path).is_absolute() or ".." in parts or path.endswith("/"):
            raise OutputError(f"refusing to write outside the site folder: {path!r}")


def _existing_files(out: Path) -> set[str]:
    if not out.exists():
        return set()
    if not out.is_dir():
        raise OutputError(f"{out} is a file, not a folder; choose another --out")
    found: set[str] = set()
    for root, _dirs, names in os.walk(out):
        base = os.path.relpath(root, out)
        found.update(name if base == "." else f"{base}/{name}" for name in names)
    if found and MARKER not in found:
        raise OutputError(
            f"{out} holds files that digestgen did not write; refusing to replace it "
            "(choose an empty or new folder for --out)"
        )
    return {path.replace(os.sep, "/") for path in found}


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _replace(out: Path, files: Mapping[str, bytes], changed: set[str]) -> None:
    staging = _sibling(out, "staging")
    _fill(staging, out, files, changed)
    if not out.exists():
        staging.rename(out)
        return
    if not _exchange(staging, out):
        previous = _sibling(out, "previous")
        out.rename(previous)
        staging.rename(out)
        staging = previous
    shutil.rmtree(staging)


def _fill(staging: Path, out: Path, files: Mapping[str, bytes], changed: set[str]) -> None:
    made: set[Path] = set()
    for path in sorted(files):
        target = staging / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if path in changed or not _link(out / path, target):
            target.write_bytes(files[path])


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step where the system can (Linux renameat2); False if not."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.EXDEV, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def _renameat2() -> Callable[..., int] | None:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return None
    try:
        function: Callable[..., int] = ctypes.CDLL(libc_name, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    return function
