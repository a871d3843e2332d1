"""Finished drafts and the post's prelude into records: Papers and the Digest."""

from __future__ import annotations

import datetime as dt

from digestgen.extract.document import Document
from digestgen.extract.draft import Draft
from digestgen.extract.entries import Grouping, Skipped
from digestgen.extract.lines import Classified, Kind
from digestgen.extract.post import post_date, post_title
from digestgen.extract.tags import post_subject
from digestgen.extract.text import normalize_key, squash
from digestgen.records import Digest, Origin, Paper


def paper_of(draft: Draft, defaults: tuple[str, ...], path: str) -> Paper:
    """The Paper record of a finished draft; ``defaults`` are subjects for an entry naming none."""
    url = draft.url
    links = list(draft.links)
    if draft.arxiv and url:  # the schema's url is the main link only when there is no arXiv id
        links.insert(0, url)
        url = None
    return Paper(
        title=draft.title,
        title_zh=draft.title_zh,
        authors=tuple(draft.authors),
        affiliations=tuple(dict.fromkeys(squash(a) for a in draft.affiliations if squash(a))),
        arxiv=draft.arxiv,
        url=url,
        code=draft.code,
        links=tuple(dict.fromkeys(links)),
        subjects=tuple(draft.subjects) or draft.default_subjects or defaults,
        abstract=_join(draft.abstract),
        abstract_zh=_join(draft.abstract_zh),
        tags=tuple(draft.tags),
        note=_join(draft.note),
        origin=Origin(path, draft.lineno),
    )


def _join(paragraphs: list[str]) -> str | None:
    text = "\n\n".join(p.strip() for p in paragraphs if p.strip())
    return text or None


def drop_contents_lines(drafts: list[Draft]) -> tuple[list[Draft], list[Skipped]]:
    """Drop title-only entries whose title another entry repeats (a table of contents)."""
    counts: dict[str, int] = {}
    for draft in drafts:
        key = _title_key(draft)
        counts[key] = counts.get(key, 0) + 1
    kept: list[Draft] = []
    dropped: list[Skipped] = []
    for draft in drafts:
        if draft.only_title() and counts[_title_key(draft)] > 1:
            dropped.append(Skipped(draft.lineno, "table-of-contents line (title repeated below)", ""))
        else:
            kept.append(draft)
    return kept, dropped


def _title_key(draft: Draft) -> str:
    return normalize_key(draft.title or draft.title_zh or "")


def prelude_texts(document: Document, items: list[Classified], first_entry: int | None) -> list[str]:
    """Where the post's title and date may be: page title, headings, lines before the first entry."""
    end = len(items) if first_entry is None else first_entry
    texts = [document.title] if document.title else []
    texts += [it.line.text for it in items[:end] if it.line.heading]
    texts += [it.line.text for it in items[: min(end, 15)] if it.kind is not Kind.CHROME]
    return texts


def digest_of(
    document: Document,
    items: list[Classified],
    grouping: Grouping,
    papers: tuple[Paper, ...],
    path: str,
) -> Digest:
    """The Digest record: date, title and subjects from the prelude, and the papers."""
    texts = prelude_texts(document, items, grouping.first_entry)
    end = len(items) if grouping.first_entry is None else grouping.first_entry
    title_candidates = [it.line.text for it in items[:end] if it.kind in (Kind.TEXT, Kind.HEADING, Kind.SECTION)]
    title = post_title(document.title, title_candidates[:5])
    date: dt.date | None = post_date(texts)
    return Digest(date=date, title=title, source=document.source, papers=papers, origin=Origin(path))


def post_subjects(title: str | None, grouping: Grouping) -> tuple[str, ...]:
    """Subjects every entry gets unless it names its own: from the title or the prelude."""
    code = post_subject(title) if title else None
    if code:
        return (code,)
    return grouping.post_subjects
