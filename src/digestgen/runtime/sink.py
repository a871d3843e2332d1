"""Where rendered files go as soon as they are made: ``Sink``.

A build renders about a file per paper. Holding them all until the end costs memory that
grows with the archive (about 40 KB a paper) and makes the forked renderer pickle every
page back; so the renderer hands each file to a sink the moment it is made. ``build``'s
sink (``digestgen.build.output.Staging``) writes it to a staging folder and keeps only its hash;
``MemorySink`` keeps the bytes (``digestgen serve`` serves them from memory, tests read them).

A forked child renders into ``sink.part()``, a sink of the same kind that writes where its
parent's does but records only what the child made; the child sends back
``part.records()`` (hashes or bytes) and the parent ``absorb``\\s them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol


class RenderError(Exception):
    """The site cannot be rendered as asked (two outputs for one path).

    Defined here, below both the renderer and the writer, because either can find the clash.
    """


def duplicate(path: str) -> RenderError:
    """The error of a second output for ``path``."""
    return RenderError(f"two outputs want the same file {path!r}; rename one of their sources")


class Sink(Protocol):
    """Takes each output file once; knows the paths it took."""

    def put(self, path: str, data: bytes) -> None:
        """Take the file at ``path`` (relative to the output folder); ``RenderError`` if taken before."""

    def put_parts(self, path: str, parts: Iterable[bytes]) -> None:
        """``put`` the file whose bytes are ``parts`` joined, without joining them (large files)."""

    def __contains__(self, path: object) -> bool: ...

    def __iter__(self) -> Iterator[str]:
        """The paths taken so far."""

    def part(self) -> Sink:
        """An empty sink that stores where this one does, for work done in a forked child."""

    def records(self) -> object:
        """What the parent needs of this sink's files, small enough to send back from a child."""

    def absorb(self, records: object) -> None:
        """Take the files a part recorded (``part().records()``), as if they had been put here."""


class MemorySink(dict[str, bytes]):
    """Files kept in memory by path: the site as a mapping."""

    def put(self, path: str, data: bytes) -> None:
        if path in self:
            raise duplicate(path)
        self[path] = data

    def put_parts(self, path: str, parts: Iterable[bytes]) -> None:
        self.put(path, b"".join(parts))

    def part(self) -> MemorySink:
        return MemorySink()

    def records(self) -> dict[str, bytes]:
        return dict(self)

    def absorb(self, records: object) -> None:
        assert isinstance(records, dict)
        for path, data in records.items():
            self.put(path, data)
