"""Ingest scraped posts: extract each one and write it as a new digest file, never touching one
that exists.

Each file written starts with a comment naming the post and the first 16 hex digits of its
SHA-256. Ingesting the same bytes again finds that comment among the existing digests (it
survives hand edits of the records below it) and writes nothing. Files are written to a
temporary file in the target folder and linked into place (created with ``O_EXCL`` where the
file system has no hard links), so a reader never sees half a file and an existing file is
never replaced. One ingest at a time writes into a digests folder (``writing_into``), and
looks for the post again first, so two ingests of one post at once write it once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from digestgen.errors import Problem
from digestgen.extract import INPUT_SUFFIXES, Extraction, Report, extract_bytes
from digestgen.records.writer import dump_digest
from digestgen.runtime.folderlock import folder_locked

_HASH_IN_HEADER = re.compile(r"^#.*\bsha256 ([0-9a-f]{16})\b", re.MULTILINE)
_HEADER_BYTES = 4096
_SLUG_MAX = 60
REVIEW_NOTE = "review and correct by hand; ingest never rewrites this file"
NO_DATE_COMMENT = "date chosen by the editor; the post gives none"


class Status(Enum):
    """What happened to one input."""

    WRITTEN = "written"
    ALREADY = "already ingested"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One input's result, with the message the command prints."""

    source: str
    status: Status
    message: str
    path: Path | None = None
    problems: tuple[Problem, ...] = ()
    report: Report | None = None
    """What extraction found and skipped; None when the post was not extracted (read error, ingested before)."""


def short_hash(data: bytes) -> str:
    """The first 16 hex digits of the SHA-256 of a post's bytes."""
    return hashlib.sha256(data).hexdigest()[:16]


