"""Papers of a digest written as prose: paragraphs that each discuss a preprint linked in a sentence.

A monthly "highlights" post may print no titles, lists or headings at all: "A [preprint]
(https://arxiv.org/abs/2209.04138) from … shows that …". When no structure gave entries,
such a post is still a digest if nearly every paragraph links an arXiv paper. Each such link
is then an entry: its id, and the sentence that introduces it as the blurb. Papers cited for
background are older than the ones a monthly digest highlights, so ids far from the post's
own months are left out. An essay citing a paper here and there links few of its paragraphs
and gives no entry. Entries read so are guesses: their confidence is low, so the editor
checks them first.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass

from digestgen.arxiv import abs_url, normalize_arxiv
from digestgen.extract.document import Document, Link
from digestgen.extract.draft import Draft
from digestgen.extract.text import word_count
from digestgen.extract.urls import LinkKind, classify_url, find_urls

PROSE_CONFIDENCE = 0.4
"""An entry read out of running prose: a guess the editor should check."""
_PARAGRAPH_WORDS = 25
_MIN_PARAGRAPHS = 3
_LINKED_SHARE = 2 / 3
_MONTHS_APART = 3
"""How far (in months) from the median of the post's ids a highlighted paper's id may be."""
_NEW_ID = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}$")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+(?=[\"'(“A-Z0-9\u4e00-\u9fff]|https?://)|(?<=[。！？])")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph's text (its lines joined), its first line, and the arXiv ids it links, with where."""

    text: str
    lineno: int
    start: int
    end: int
    """Indexes of the paragraph's first line and of the line after its last, in the document."""
    links: tuple[tuple[str, int], ...]
    """(arXiv id, offset in ``text`` of the link's text or URL)."""


def prose_entries(document: Document) -> list[tuple[int, int, Draft]]:
    """(first line, end line, draft) for each highlighted preprint, or nothing when the post is not such a digest."""
    paragraphs = [p for p in _paragraphs(document) if word_count(p.text) >= _PARAGRAPH_WORDS]
    if len(paragraphs) < _MIN_PARAGRAPHS:
        return []
    months = [m for p in paragraphs for arxiv_id, _ in p.links if (m := _month(arxiv_id)) is not None]
    if not months:
        return []
    middle = statistics.median(months)
    recent = [
        (p, [(i, at) for i, at in p.links if (m := _month(i)) is not None and abs(m - middle) <= _MONTHS_APART])
        for p in paragraphs
    ]
    if sum(bool(links) for _, links in recent) < _LINKED_SHARE * len(paragraphs):
        return []
    return [(p.start, p.end, _draft(p, arxiv_id, at)) for p, links in recent for arxiv_id, at in links]


def _draft(paragraph: Paragraph, arxiv_id: str, at: int) -> Draft:
    draft = Draft(paragraph.lineno, arxiv=arxiv_id)
    draft.add_link(abs_url(arxiv_id))
    draft.add_abstract(_sentence_at(paragraph.text, at))
    return draft


def _month(arxiv_id: str) -> int | None:
    match = _NEW_ID.match(arxiv_id)
    return int(match.group(1)) * 12 + int(match.group(2)) if match else None


def _sentence_at(text: str, at: int) -> str:
    """The sentence around offset ``at``; the one before when a bare URL opens a sentence there."""
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    for start, end in itertools.pairwise(bounds):
        if start <= at < end:
            if not text[start:at].strip() and start > 0:
                previous = max(b for b in bounds if b < start)
                return text[previous:start].strip()
            return text[start:end].strip()
    return text.strip()


def _paragraphs(document: Document) -> Iterator[Paragraph]:
    """The document's paragraph blocks, each with its arXiv links located in its joined text."""
    for block in document.blocks:
        if block.kind != "paragraph":
            continue
        lines = document.lines[block.start : block.end]
        parts: list[str] = []
        links: list[tuple[str, int]] = []
        offset = 0
        for line in lines:
            found = sorted(_arxiv_links(line.text, line.links), key=lambda link: link[1])
            links.extend((arxiv_id, offset + at) for arxiv_id, at in found)
            parts.append(line.text)
            offset += len(line.text) + 1
        yield Paragraph(" ".join(parts), lines[0].lineno, block.start, block.end, tuple(links))


def _arxiv_links(text: str, links: tuple[Link, ...]) -> Iterator[tuple[str, int]]:
    """(id, offset) of each arXiv link of a line: hyperlinks at their text, bare URLs where printed."""
    position = 0
    for link in links:
        arxiv_id = normalize_arxiv(link.href) if classify_url(link.href) is LinkKind.ARXIV else None
        at = text.find(link.text, position) if link.text else -1
        if at >= 0:
            position = at + len(link.text)
        if arxiv_id:
            yield arxiv_id, max(at, 0)
    linked = {link.href for link in links}
    for found in find_urls(text):
        if found.url not in linked and classify_url(found.url) is LinkKind.ARXIV:
            arxiv_id = normalize_arxiv(found.url)
            if arxiv_id:
                yield arxiv_id, found.start
