"""Classified lines grouped into entries: the state machine that reads a post top to bottom.

An entry opens at an entry start (a numbered or tagged title, a linked title, a heading
or title line followed by authors, a labelled title) and takes the lines after it until
the next start, a section heading, the page footer or an abstract terminator. Text
outside entries is held back: an abstract terminator ("translated by 谷歌翻译") turns it
into an abstract-only entry; otherwise it is reported as skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from digestgen.extract.authors import looks_like_authors, looks_like_one_name, split_authors
from digestgen.extract.draft import ABSTRACTS, Draft
from digestgen.extract.lines import Classified, Kind
from digestgen.extract.post import find_date
from digestgen.extract.tags import subjects_in_value
from digestgen.extract.text import is_chinese, is_paragraph, is_title_like, word_count
from digestgen.extract.urls import LinkKind, classify_url

_SKIPPED_KINDS = {Kind.CHROME: "page chrome", Kind.LEGEND: "subject legend"}
_STRONG_NEXT = frozenset({"authors", "affiliations", "link"})
_WEAK_NEXT = frozenset({"abstract", "code", "project", "subjects", "title_zh", "title_en", "note"})
_PAPER_KINDS = (LinkKind.ARXIV, LinkKind.PAPER)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A line that went into no record, and why."""

    lineno: int
    reason: str
    text: str


@dataclass
class Grouping:
    """What the grouper made of a post."""

    drafts: list[Draft] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    first_entry: int | None = None
    """Index of the first line that opened an entry (the prelude is before it)."""
    post_subjects: tuple[str, ...] = ()
    """Subjects the prelude gave every entry ("Subjects: cs.CV")."""