def input_files(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the post files inside folders named (sorted, hidden ones left out)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in INPUT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return found


def known_hashes(digests_dir: Path, scanned: set[Path] | None = None) -> dict[str, Path]:
    """The post hashes named in the header comments of existing digest files.

    ``scanned``: files read before, skipped (and those read now are added to it).
    """
    hashes: dict[str, Path] = {}
    if not digests_dir.is_dir():
        return hashes
    for path in sorted(digests_dir.rglob("*.yaml")):
        if scanned is not None:
            if path in scanned:
                continue
            scanned.add(path)
        try:
            with path.open("rb") as handle:
                head = handle.read(_HEADER_BYTES).decode("utf-8", errors="replace")
        except OSError:
            continue
        for match in _HASH_IN_HEADER.finditer(head):
            hashes.setdefault(match.group(1), path)
    return hashes


def slug_of(title: str | None, fallback: str) -> str:
    """A file-name slug: the ASCII words of the title without its date, else of the fallback."""
    for text in (re.sub(r"\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?", " ", title or ""), fallback):
        words = re.findall(r"[a-z0-9]+", text.lower())
        slug = "-".join(words)[:_SLUG_MAX].strip("-")
        if slug:
            return slug
    return "digest"


def make_folder(folder: Path) -> None:
    """``folder`` and its parents, made if missing; ``NotADirectoryError`` if a file is in the way."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where the folder should be
        raise NotADirectoryError(errno.ENOTDIR, "is a file, not a folder", str(folder)) from None


@contextmanager
def writing_into(folder: Path) -> Iterator[None]:
    """Let one ingest at a time write into ``folder``, so that a post is written once.

    Two ingests of one post at once would each find it new and write it twice; under the
    lock the second one looks again, and finds the first one's file. The lock is on the
    folder itself (no lock file beside the digests); the system drops it when a process dies.
    """
    make_folder(folder)
    with folder_locked(folder):
        yield


def write_new(folder: Path, stem: str, text: str) -> Path:
    """Write ``text`` to ``folder/stem.yaml`` (or ``stem-2.yaml``, ...), never over an existing file."""
    make_folder(folder)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".ingest-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        return _link_free_name(Path(tmp_name), folder, stem)
    finally:
        Path(tmp_name).unlink(missing_ok=True)


def _link_free_name(tmp: Path, folder: Path, stem: str) -> Path:
    for n in range(1, 1000):
        target = folder / (f"{stem}.yaml" if n == 1 else f"{stem}-{n}.yaml")
        try:
            os.link(tmp, target)  # atomic, and fails rather than replace an existing file
        except FileExistsError:
            continue
        except OSError as error:
            if error.errno not in _NO_HARD_LINKS:
                raise
            if not _create_exclusive(target, tmp):  # a filesystem without hard links
                continue
        return target
    raise FileExistsError(f"{folder / stem}.yaml and 998 numbered variants exist")


_NO_HARD_LINKS = (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK)


def _create_exclusive(target: Path, written: Path) -> bool:
    """Copy ``written`` to ``target`` if no file has that name (claimed with ``O_EXCL``); whether it did."""
    try:
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(written.read_bytes())
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        target.unlink(missing_ok=True)  # ours, half-written
        raise
    return True


class Ingester:
    """Ingests posts one by one into a digests folder."""

    def __init__(self, digests_dir: Path, *, date: dt.date | None = None, subjects: Sequence[str] = ()) -> None:
        self.digests_dir = digests_dir
        self.date = date
        self.subjects = tuple(subjects)
        self._scanned: set[Path] = set()
        self.hashes = known_hashes(digests_dir, self._scanned)

    def ingest(self, path: Path) -> Outcome:
        """Ingest one post file."""
        source = str(path)
        try:
            data = path.read_bytes()
        except OSError as err:
            return Outcome(source, Status.SKIPPED, f"{source}: cannot read: {err.strerror or err}; skipped")
        digest_hash = short_hash(data)
        if digest_hash in self.hashes:
            return self._already(source, digest_hash)
        result = extract_bytes(data, source, subjects=self.subjects)
        try:
            with writing_into(self.digests_dir):
                for found, where in known_hashes(self.digests_dir, self._scanned).items():
                    self.hashes.setdefault(found, where)  # written by another ingest meanwhile
                if digest_hash in self.hashes:
                    return self._already(source, digest_hash)
                return self._write(path, digest_hash, result)
        except OSError as err:
            where = err.filename if err.filename is not None else self.digests_dir
            return Outcome(source, Status.SKIPPED, f"{where}: error: {err.strerror or err}; {source} skipped")

    def _already(self, source: str, digest_hash: str) -> Outcome:
        where = self.hashes[digest_hash]
        return Outcome(source, Status.ALREADY, f"{source}: already ingested as {where}; nothing written", where)

    def _write(self, path: Path, digest_hash: str, result: Extraction) -> Outcome:
        source, report = str(path), result.report
        warnings = tuple(p for p in result.problems if "no papers" not in p.message)
        digest = result.digest
        if not digest.papers:
            return Outcome(source, Status.SKIPPED, f"{source}: no papers found; skipped", None, warnings, report)
        date = self.date or digest.date
        if date is None:
            message = f"{source}: the post gives no date; give one with --date YYYY-MM-DD; skipped"
            return Outcome(source, Status.SKIPPED, message, None, warnings, report)
        comment = _date_comment(self.date, digest.date)
        digest = dataclasses.replace(digest, date=date)
        header = f"ingested from {path.name} (sha256 {digest_hash})\n{REVIEW_NOTE}"
        text = dump_digest(digest, header=header, date_comment=comment)
        stem = f"{date.isoformat()}-{slug_of(digest.title, path.stem)}"
        target = write_new(self.digests_dir / f"{date.year:04d}", stem, text)
        self.hashes[digest_hash] = target
        count = len(digest.papers)
        message = f"{source}: wrote {target} ({count} paper{'' if count == 1 else 's'})"
        return Outcome(source, Status.WRITTEN, message, target, warnings, report)


def _date_comment(chosen: dt.date | None, from_post: dt.date | None) -> str:
    if chosen is None or chosen == from_post:
        return ""
    if from_post is None:
        return NO_DATE_COMMENT
    return f"date chosen by the editor; the post says {from_post.isoformat()}"


def status_counts(outcomes: Sequence[Outcome]) -> dict[Status, int]:
    """How many inputs ended in each status."""
    return {status: sum(o.status is status for o in outcomes) for status in Status}


def summary(outcomes: Sequence[Outcome]) -> str:
    """One line: how many inputs were written, already ingested, skipped."""
    counts = status_counts(outcomes)
    return (
        f"ingest: {counts[Status.WRITTEN]} written, {counts[Status.ALREADY]} already ingested, "
        f"{counts[Status.SKIPPED]} skipped"
    )
