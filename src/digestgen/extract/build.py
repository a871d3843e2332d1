"""Finished drafts and the post's prelude into records: Papers and the Digest."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from digestgen.extract.document import Document
from digestgen.extract.draft import Draft
from digestgen.extract.lines import Classified, Kind
from digestgen.extract.post import find_date, post_date, post_title
from digestgen.extract.reading import Reading, Skipped
from digestgen.extract.tags import post_subject
from digestgen.extract.text import normalize_key, squash
from digestgen.records.model import Digest, Origin, Paper


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
        code=draft.code or draft.project,
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


_CONTENTS_COMPARISONS = 1_000_000
"""Beyond this many title comparisons (a hostile post), only exact repeats count."""


def drop_contents_lines(drafts: list[Draft], headings: list[str]) -> tuple[list[Draft], list[Skipped]]:
    """Drop title-only entries that a table of contents made.

    A title-only entry is a contents line when another entry's title repeats it, or starts
    with it or keeps its words in order (contents often shorten titles: "Learning to Walk in
    Minutes"), or when it names a section heading of the post ("Diffusion" above "## Diffusion").
    """
    keys = [_title_keys(draft) for draft in drafts]
    counts = Counter(key for draft_keys in keys for key in draft_keys)
    entries = [draft_keys for draft, draft_keys in zip(drafts, keys, strict=True) if not draft.only_title()]
    full_keys = [key for draft_keys in entries for key in draft_keys]
    section_keys = {normalize_key(text.strip(" #:：*")) for text in headings}
    title_only = sum(draft.only_title() for draft in drafts)
    compare = title_only * len(full_keys) <= _CONTENTS_COMPARISONS
    kept: list[Draft] = []
    dropped: list[Skipped] = []
    for draft, draft_keys in zip(drafts, keys, strict=True):
        contents = draft.only_title() and (
            any(counts[key] > 1 for key in draft_keys)
            or not draft_keys.isdisjoint(section_keys)
            or (compare and any(_shortened(key, full) for key in draft_keys for full in full_keys))
        )
        if contents:
            dropped.append(Skipped(draft.lineno, "table-of-contents line (title repeated below)", ""))
        else:
            kept.append(draft)
    return kept, dropped


def _title_keys(draft: Draft) -> set[str]:
    return {normalize_key(t) for t in (draft.title, draft.title_zh) if t}


def _shortened(short: str, full: str) -> bool:
    """Whether ``short`` is ``full`` cut short or with words left out, in order (视觉语言导航综述).

    A shortened title must stay distinctive: at least 4 characters and a quarter of the full one.
    """
    if len(short) < 4 or len(short) * 4 < len(full) or len(short) >= len(full):
        return False
    if full.startswith(short):
        return True
    position = 0
    for char in short:
        position = full.find(char, position) + 1
        if position == 0:
            return False
    return True


def prelude_texts(document: Document, items: list[Classified], first_entry: int | None) -> list[str]:
    """Where the post's title and date may be: page title, headings, lines before the first entry."""
    end = len(items) if first_entry is None else first_entry
    if end < len(items) and items[end].line.heading and find_date(items[end].line.text):
        end += 1  # an entry that opens at the post's dated heading: the heading is the post's
    texts = [document.title] if document.title else []
    texts += [it.line.text for it in items[:end] if it.line.heading]
    if first_entry is not None:
        # Without an entry there is no prelude: a date in a post of no papers' body is a byline's
        # or a quoted text's, while its title or heading still names the day a digest covers.
        texts += [it.line.text for it in items[: min(end, 15)] if it.kind is not Kind.CHROME]
    return texts


def digest_of(
    document: Document,
    items: list[Classified],
    reading: Reading,
    papers: tuple[Paper, ...],
    path: str,
) -> Digest:
    """The Digest record: date, title and subjects from the prelude, and the papers."""
    texts = prelude_texts(document, items, reading.first_entry)
    end = len(items) if reading.first_entry is None else reading.first_entry
    title_candidates = [it.line.text for it in items[:end] if it.kind in (Kind.TEXT, Kind.HEADING, Kind.SECTION)]
    title = post_title(document.title, title_candidates[:5])
    # The page's publication date is the last resort: a digest's own heading names the day it covers.
    date: dt.date | None = (
        post_date(texts) or (find_date(document.published) if document.published else None) or _stamped_date(items)
    )
    return Digest(date=date, title=title, source=document.source, papers=papers, origin=Origin(path))


_PUBLISHED_CUE = re.compile(
    r"^(?:编辑于|发布于|发表于|发布时间|更新于|posted on|published on|last updated|updated on)\s*[:：]?\s*",
    re.IGNORECASE,
)
"""How a page stamps its own publication ("编辑于 2024-05-03 21:47・IP 属地北京" at a Zhihu answer's foot)."""


def _stamped_date(items: list[Classified]) -> dt.date | None:
    """The date of the page's own publication stamp, wherever it stands (a stamp is no paper's)."""
    for item in items:
        if len(item.line.text) <= _STAMP_MAX and _PUBLISHED_CUE.match(item.line.text):
            date = find_date(item.line.text)
            if date:
                return date
    return None


_STAMP_MAX = 80


def post_subjects(title: str | None, reading: Reading) -> tuple[str, ...]:
    """Subjects every entry gets unless it names its own: from the title or the prelude."""
    code = post_subject(title) if title else None
    if code:
        return (code,)
    return reading.post_subjects