class Grouper:
    """Reads classified lines once, top to bottom."""

    def __init__(self, items: list[Classified]) -> None:
        self.items = items
        self.out = Grouping()
        self.current: Draft | None = None
        self.pending: list[Classified] = []
        self.section: tuple[str, ...] = ()
        self.in_footer = False
        self.style = ""
        self.seen_heading = False

    def run(self) -> Grouping:
        for index, item in enumerate(self.items):
            self.step(index, item)
            if item.line.heading:
                self.seen_heading = True
        self.close()
        self.drop_pending("text outside any entry")
        return self.out

    # helpers -----------------------------------------------------------------------

    def skip(self, item: Classified, reason: str) -> None:
        self.out.skipped.append(Skipped(item.line.lineno, reason, item.line.text[:120]))

    def drop_pending(self, reason: str) -> None:
        for item in self.pending:
            self.skip(item, reason)
        self.pending = []

    def close(self) -> None:
        if self.current is not None:
            if self.current.has_content():
                self.out.drafts.append(self.current)
            else:
                self.out.skipped.append(Skipped(self.current.lineno, "entry without title or abstract", ""))
        self.current = None

    def open(self, index: int, item: Classified) -> Draft:
        self.close()
        self.drop_pending("text before an entry")
        if self.out.first_entry is None:
            self.out.first_entry = index
        draft = Draft(item.line.lineno, default_subjects=self.section)
        self.current = draft
        return draft

    def next_item(self, index: int) -> Classified | None:
        for item in self.items[index + 1 : index + 6]:
            if item.kind not in (Kind.CHROME, Kind.LEGEND):
                return item
        return None

    # dispatch ----------------------------------------------------------------------

    def step(self, index: int, item: Classified) -> None:
        draft = self.current
        if draft is not None and draft.open_slot and self.fills_open_slot(draft, item):
            return
        if self.in_footer and item.kind not in (Kind.ENTRY, Kind.ROW):
            self.skip(item, "page footer")
            return
        handler = _HANDLERS.get(item.kind)
        if handler is not None:
            handler(self, index, item)
        else:
            self.skip(item, _SKIPPED_KINDS.get(item.kind, item.kind.value))

    def fills_open_slot(self, draft: Draft, item: Classified) -> bool:
        if item.kind not in (Kind.TEXT, Kind.URL, Kind.AUTHORS, Kind.AFFILIATIONS, Kind.SUBJECTS, Kind.SECTION):
            draft.open_slot = ""
            return False
        slot = draft.open_slot
        if slot == "abstract" and draft.last in ABSTRACTS and item.line.gap_before and not is_paragraph(item.text):
            draft.open_slot = ""  # a short line after the abstract ends it
            return False
        draft.fill(
            slot, item.line.text if item.kind is Kind.AFFILIATIONS else item.text, item.links, gap=item.line.gap_before
        )
        if slot != "abstract":
            draft.open_slot = ""
        return True

    # one handler per kind of line ----------------------------------------------------

    def on_entry(self, index: int, item: Classified) -> None:
        if not self.accepts(item):
            self.on_text(index, item)
            return
        if item.number is not None and not self.style:
            self.style = item.style
        self.in_footer = False
        draft = self.open(index, item)
        draft.number, draft.style = item.number, item.style
        draft.set_title(item.text)
        draft.subjects.extend(item.subjects)
        draft.add_links(item.links)
        tail = item.tail.removeprefix("by ").strip()
        if tail and (looks_like_authors(tail) or looks_like_one_name(tail)):  # right after the title: names
            draft.authors = split_authors(tail)

    def accepts(self, item: Classified) -> bool:
        """Whether an entry-start line really opens an entry here."""
        if self.in_footer:
            return any(classify_url(link.href) in _PAPER_KINDS for link in item.links)
        if item.number is None:
            return True
        if self.style and item.style != self.style:
            return False
        current = self.current
        if current is not None and current.number is not None:
            return item.number in (current.number + 1, 1)
        return True

    def on_field(self, index: int, item: Classified) -> None:
        draft = self.current
        if item.slot in ("title", "title_zh", "title_en"):
            if draft is None or draft.title_slot_taken(item.text, item.slot):
                draft = self.open(index, item)
        elif draft is None:
            self.field_outside(item)
            return
        if item.slot == "skip":
            self.skip(item, "field not kept")
            return
        draft.fill(item.slot, item.text, item.links, gap=item.line.gap_before)
        if not item.text and not item.links:
            draft.open_slot = item.slot

    def field_outside(self, item: Classified) -> None:
        if item.slot == "subjects":
            self.section = subjects_in_value(item.text)
            self.out.post_subjects = self.out.post_subjects or self.section
        else:
            self.skip(item, "labelled field outside any entry")

    def on_row(self, index: int, item: Classified) -> None:
        self.in_footer = False
        draft = self.open(index, item)
        for slot, cell in item.fields:
            if cell.text.casefold() not in ("null", "none", "n/a", "-", ""):
                draft.fill(slot, cell.text, cell.links)
            elif cell.links:
                draft.add_links(cell.links, slot)
        self.close()

    def on_authors(self, index: int, item: Classified) -> None:
        draft = self.current
        if draft is None:
            self.pending.append(item)
        elif not draft.authors and not (draft.abstract or draft.abstract_zh):
            draft.authors = split_authors(item.text)
            draft.last = "authors"
        else:
            self.on_text(index, item)

    def on_affiliations(self, index: int, item: Classified) -> None:
        if self.current is None:
            self.skip(item, "affiliations outside any entry")
        else:
            self.current.fill("affiliations", item.text, ())

    def on_subjects(self, index: int, item: Classified) -> None:
        if self.current is None:
            self.section = item.subjects
        else:
            self.current.subjects.extend(s for s in item.subjects if s not in self.current.subjects)

    def on_url(self, index: int, item: Classified) -> None:
        if self.current is None:
            self.pending.append(item)
        else:
            self.current.add_links(item.links)

    def on_terminator(self, index: int, item: Classified) -> None:
        if self.current is not None:
            self.close()
        elif self.pending:
            self.abstract_only(index)
        else:
            self.skip(item, "terminator without an abstract")

    def on_footer(self, index: int, item: Classified) -> None:
        if self.current is not None or self.out.drafts:
            self.close()
            self.drop_pending("text outside any entry")
            self.in_footer = True
        self.skip(item, "page footer")

    def on_section(self, index: int, item: Classified) -> None:
        self.close()
        self.drop_pending("text outside any entry")
        if item.subjects:
            self.section = item.subjects
        self.skip(item, "section heading")

    def on_heading(self, index: int, item: Classified) -> None:
        if self.heading_opens_entry(index, item):
            draft = self.open(index, item)
            draft.set_title(item.text)
            draft.add_links(item.links)
        else:
            self.on_section(index, item)

    def heading_opens_entry(self, index: int, item: Classified) -> bool:
        if not is_title_like(item.text) or find_date(item.text):
            return False
        after = self.next_item(index)
        if after is None:
            return False
        if after.kind in (Kind.AUTHORS, Kind.AFFILIATIONS):
            return True
        if after.kind is Kind.URL:
            return any(classify_url(link.href) in _PAPER_KINDS for link in after.links)
        if after.kind is Kind.FIELD and (after.text or after.links):
            return after.slot in _STRONG_NEXT or (self.seen_heading and after.slot in _WEAK_NEXT)
        return False

    def on_text(self, index: int, item: Classified) -> None:
        draft = self.current
        if self.starts_untitled_entry(index, item, draft):
            self.open(index, item).set_title(item.text)
        elif draft is None:
            self.pending.append(item)
        elif not self.add_text(draft, item):
            self.skip(item, "text not understood inside an entry")

    def starts_untitled_entry(self, index: int, item: Classified, draft: Draft | None) -> bool:
        """A bare title line followed by authors opens an entry (when none is half-read)."""
        if draft is not None and not draft.has_body():
            return False
        if not is_title_like(item.text) or is_paragraph(item.text) or word_count(item.text) < 2:
            return False
        after = self.next_item(index)
        return after is not None and (
            after.kind is Kind.AUTHORS or (after.kind is Kind.FIELD and after.slot == "authors")
        )

    def add_text(self, draft: Draft, item: Classified) -> bool:
        """Place an unlabelled line of text in an entry; False when it fits nowhere."""
        placed = self.place_text(draft, item.text, item.line.gap_before)
        if placed:
            draft.add_links(item.links, "text")
        return placed

    def place_text(self, draft: Draft, text: str, gap: bool) -> bool:
        chinese = is_chinese(text)
        if not draft.has_content() and is_title_like(text) and not is_paragraph(text):
            draft.set_title(text)
            return True
        slot = "abstract_zh" if chinese else "abstract"
        if draft.last == slot and (is_paragraph(text) or not gap):
            draft.add_abstract(text, gap=gap)
            return True
        if chinese and draft.title and not draft.title_zh and not (draft.abstract or draft.abstract_zh):
            return draft.split_title_summary(text) or self.first_abstract(draft, text, gap)
        if not getattr(draft, slot):
            return self.first_abstract(draft, text, gap)
        return False

    def first_abstract(self, draft: Draft, text: str, gap: bool) -> bool:
        if not is_paragraph(text) and word_count(text) < 8:
            return False
        draft.add_abstract(text, gap=gap)
        return True

    def abstract_only(self, index: int) -> None:
        """Text held back before a terminator becomes an entry of its own."""
        items, self.pending = self.pending, []
        first = next((i for i, it in enumerate(items) if it.kind is Kind.TEXT and is_paragraph(it.text)), None)
        if first is None:
            for item in items:
                self.skip(item, "text before a terminator, not an abstract")
            return
        draft = Draft(items[first].line.lineno, default_subjects=self.section)
        if self.out.first_entry is None:
            self.out.first_entry = index - len(items)
        self.take_heading(draft, items[:first])
        for item in items[first:]:
            if item.kind is Kind.URL:
                draft.add_links(item.links)
            elif not self.add_text(draft, item):
                self.skip(item, "text not understood inside an entry")
        self.current = draft
        self.close()

    def take_heading(self, draft: Draft, before: list[Classified]) -> None:
        """A title (and authors) just before an abstract-only entry's text belong to it."""
        rest = list(before)
        if rest and rest[-1].kind is Kind.AUTHORS:
            draft.authors = split_authors(rest.pop().text)
        if rest and rest[-1].kind is Kind.TEXT and is_title_like(rest[-1].text):
            draft.set_title(rest.pop().text)
        for item in rest:
            self.skip(item, "text before an abstract")


_HANDLERS = {
    Kind.ENTRY: Grouper.on_entry,
    Kind.FIELD: Grouper.on_field,
    Kind.ROW: Grouper.on_row,
    Kind.AUTHORS: Grouper.on_authors,
    Kind.AFFILIATIONS: Grouper.on_affiliations,
    Kind.SUBJECTS: Grouper.on_subjects,
    Kind.URL: Grouper.on_url,
    Kind.TERMINATOR: Grouper.on_terminator,
    Kind.FOOTER: Grouper.on_footer,
    Kind.SECTION: Grouper.on_section,
    Kind.HEADING: Grouper.on_heading,
    Kind.TEXT: Grouper.on_text,
}


def group(items: list[Classified]) -> Grouping:
    """Group a post's classified lines into drafts."""
    return Grouper(items).run()
