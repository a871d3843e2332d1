"""The output folder's manifest: every file a build left there, with a hash of its bytes.

It lives in the folder's marker file (``.digestgen-site``), after the line that says who
writes the folder, so it always describes the site it sits in. With it the next build
knows which files are already right without reading them, and which ones are stale
without walking the folder. A file deleted from the folder by hand is noticed (the writer
checks that each file exists) and written again; a file edited there by hand is not,
until its page changes: digestgen owns the folder (delete the marker to write all anew).

    This folder is written by `digestgen build` and replaced on every build.
    digestgen-manifest 1
    3f2a1b4c5d6e7f809a1b2c3d index.html
    ...
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

MARKER = ".digestgen-site"
"""The file that marks a folder as digestgen's output and holds its manifest."""
MARKER_HEADER = b"This folder is written by `digestgen build` and replaced on every build.\n"
_FORMAT = b"digestgen-manifest 1\n"
_HASH_CHARS = 24

Manifest = dict[str, str]
"""Site files (relative paths, the marker not included) and ``content_hash`` of their bytes."""


def content_hash(data: bytes) -> str:
    """A hash of a file's bytes: SHA-1, the fastest here (hardware), 96 bits kept."""
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()[:_HASH_CHARS]


class ContentHasher:
    """``content_hash`` of bytes that come in parts."""

    def __init__(self) -> None:
        self._sha1 = hashlib.sha1(usedforsecurity=False)

    def update(self, part: bytes) -> None:
        self._sha1.update(part)

    def digest(self) -> str:
        return self._sha1.hexdigest()[:_HASH_CHARS]


def marker_bytes(manifest: Mapping[str, str]) -> bytes:
    """The marker file for a site holding ``manifest``'s files."""
    lines = "".join(f"{digest} {path}\n" for path, digest in sorted(manifest.items()))
    return MARKER_HEADER + _FORMAT + lines.encode()


def has_manifest(out: Path) -> bool:
    """Whether ``out``'s marker holds a manifest (reads only its first lines)."""
    try:
        with (out / MARKER).open("rb") as marker:
            return marker.read(len(MARKER_HEADER) + len(_FORMAT)) == MARKER_HEADER + _FORMAT
    except OSError:
        return False


def read_manifest(out: Path) -> Manifest | None:
    """The manifest in ``out``'s marker; None when there is none (no marker, or an older one)."""
    try:
        data = (out / MARKER).read_bytes()
    except OSError:
        return None
    if not data.startswith(MARKER_HEADER + _FORMAT) or not data.endswith(b"\n"):
        return None  # written before manifests, or cut short: compare the files themselves
    body = data[len(MARKER_HEADER) + len(_FORMAT) :].decode()
    manifest: Manifest = {}
    for line in body.splitlines():
        digest, _, path = line.partition(" ")
        manifest[path] = digest
    return manifest
