"""Keys of what a build reads that is not a digest: digestgen's own code, a folder of templates.

Kept apart from ``digestgen.render.keys`` (the keys of pages), so that the key of a build's
inputs is made without importing the renderer: ``digestgen build`` imports the renderer
while its loader's children parse (see ``digestgen.build.pipeline``).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

# What hashlib.blake2b is, without importing OpenSSL's bindings with hashlib (5 ms before the
# loader forks); the record cache names its files with it too.
try:
    from _blake2 import blake2b as blake2b
except ImportError:  # an interpreter other than CPython
    from hashlib import blake2b as blake2b

import digestgen

KEY_BYTES = 16
"""BLAKE2b digest size: 128 bits, far from any collision among a site's pages."""


def blake(*parts: bytes) -> str:
    """A hex key of ``parts`` (each length-prefixed, so no two splits of the same bytes agree)."""
    digest = blake2b(digest_size=KEY_BYTES)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


OUTSIDE_BUILD = ("__pycache__", "cli", "extract", "serve", "ingest.py", "newdigest.py", "progress.py")
"""Parts of the package a build never imports (a test checks it), left out of ``code_key``."""


OUTPUT_LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "pyyaml", "orjson")
"""Libraries whose version can change the output's bytes."""


def distribution_version(distribution: str) -> str:
    """The installed version of ``distribution``, or "unknown"."""
    from importlib import metadata  # 14 ms to import: a first build makes its key while its digests load

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


@functools.cache
def code_key() -> str:
    """A key of digestgen's own files that a build uses (code, built-in templates, schema),
    and of the versions of the libraries that shape its output.

    The version alone would not do: a development checkout changes without a new version,
    and a page rendered by older code must not be kept.
    """
    libraries = " ".join(f"{name} {distribution_version(name)}" for name in OUTPUT_LIBRARIES)
    return blake(folder_key(Path(digestgen.__file__).parent, skip=OUTSIDE_BUILD).encode(), libraries.encode())


def folder_key(folder: Path | None, skip: tuple[str, ...] = ()) -> str:
    """A key of every file under ``folder`` (names and bytes), but those named in ``skip``.

    The same for a missing folder as for an empty one.
    """
    parts: list[bytes] = []
    if folder is not None and folder.is_dir():
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d not in skip)
            for name in sorted(n for n in names if n not in skip):
                path = Path(root) / name
                parts += [path.relative_to(folder).as_posix().encode(), path.read_bytes()]
    return blake(*parts)


def engine_version() -> str:
    """The Pagefind release that makes the search index (part of the index's key and the build's)."""
    return "pagefind " + distribution_version("pagefind")
