"""Cache files that cannot lie: each carries a checksum of its bytes, checked before it is used.

A cache file holds pickles or compiled code that a build would otherwise use unchecked, so
one flipped bit (a bad disk, a copy cut short, an editor's slip) could change a published
page in silence: a pickle that still unpickles is not a pickle that is right. ``seal``
puts a tag and an XXH3 checksum (128 bits; 10 GB/s, far below a build's cost) before the
bytes; ``unseal`` gives them back only when both match, else None: a miss, never an error.
"""

from __future__ import annotations

import xxhash

_TAG = b"digestgen-sealed-1\n"
_CHECKSUM_BYTES = 16


def seal(data: bytes) -> bytes:
    """``data`` with its tag and checksum in front, for ``unseal``."""
    return _TAG + xxhash.xxh3_128_digest(data) + data


def unseal(stored: bytes) -> bytes | None:
    """What ``seal`` was given, or None when ``stored`` is damaged, cut short or not sealed."""
    if not stored.startswith(_TAG):
        return None
    start = len(_TAG) + _CHECKSUM_BYTES
    checksum, data = stored[len(_TAG) : start], stored[start:]
    return data if len(checksum) == _CHECKSUM_BYTES and xxhash.xxh3_128_digest(data) == checksum else None
