"""Keys of a page's inputs, so a rebuild renders only the pages whose inputs changed.

A page's bytes are a function of its template (and the templates it includes: the whole
theme), the site view every page sees, its own context, and digestgen's code. Its key
hashes all of these; two builds that give a page the same key give it the same bytes.
The context is hashed through ``pickle``, which writes every value it holds: a key can
only differ needlessly (a page rendered again for nothing), never match wrongly.
"""

from __future__ import annotations

import copyreg
import functools
import hashlib
import io
import os
import pickle
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import digestgen

KEY_BYTES = 16
"""BLAKE2b digest size: 128 bits, far from any collision among a site's pages."""


def blake(*parts: bytes) -> str:
    """A hex key of ``parts`` (each length-prefixed, so no two splits of the same bytes agree)."""
    digest = hashlib.blake2b(digest_size=KEY_BYTES)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


OUTSIDE_BUILD = ("__pycache__", "cli", "extract", "serve", "ingest.py", "newdigest.py", "progress.py")
"""Parts of the package a build never imports (a test checks it), left out of ``code_key``."""


@functools.cache
def code_key() -> str:
    """A key of digestgen's own files that a build uses (code, built-in templates, schema).

    The version alone would not do: a development checkout changes without a new version,
    and a page rendered by older code must not be kept.
    """
    return folder_key(Path(digestgen.__file__).parent, skip=OUTSIDE_BUILD)


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


Reducer = Callable[[Any], tuple[Callable[..., object], tuple[object, ...]]]
"""How ``value_bytes`` writes objects of one type (as ``copyreg`` reducers do)."""


def value_bytes(value: object, reducers: Mapping[type, Reducer] | None = None) -> bytes:
    """``value`` pickled without the memo, so that the bytes depend on its values only.

    With the memo, an object met twice is written the second time as a reference, so equal
    values shared differently (one string object or two equal ones, as caches make them)
    would pickle differently and be rendered again for nothing. ``reducers`` write objects
    of their type in their own way (a digest as its key, instead of all its fields again).
    """
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True  # no memo (values are trees; a cycle raises ValueError)
    if reducers:
        pickler.dispatch_table = {**copyreg.dispatch_table, **reducers}
    pickler.dump(value)
    return out.getvalue()


def page_key(site_key: str, template: str, context: Mapping[str, object]) -> str | None:
    """The key of one page: the site-wide inputs' key, its template's name and its context.

    None when the context cannot be pickled (a function in it): such a page is always rendered.
    """
    try:
        data = value_bytes(dict(context))
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
        return None
    return blake(site_key.encode(), template.encode(), data)
