"""A post's entries: record sets chosen (``segment``), each unit read (``unit``), then the set's pattern.

Evidence fills what it can in each unit; then, where most units of a set agree on where a
field sits (the title on the unit's first line, the authors on the line after the title),
a unit that lacks the field takes the line at that place, if the line can hold it. Each
entry gets a confidence from how paper-like its unit is and how alike its set is; lines
that no entry took are reported as skipped, with why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from digestgen.extract.authors import looks_like_authors, looks_like_one_name, split_authors, without_cited_year
from digestgen.extract.document import Document
from digestgen.extract.draft import Draft
from digestgen.extract.lines import Classified, Kind, strip_crumbs, strip_link_labels
from digestgen.extract.prose import PROSE_CONFIDENCE, prose_entries
from digestgen.extract.segment import MIN_UNITS, Features, RecordSet, Unit, accepted, candidates, choose, make_set
from digestgen.extract.tags import subjects_in_value
from digestgen.extract.text import is_paragraph, is_title_like, normalize_key, word_count
from digestgen.extract.unit import UnitReader, read_unit, unknown_label

AGREEMENT = 0.6
"""Share of a set's units that must agree on a field's place before the others follow it."""
_AUTHOR_LINE_MAX = 300
_SKIP_REASONS = {Kind.CHROME: "page chrome", Kind.FOOTER: "page footer", Kind.LEGEND: "subject legend"}


@dataclass(frozen=True, slots=True)
class Skipped:
    """A line that went into no record, and why."""

    lineno: int
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry read: its draft, its confidence (0-1), and the set it came from."""

    draft: Draft
    confidence: float
    kind: str
    first_line: int


