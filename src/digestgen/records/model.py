"""The record model: one Digest file holds Papers. Field names are the schema's contract.

Records are plain immutable values. They never hold loader internals except ``origin``,
which says where a record was read from (for error messages) and takes no part in
equality, so a record read from disk equals the same record built in memory.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field, fields
from typing import Final


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record was read from."""

    path: str
    """The file, as the user named it."""
    line: int = 0
    """1-based line of the record's first key; 0 for the whole file."""
    col: int = 0
    """1-based column of the record's first key."""
    content_key: bytes = b""
    """A digest's origin only: ``recordcache.content_key`` of the file's bytes, when it was read
    from a file. The same bytes give the same records, so page keys can name the file's
    content instead of hashing every record (``render.keys.PaperKeys``)."""

    def __reduce__(self) -> tuple[type[Origin], tuple[object, ...]]:
        return Origin, _values(self)


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper as one digest printed it. At least one of title, title_zh, abstract, abstract_zh."""

    title: str | None = None
    """English title."""
    title_zh: str | None = None
    """Chinese title."""
    authors: tuple[str, ...] = ()
    """Author names in the order printed."""
    affiliations: tuple[str, ...] = ()
    """Institutions, in the order printed."""
    arxiv: str | None = None
    """Bare arXiv id without version: ``2306.01667`` or ``hep-th/9901001``."""
    url: str | None = None
    """Main link when there is no arXiv id (DOI, journal or conference page)."""
    code: str | None = None
    """Code repository."""
    links: tuple[str, ...] = ()
    """Any other link the entry gave (project page, video, slides)."""
    subjects: tuple[str, ...] = ()
    """arXiv category codes such as ``cs.CV``."""
    abstract: str | None = None
    """English abstract."""
    abstract_zh: str | None = None
    """Chinese abstract or summary."""
    tags: tuple[str, ...] = ()
    """Free editor tags."""
    note: str | None = None
    """Free editor note, Markdown (rendered without raw HTML)."""
    origin: Origin | None = field(default=None, compare=False, repr=False)
    """Where this paper was read from; not part of the record's value."""

    def has_content(self) -> bool:
        """Whether the paper carries any of the fields that make it a paper."""
        return any(getattr(self, name) for name in CONTENT_FIELDS)

    def __reduce__(self) -> tuple[type[Paper], tuple[object, ...]]:
        return Paper, _values(self)


@dataclass(frozen=True, slots=True)
class Digest:
    """One digest post: a date and the papers it listed, in the post's order."""

    date: dt.date | None
    """Publication date; required in files on disk, None only in ``extract`` output."""
    title: str | None = None
    """The post's own title."""
    source: str | None = None
    """Where the post was found (http or https URL)."""
    subjects: tuple[str, ...] = ()
    """Default subjects for every paper that names none."""
    papers: tuple[Paper, ...] = ()
    """The papers, in the post's order."""
    origin: Origin | None = field(default=None, compare=False, repr=False)
    """The file this digest was read from; not part of the record's value."""

    def __reduce__(self) -> tuple[type[Digest], tuple[object, ...]]:
        return Digest, _values(self)


def _values(record: Origin | Paper | Digest) -> tuple[object, ...]:
    """A record's field values in order, for ``__reduce__``: records are pickled as a call of
    their class with these (the record cache holds every record of a site). Dataclasses' own
    ``__getstate__`` and ``__setstate__`` walk ``fields()`` in Python for every record."""
    values: tuple[object, ...] = _VALUES[type(record)](record)
    return values


def _schema_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name != "origin")


_VALUES: Final = {cls: operator.attrgetter(*(f.name for f in fields(cls))) for cls in (Origin, Paper, Digest)}

PAPER_FIELDS: Final = _schema_fields(Paper)
"""Paper keys in schema order (the order the writer uses)."""
DIGEST_FIELDS: Final = _schema_fields(Digest)
"""Digest keys in schema order."""
CONTENT_FIELDS: Final = ("title", "title_zh", "abstract", "abstract_zh")
"""A paper needs at least one of these."""
TEXT_LIST_FIELDS: Final = frozenset({"authors", "affiliations", "links", "subjects", "tags"})
"""Paper fields that hold a list of text."""
URL_FIELDS: Final = frozenset({"url", "code", "links", "source"})
"""Fields whose values must be http(s) URLs."""
