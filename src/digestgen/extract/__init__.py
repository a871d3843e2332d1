"""Extraction: a scraped digest post (text, Markdown or HTML, any encoding) into records.

The layers run one way: ``decode`` (bytes to text) → ``plaintext`` / ``markdown`` /
``html`` (text to a Document: lines in a tree of blocks) → ``lines`` (what each line is,
alone) → ``segment`` (record sets found from the post's own repetition: table rows, list
items, cards, sections, runs opened by one start) → ``unit`` (each entry's fields, by
evidence) → ``reading`` (the set's pattern fills the gaps; confidence; skipped lines) →
``build`` (drafts to Paper and Digest records). Vocabularies are data in ``sites``;
nothing names a site. Nothing here writes files. Other packages import this module's
``extract_file``, ``extract_bytes``, ``extract_text`` and ``Report``, and ``reporting``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from digestgen.errors import Problem
from digestgen.extract.bibtex import bibtex_lines, looks_like_bibtex
from digestgen.extract.build import digest_of, drop_contents_lines, paper_of, post_subjects
from digestgen.extract.decode import decode_bytes
from digestgen.extract.document import Document
from digestgen.extract.html import read_html
from digestgen.extract.lines import Kind, classify
from digestgen.extract.markdown import read_markdown
from digestgen.extract.org import looks_like_org, org_lines
from digestgen.extract.plaintext import read_numbered, read_text
from digestgen.extract.reading import Entry, Skipped, read_entries
from digestgen.extract.text import forget_post
from digestgen.records.model import Digest, Paper

__all__ = ["Extraction", "Report", "Skipped", "extract_bytes", "extract_file", "extract_text", "read_document"]

INPUT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".org", ".bib")
"""File name endings that ``ingest`` reads from a folder."""
_HTML_SNIFF = re.compile(r"<!doctype html|<html[\s>]|<body[\s>]|<(?:p|div|li|table|article)[\s>]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class EntryReport:
    """One entry found: where, and which of the schema's main fields it lacks."""

    lineno: int
    title: str
    missing: tuple[str, ...]
    confidence: float = 1.0
    """How sure extraction is that this is one paper, read right (0-1): the editor checks the lowest first."""


@dataclass(frozen=True, slots=True)
class Report:
    """What extraction did with one input: for the editor reviewing it."""

    path: str
    reader: str
    encoding: str
    entries: tuple[EntryReport, ...]
    skipped: tuple[Skipped, ...]


@dataclass(frozen=True, slots=True)
class Extraction:
    """The records extracted from one post, the problems met, and the report."""

    digest: Digest
    problems: tuple[Problem, ...]
    report: Report
    date_from_post: bool
    """Whether the digest's date was read from the post (not given by the caller)."""


def read_document(text: str, path: str) -> Document:
    """The Document of a decoded post; the reader is chosen by file name, then by content."""
    suffix = Path(path).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml") or (suffix not in (".md", ".markdown") and _looks_html(text)):
        return read_html(text)
    if suffix in (".md", ".markdown"):
        return read_markdown(text)
    if suffix == ".org" or looks_like_org(text):
        return read_numbered(org_lines(text))
    if suffix == ".bib" or looks_like_bibtex(text):
        return read_numbered(bibtex_lines(text))
    return read_text(text)


def _looks_html(text: str) -> bool:
    head = text[:4096]
    return head.lstrip().startswith("<") and _HTML_SNIFF.search(head) is not None


def extract_file(path: str | Path, *, date: dt.date | None = None, subjects: Sequence[str] = ()) -> Extraction:
    """Extract one post from a file."""
    return extract_bytes(Path(path).read_bytes(), str(path), date=date, subjects=subjects)


def extract_bytes(data: bytes, path: str, *, date: dt.date | None = None, subjects: Sequence[str] = ()) -> Extraction:
    """Extract one post from its bytes; ``path`` names it in problems and picks the reader."""
    decoded = decode_bytes(data, path)
    return extract_text(
        decoded.text, path, date=date, subjects=subjects, encoding=decoded.encoding, problems=decoded.problems
    )


def extract_text(
    text: str,
    path: str = "<text>",
    *,
    date: dt.date | None = None,
    subjects: Sequence[str] = (),
    encoding: str = "utf-8",
    problems: tuple[Problem, ...] = (),
) -> Extraction:
    """Extract one post from its text. ``date`` and ``subjects`` override what the post says."""
    try:
        return _extract(text, path, date, subjects, encoding, problems)
    finally:
        forget_post()  # the answers cached about this post's lines serve no other


def _extract(
    text: str,
    path: str,
    date: dt.date | None,
    subjects: Sequence[str],
    encoding: str,
    problems: tuple[Problem, ...],
) -> Extraction:
    document = read_document(text, path)
    items = [classify(line) for line in document.lines]
    reading = read_entries(document, items)
    headings = [it.line.text for it in items if it.line.heading or it.kind in (Kind.HEADING, Kind.SECTION)]
    drafts, dropped = drop_contents_lines([entry.draft for entry in reading.entries], headings)
    kept = {id(draft) for draft in drafts}
    entries = [entry for entry in reading.entries if id(entry.draft) in kept]
    digest = digest_of(document, items, reading, (), path)
    defaults = tuple(subjects) or post_subjects(digest.title, reading)
    papers = tuple(paper_of(entry.draft, defaults, path) for entry in entries)
    digest = dataclasses.replace(digest, papers=papers, date=date or digest.date)
    skipped = tuple(sorted(reading.skipped + dropped, key=lambda s: s.lineno))
    entry_reports = tuple(_entry_report(p, e) for p, e in zip(papers, entries, strict=True))
    report = Report(path, document.kind, encoding, entry_reports, skipped)
    notices = problems + _notices(path, papers)
    return Extraction(digest, notices, report, date is None and digest.date is not None)


def _notices(path: str, papers: tuple[Paper, ...]) -> tuple[Problem, ...]:
    if papers:
        return ()
    return (Problem(path, 0, 0, "no papers found in this post", "warning"),)


_REPORTED_FIELDS = ("title", "title_zh", "authors", "arxiv", "abstract", "abstract_zh", "subjects")


def _entry_report(paper: Paper, entry: Entry) -> EntryReport:
    missing = tuple(name for name in _REPORTED_FIELDS if not getattr(paper, name))
    lineno = paper.origin.line if paper.origin else 0
    title = paper.title or paper.title_zh or (paper.abstract or paper.abstract_zh or "")[:60]
    return EntryReport(lineno, title, missing, entry.confidence)