@dataclass
class Reading:
    """What the reader made of a post."""

    entries: list[Entry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    first_entry: int | None = None
    """Index of the first line of the first entry (the prelude is before it)."""
    post_subjects: tuple[str, ...] = ()
    """Subjects the prelude gave every entry ("Subjects: cs.CV")."""


def read_entries(document: Document, items: Sequence[Classified]) -> Reading:
    """Every entry of the post, in its order."""
    features = Features(items)
    chosen = choose(candidates(document, items, features), len(items), features)
    if not chosen or _one_labelled_paper(chosen):
        single = _single(items, features)
        chosen = [single] if single else chosen
    reading = Reading()
    inside = _covered(chosen, len(items))
    first = min((u.start for s in chosen for u in s.units), default=len(items))
    in_force = _subjects_in_force(items, inside, sorted(u.start for s in chosen for u in s.units))
    for record_set in chosen:
        labels = repeated_labels(record_set.units, items)
        furniture = repeated_lines(record_set.units, items)
        readers = [
            read_unit(_without_furniture(items[u.start : u.end], furniture), in_force[u.start], labels)
            for u in record_set.units
        ]
        follow_pattern(readers)
        _drop_shared_titles_zh([r.draft for r in readers])
        for unit, reader in zip(record_set.units, readers, strict=True):
            if reader.draft.has_content():
                confidence = min(1.0, unit.score) * (0.5 + 0.5 * record_set.alike)
                reading.entries.append(Entry(reader.draft, round(confidence, 2), record_set.kind, unit.start))
    if not chosen:
        for start, end, draft in prose_entries(document):
            reading.entries.append(Entry(draft, PROSE_CONFIDENCE, "prose", start))
            inside[start:end] = b"\x01" * (end - start)
            first = min(first, start)
    reading.entries.sort(key=lambda e: e.first_line)
    reading.first_entry = reading.entries[0].first_line if reading.entries else None
    reading.post_subjects = _prelude_subjects(items[:first])
    reading.skipped = _skipped(items, inside, first)
    return reading


def _covered(chosen: Sequence[RecordSet], total: int) -> bytearray:
    """1 for each line that a chosen unit holds."""
    inside = bytearray(total)
    for record_set in chosen:
        for unit in record_set.units:
            inside[unit.start : unit.end] = b"\x01" * (unit.end - unit.start)
    return inside


def repeated_labels(units: Sequence[Unit], items: Sequence[Classified]) -> frozenset[str]:
    """Unknown labels that open lines in at least two units and in half the set: the set's own fields."""
    return _in_most_units(units, items, lambda item: unknown_label(item.text), MIN_UNITS)


def _in_most_units(
    units: Sequence[Unit], items: Sequence[Classified], key: Callable[[Classified], str | None], least: int
) -> frozenset[str]:
    """The keys of lines that ``least`` units and half the set hold (each unit counted once)."""
    counts: Counter[str] = Counter()
    for unit in units:
        counts.update({found for item in items[unit.start : unit.end] if (found := key(item))})
    need = max(least, len(units) / 2)
    return frozenset(found for found, count in counts.items() if count >= need)


_FURNITURE_MAX = 80
"""Characters: a line repeated in every unit is short (a poster's name, a channel's)."""
_FURNITURE_UNITS = 3


def repeated_lines(units: Sequence[Unit], items: Sequence[Classified]) -> frozenset[str]:
    """Plain lines printed alike in at least three units and half the set: a chat's or a channel's
    furniture (the poster's name, an avatar's initial), never one entry's title."""
    if len(units) < _FURNITURE_UNITS:
        return frozenset()  # no line can be in three units
    return _in_most_units(units, items, _furniture_key, _FURNITURE_UNITS)


def _furniture_key(item: Classified) -> str | None:
    return item.text if item.kind is Kind.TEXT and len(item.text) <= _FURNITURE_MAX else None


def _without_furniture(items: Sequence[Classified], furniture: frozenset[str]) -> Sequence[Classified]:
    if not furniture:
        return items
    return [
        replace(item, kind=Kind.CHROME) if item.text in furniture and item.kind is Kind.TEXT else item for item in items
    ]


def _one_labelled_paper(chosen: Sequence[RecordSet]) -> bool:
    """Whether the post's one entry is a run opened by a label: a note on one paper, whose
    title lines come before its first label."""
    return len(chosen) == 1 and len(chosen[0].units) == 1 and chosen[0].kind == "labels"


def _single(items: Sequence[Classified], features: Features) -> RecordSet | None:
    """The whole post as one paper, from its first label on, when it is plainly one."""
    first = next((i for i, item in enumerate(items) if item.kind is Kind.FIELD and item.slot != "skip"), None)
    if first is None:
        return None
    single = make_set("single", [(max(0, first - 3), len(items))], features)
    return single if single is not None and accepted(single, features) else None


def _subjects_in_force(items: Sequence[Classified], inside: bytearray, starts: list[int]) -> dict[int, tuple[str, ...]]:
    """For each unit start (in order), the subjects that the lines outside entries before it give
    ("cs.CV" section heading, "Subjects:" line); one pass over the post."""
    in_force: dict[int, tuple[str, ...]] = {}
    current: tuple[str, ...] = ()
    position = 0
    for start in starts:
        for index in range(position, start):
            if not inside[index]:
                item = items[index]
                subjects = _subjects_of(item)
                if subjects or (item.kind is Kind.SECTION and item.line.heading):
                    current = subjects
        position = max(position, start)
        in_force[start] = current
    return in_force


def _prelude_subjects(prelude: Sequence[Classified]) -> tuple[str, ...]:
    """Subjects a labelled line before the first entry gives every entry ("Subjects: cs.CV")."""
    for item in prelude:
        subjects = _subjects_of(item)
        if subjects and item.kind is Kind.FIELD:
            return subjects
    return ()


def _subjects_of(item: Classified) -> tuple[str, ...]:
    if item.kind in (Kind.SECTION, Kind.SUBJECTS):
        return item.subjects
    if item.kind is Kind.FIELD and item.slot == "subjects":
        return subjects_in_value(item.text)
    return ()


# the set's pattern ------------------------------------------------------------------


def follow_pattern(readers: Sequence[UnitReader]) -> None:
    """Units lacking a title or authors take them from where most units of the set have them."""
    if len(readers) < MIN_UNITS:
        return
    title_at = _agreed(r.title_line for r in readers)
    if title_at is not None:
        for reader in readers:
            if reader.title_line is None:
                _take_title(reader, title_at)
    author_offset = _agreed(
        r.author_line - r.title_line for r in readers if r.author_line is not None and r.title_line is not None
    )
    if author_offset is not None and author_offset > 0:
        for reader in readers:
            if not reader.draft.authors and reader.title_line is not None:
                _take_authors(reader, reader.title_line + author_offset)


def _drop_shared_titles_zh(drafts: Sequence[Draft]) -> None:
    """A Chinese "title" that papers of different titles share is a sub-heading of their notes
    ("本文工作的主要亮点"), not a title. (One paper printed twice shares both titles.)"""
    titles_by_zh: dict[str, set[str]] = {}
    for draft in drafts:
        if draft.title_zh and draft.title:
            titles_by_zh.setdefault(normalize_key(draft.title_zh), set()).add(normalize_key(draft.title))
    shared = {key for key, titles in titles_by_zh.items() if len(titles) > 1}
    for draft in drafts:
        if draft.title_zh and normalize_key(draft.title_zh) in shared:
            draft.title_zh = None


def _agreed(places: Iterable[int | None]) -> int | None:
    """The place most units share, when enough of them do."""
    values = [p for p in places if p is not None]
    if not values:
        return None
    place, count = Counter(values).most_common(1)[0]
    return int(place) if count >= AGREEMENT * len(values) and count >= MIN_UNITS else None


def _take_title(reader: UnitReader, index: int) -> None:
    if index >= len(reader.items):
        return
    item = reader.items[index]
    if item.kind in (Kind.TEXT, Kind.HEADING, Kind.SECTION, Kind.AUTHORS) and is_title_like(item.text):
        reader.take_title(index, item.text)
        # A title with a full stop inside ("FAUST XXIX. OCS line emission: …") had been read as
        # the abstract's first paragraph.
        _drop_abstract_line(reader.draft, item.text)


def _take_authors(reader: UnitReader, index: int) -> None:
    if index >= len(reader.items) or index == reader.title_line:
        return
    item = reader.items[index]
    text = item.text
    if item.kind is Kind.URL:  # one name and the paper's links: "Kwame Mensah [arXiv]", "Sofia Rossi (2024) — arXiv"
        name = without_cited_year(strip_crumbs(strip_link_labels(text, item.links)))
        if looks_like_one_name(name) and not any(name in link.text for link in item.links):
            reader.draft.authors = [name]
        return
    if item.kind is not Kind.TEXT or len(text) > _AUTHOR_LINE_MAX or is_paragraph(text) or word_count(text) < 1:
        return
    if text in (reader.draft.abstract[:1] or [""])[0] or text in (reader.draft.abstract_zh[:1] or [""])[0]:
        names = split_authors(text)
        if len(names) >= 2 and looks_like_authors(text):  # the line had been read as the abstract's start
            _drop_abstract_line(reader.draft, text)
            reader.draft.authors = names
        return
    names = split_authors(text)
    if names and (looks_like_authors(text) or all(looks_like_one_name(name) for name in names)):
        reader.draft.authors = names


def _drop_abstract_line(draft: Draft, text: str) -> None:
    for slot in (draft.abstract, draft.abstract_zh):
        if slot and slot[0].startswith(text):
            rest = slot[0][len(text) :].strip()
            if rest:
                slot[0] = rest
            else:
                slot.pop(0)


def _skipped(items: Sequence[Classified], inside: bytearray, first: int) -> list[Skipped]:
    """Every line no entry took, and why: page footer from a footer line on, text before the first entry."""
    skipped = []
    footer = False
    for index, item in enumerate(items):
        if inside[index]:
            footer = False
            continue
        footer = footer or item.kind is Kind.FOOTER
        if not item.line.text:
            continue
        if footer:
            reason = "page footer"
        elif index < first and item.kind not in _SKIP_REASONS:
            reason = "text before an entry"
        else:
            reason = _SKIP_REASONS.get(item.kind, "text outside any entry")
        skipped.append(Skipped(item.line.lineno, reason, item.line.text[:120]))
    return skipped
