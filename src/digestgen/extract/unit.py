"""The fields of one entry, read from its unit's lines: evidence first.

A unit is the lines a record set gave one paper (``segment``), so nothing here decides
where an entry starts or ends. Each line files what it holds by its own evidence: a label
("作者：", "Abstract:") or a column header names the slot; a link goes where its kind
says (arXiv, code host, paper page); an author line, a title-like line and prose are
recognised by their shape; the script of a title or an abstract picks the English or the
Chinese field. Where the evidence leaves a field empty, ``pattern`` fills it from what the
other units of the set agree on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from digestgen.extract.authors import looks_like_authors, looks_like_one_name, split_authors
from digestgen.extract.document import Cell, Line
from digestgen.extract.draft import ABSTRACTS, Draft
from digestgen.extract.lines import Classified, Kind, classify, is_crumb, strip_crumbs
from digestgen.extract.post import find_date
from digestgen.extract.text import (
    emphasized_title,
    ends_sentence,
    is_chinese,
    is_other_cjk,
    is_paragraph,
    is_title_case,
    is_title_like,
    quoted_title,
    word_count,
)
from digestgen.extract.urls import PAPER_KINDS, classify_url

_EMPTY_CELLS = frozenset({"null", "none", "n/a", "-", "—", "", "无", "暂无"})
_UNKNOWN_CJK_LABEL = re.compile(r"^[\s*#【\[]*([\u4e00-\u9fff]{1,8})[\]】*]*\s*[:：]")
_TITLE_ZH_REACH = 4
"""Lines after the English title where its Chinese title may stand."""
_SKIPPED = frozenset({Kind.CHROME, Kind.FOOTER, Kind.LEGEND, Kind.TERMINATOR})


def expand_rows(items: Sequence[Classified]) -> list[Classified]:
    """A table row whose header names no field becomes one line per cell, each judged alone (a
    key/value row, "arXiv | 2406.07388", is already one labelled field)."""
    out: list[Classified] = []
    for item in items:
        if item.line.cells and item.kind not in (Kind.ROW, Kind.FIELD):
            out += [classify(_cell_line(cell, item.line)) for cell in item.line.cells if cell.text or cell.links]
        else:
            out.append(item)
    return out


def _cell_line(cell: Cell, row: Line) -> Line:
    return Line(cell.text, row.lineno, cell.links, gap_before=True, block=row.block)


_COMMENT_WORDS = 6


def _title_sized(text: str) -> bool:
    return len(text) >= _TITLE_ZH_MIN if is_chinese(text) else word_count(text) >= 2


def _plain_heading(text: str) -> bool:
    return is_title_like(text) and not is_paragraph(text) and word_count(text) >= 3


def _names_title(value: str) -> bool:
    """Whether a link label's value is a paper's title rather than an address ("Paper: Title")."""
    return "://" not in value and word_count(value) >= 3 and is_title_like(value) and not is_crumb(value)


def _links_paper(item: Classified) -> bool:
    """Whether an entry's title is a link to the paper (its arXiv or paper page)."""
    return item.style == "link" and any(classify_url(link.href) in PAPER_KINDS for link in item.links)


def _is_plain_title(text: str) -> bool:
    return is_title_like(text) and not is_paragraph(text) and not ends_sentence(text.rstrip("?？"))


_TITLE_ZH_MIN = 5
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")


def _is_timestamp(text: str) -> bool:
    """A line that stamps a time ("replaced with revised version Wed, 15 Mar 2023 18:05:58 GMT")."""
    return not is_paragraph(text) and _CLOCK.search(text) is not None and find_date(text) is not None


_HANDLES = re.compile(r"(?:^|\s)@[\w.-]{1,40}(?=\s|$)")
"""A user's handle (an @mention): who posted or volunteered, never an author as printed."""
_BY_NAMES = re.compile(r"[\s,]*by\s+([^.()\[\]:：]{3,300}?)\s*(?:[.(\[:：]|$)")
_OPENING_QUOTE = re.compile(r"^[\"“]([^\"“”\n]{8,300})[\"”]\s+by\s")


def _opening_quote(text: str) -> str | None:
    """The title a line opens with in quotes before "by" and its authors ('"Title" by A & B.')."""
    match = _OPENING_QUOTE.match(text)
    return match.group(1) if match else None


_TRAILING_NAMES = re.compile(r"\s[(（]([^()（）]{3,300})[)）]$")


def _title_and_names(text: str) -> tuple[str, str]:
    """(title, names) of a title printed with its authors in brackets after it; (text, "") otherwise."""
    names = _TRAILING_NAMES.search(text) if text.endswith((")", "）")) else None
    if names and looks_like_authors(names.group(1)) and is_title_like(text[: names.start()]):
        return text[: names.start()].rstrip(), names.group(1)
    return text, ""


_SENTENCE_END = re.compile(r"(?<=[^\s.])\.\s+(?=\S)")
_BYLINE_MAX = 400
_VENUE_MAX_WORDS = 8
_VENUE_HINT = re.compile(
    r"\b(?:(?:19|20)\d{2}|arxiv|preprint|proceedings|conference|journal|workshop|usenix|acl|emnlp|neurips|"
    r"icml|iclr|cvpr|iccv|eccv|aaai|ijcai|sigir|kdd|tmlr|jmlr)\b",
    re.IGNORECASE,
)


def _byline(text: str) -> tuple[str, str]:
    """(names, rest) of the words after a linked title when they open with the authors and a full
    stop ("Sara Lindholm, Arjun Mehta, and Claire Dubois. arXiv, Aug 2024. The audit …")."""
    for stop in _SENTENCE_END.finditer(text, 0, _BYLINE_MAX):
        at = stop.start()
        if text[at - 1].isupper() and (at < 2 or not text[at - 2].isalpha()):
            continue  # an initial's full stop ("A. Smith")
        prefix = text[:at]
        if looks_like_authors(prefix) or looks_like_one_name(prefix):
            return prefix, text[stop.end() :]
    return "", text


def _without_venue(text: str) -> str:
    """The text without a short venue sentence that opens it ("arXiv, Aug 2024. The audit …")."""
    stop = _SENTENCE_END.search(text, 0, 200)
    head = text[: stop.start()] if stop else text.rstrip(".")
    if word_count(head) <= _VENUE_MAX_WORDS and _VENUE_HINT.search(head):
        return text[stop.end() :] if stop else ""
    return text


def _is_comment(text: str) -> bool:
    """Whether what follows a linked title is a sentence about the paper (a blurb)."""
    return is_paragraph(text) or (ends_sentence(text) and word_count(text) >= _COMMENT_WORDS)


class UnitReader:
    """Fills one Draft from the classified lines of one unit, top to bottom."""

    def __init__(
        self, items: Sequence[Classified], defaults: tuple[str, ...], set_labels: frozenset[str] = frozenset()
    ) -> None:
        self.items = expand_rows(items)
        self.set_labels = set_labels
        """Labels of no known field that several units of the set print: their lines are skipped."""
        lineno = items[0].line.lineno if items else 0
        self.draft = Draft(lineno, default_subjects=defaults)
        self.title_line: int | None = None
        """Index (in the unit) of the line the title came from."""
        self.author_line: int | None = None
        self.guessed = False
        """Whether the title is only a guess from a plain line of text (a linked title replaces it)."""

    def read(self) -> Draft:
        for index, item in enumerate(self.items):
            self.step(index, item)
        return self.draft

    def step(self, index: int, item: Classified) -> None:
        draft = self.draft
        if draft.open_slot and self.fills_open_slot(item):
            return
        if item.kind in _SKIPPED:
            if item.kind is Kind.TERMINATOR:
                draft.last = ""
            return
        handler = getattr(self, "on_" + item.kind.name.lower())
        handler(index, item)

    def fills_open_slot(self, item: Classified) -> bool:
        draft = self.draft
        if item.kind not in (Kind.TEXT, Kind.URL, Kind.AUTHORS, Kind.AFFILIATIONS, Kind.SUBJECTS, Kind.SECTION):
            draft.open_slot = ""
            return False
        slot = draft.open_slot
        if slot == "abstract" and draft.last in ABSTRACTS and item.line.gap_before and not is_paragraph(item.text):
            draft.open_slot = ""
            return False
        text = item.line.text if item.kind is Kind.AFFILIATIONS else item.text
        draft.fill(slot, text, item.links, gap=item.line.gap_before)
        if slot != "abstract":
            draft.open_slot = ""
        return True

    # one handler per kind of line --------------------------------------------------

    def on_entry(self, index: int, item: Classified) -> None:
        draft = self.draft
        if self.guessed and _links_paper(item) and not (draft.abstract or draft.abstract_zh):
            self._drop_guess()  # "Starting with a tabular one." above the linked "Title" of a preview
        if (draft.title and draft.title_zh) or (self.title_line is not None and not self.second_title(item.text)):
            self.on_text(index, item)
            return
        if self._remark_above_title(index, item.text):  # "5/ Cross-embodiment is everywhere this week." / "Title"
            draft.style = draft.style or item.style
            draft.add_links(item.links)
            return
        self.take_title(index, item.text)
        draft.number = draft.number if draft.number is not None else item.number
        draft.style = draft.style or item.style
        draft.subjects.extend(s for s in item.subjects if s not in draft.subjects)
        draft.add_links(item.links)
        tail = _HANDLES.sub("", item.tail).removeprefix("by ").strip()  # "— Amir Haddad, Lucia Ferrer @lferrer"
        if tail and not draft.authors and (looks_like_authors(tail) or looks_like_one_name(tail)):
            draft.authors = split_authors(tail)
            self.author_line = index
            return
        names, rest = _byline(tail) if tail and not draft.authors else ("", tail)
        if names:  # "[Title](abs) by A, B, and C. arXiv, Aug 2024. The audit lower bounds are …"
            draft.authors = split_authors(names)
            self.author_line = index
            rest = _without_venue(rest)
        if rest and _is_comment(rest):  # "[**Title.**](link) The blogger's comment …"
            draft.add_abstract(rest)

    def _remark_above_title(self, index: int, text: str) -> bool:
        """Whether an entry's opening line is a remark (a sentence, not capitalised as a title is)
        and the next line is the title."""
        if is_chinese(text) or not ends_sentence(text) or is_title_case(text) or index + 1 >= len(self.items):
            return False
        after = self.items[index + 1]
        return after.kind is Kind.TEXT and is_title_case(after.text) and is_title_like(strip_crumbs(after.text))

    def _drop_guess(self) -> None:
        assert self.title_line is not None
        guess = self.items[self.title_line].text
        if is_chinese(guess):
            self.draft.title_zh = None
        else:
            self.draft.title = None
        self.title_line, self.guessed = None, False

    def _other_language_title(self, index: int, text: str) -> bool:
        """Whether the line right after the title gives the title in the other language."""
        if self.title_line is None or index != self.title_line + 1 or self.draft.abstract or self.draft.abstract_zh:
            return False
        title = self.items[self.title_line].text
        return is_chinese(text) != is_chinese(title) and self.second_title(text) and _is_plain_title(text)

    def second_title(self, text: str) -> bool:
        """Whether a further title line gives the title's other language (a bilingual pair); a
        numbered word or two ("2. 要点") is a heading of the notes, not a title."""
        draft = self.draft
        if is_chinese(text):
            return not draft.title_zh and word_count(text) >= _TITLE_ZH_MIN
        return not draft.title

    def take_title(self, index: int, text: str) -> bool:
        """Take the line as the title unless it is only ids and link labels; whether it was taken.
        A sentence that quotes a title gives the quoted title."""
        if not text or is_crumb(text) or find_date(text):  # "每日学术速递 2024.03.11" is the post's heading
            return False
        quoted = quoted_title(text) or _opening_quote(text)
        if quoted:
            by = _BY_NAMES.match(text, text.find(quoted) + len(quoted) + 1)
            if by and not self.draft.authors and looks_like_authors(by.group(1)):
                self.draft.authors = split_authors(by.group(1))  # '"Title" by Ann Lee & Bo Chen.'
                self.author_line = index
        text, names = _title_and_names(quoted or text)
        if names and not self.draft.authors:  # "Action Tokenizers for Robots (Priyanka Nair, Lars Eriksen et al.)"
            self.draft.authors = split_authors(names)
            self.author_line = index
        self.draft.set_title(text)
        if self.title_line is None:
            self.title_line = index
        return True

    def on_field(self, index: int, item: Classified) -> None:
        draft = self.draft
        if item.slot in ("title", "title_zh", "title_en") and draft.title_slot_taken(item.text, item.slot):
            return
        if item.slot == "skip":  # "Date: … | arXiv: [id](…)": the value is not kept, its links are
            draft.add_links(item.links)
            return
        if item.slot == "authors" and draft.authors:
            return
        if (
            self.guessed
            and item.slot == "link"
            and _names_title(item.text)
            and not (draft.abstract or draft.abstract_zh)
        ):
            self._drop_guess()  # "Paper: Rewiring with Curvature Flows …" under a session's heading
        draft.fill(item.slot, item.text, item.links, gap=item.line.gap_before)
        if item.slot in ("title", "title_zh", "title_en") and self.title_line is None:
            self.title_line = index
        if item.slot == "authors":
            self.author_line = index
        if not item.text and not item.links:
            draft.open_slot = item.slot

    def on_row(self, index: int, item: Classified) -> None:
        draft = self.draft
        rest: list[Classified] = []
        for slot, cell in item.fields:
            if cell.lines and slot in ("title", "title_zh", "title_en", "abstract"):
                # A cell of several lines: its first is the field, the others are judged alone.
                draft.fill(slot, cell.lines[0], cell.links)
                rest += [classify(Line(text, item.line.lineno, gap_before=True)) for text in cell.lines[1:]]
            elif cell.text.casefold() not in _EMPTY_CELLS:
                if slot == "authors" and draft.authors:
                    continue
                draft.fill(slot, cell.text, cell.links)
            elif cell.links:
                draft.add_links(cell.links, slot)
        named = {id(cell) for _, cell in item.fields}
        for cell in item.line.cells:  # cells under no known header: their links still count
            if id(cell) not in named:
                draft.add_links(cell.links)
        if self.title_line is None and (draft.title or draft.title_zh):
            self.title_line = index
        for extra in rest:
            self.step(index, extra)

    def on_authors(self, index: int, item: Classified) -> None:
        draft = self.draft
        if not draft.authors and not (draft.abstract or draft.abstract_zh):
            draft.authors = split_authors(item.text)
            draft.add_links(item.links)  # "Ann Lee, Bo Chen [arXiv]": the entry's own links, not a citation
            draft.last = "authors"
            self.author_line = index
        else:
            self.on_text(index, item)

    def on_affiliations(self, index: int, item: Classified) -> None:
        self.draft.fill("affiliations", item.text, ())

    def on_subjects(self, index: int, item: Classified) -> None:
        self.draft.subjects.extend(s for s in item.subjects if s not in self.draft.subjects)

    def on_url(self, index: int, item: Classified) -> None:
        self.draft.add_links(item.links)

    def on_section(self, index: int, item: Classified) -> None:
        headline = item.text.rstrip(":： ")
        opens = not any(other.kind not in _SKIPPED for other in self.items[:index])
        if opens and self.title_line is None and is_title_like(headline) and self.take_title(index, headline):
            return  # "Robots get a (crude) sense of touch:" opening the entry: its headline
        self.on_heading(index, item)

    def on_heading(self, index: int, item: Classified) -> None:
        draft = self.draft
        started = bool(draft.abstract or draft.abstract_zh or draft.authors)
        guess_is_text = self.guessed and self.items[self.title_line or 0].kind is Kind.TEXT
        if guess_is_text and item.line.heading and not started and _plain_heading(item.text):
            self._drop_guess()  # "CoRL 2025 · Oral" above the paper's own heading
        titled = self.title_line is None or self.second_title(item.text)
        if titled and is_title_like(item.text) and not is_paragraph(item.text) and self.take_title(index, item.text):
            self.draft.add_links(item.links)
            # A heading without a link of its own may name the session, not the paper ("Week 1: …").
            self.guessed = self.guessed or not item.links
            return
        self.on_text(index, item)

    def on_text(self, index: int, item: Classified) -> None:
        draft = self.draft
        text = item.text
        if self.title_line is not None and text == self.items[self.title_line].text:
            return  # the title printed again (a page's heading and its article's)
        bare_title = _title_and_names(text)[0]
        # A guessed title has a title's words: never a lone word or letter (an avatar's "A").
        plain = is_title_like(bare_title) and not is_paragraph(bare_title) and _title_sized(bare_title)
        named = emphasized_title(text, item.line.emphasis)  # "the TMLR version of **Title** by …"
        titled = self.title_line is None and (plain or quoted_title(text) is not None or named is not None)
        continues = draft.last in ABSTRACTS and not item.line.gap_before  # the paragraph's next line
        if titled and not continues and not self._wraps_on(index) and self.take_title(index, named or text):
            draft.add_links(item.links)
            self.guessed = item.kind is Kind.TEXT and not item.line.strong
            by = _BY_NAMES.match(text, text.find(named) + len(named)) if named else None
            if by and not draft.authors and looks_like_authors(by.group(1).rstrip(":： ")):
                draft.authors = split_authors(by.group(1).rstrip(":： "))  # "**Title** by Ann Lee and Bo Chen:"
                self.author_line = index
            if not plain:  # a sentence that quotes the title is the entry's blurb as well
                self.place_text(text, item.line.gap_before, index)
            return
        if self._other_language_title(index, text):
            draft.set_title(text)  # "中文标题" then "English Title" on the next line
            return
        if self.place_text(text, item.line.gap_before, index):
            draft.add_links(item.links, "text")
        else:
            draft.add_links(item.links)

    def _runs_on(self, index: int) -> bool:
        """Whether the next line is more text of the same paragraph (no gap between them)."""
        if index + 1 >= len(self.items):
            return False
        after = self.items[index + 1]
        return after.kind is Kind.TEXT and not after.line.gap_before

    def _wraps_on(self, index: int) -> bool:
        """Whether the line is hard-wrapped prose: its sentence runs on into the next line, which
        opens with a lower-case word ("Berkeley researchers trained a robot hand in" / "simulation …")."""
        return self._runs_on(index) and self.items[index + 1].text[:1].islower()

    def place_text(self, text: str, gap: bool, index: int) -> bool:
        draft = self.draft
        label = _UNKNOWN_CJK_LABEL.match(text)
        if label and label.group(1) in self.set_labels:
            return False  # "主要亮点：…" in every unit: a field this schema does not keep, never a title or abstract
        if is_other_cjk(text):
            return False  # a Japanese or Korean summary has no field of its own
        chinese = is_chinese(text)
        slot = "abstract_zh" if chinese else "abstract"
        # A short first line of a hard-wrapped paragraph is the paragraph's, like its other lines.
        if draft.last == slot and (is_paragraph(text) or not gap or self._runs_on(index)):
            draft.add_abstract(text, gap=gap)
            return True
        near_title = self.title_line is not None and index - self.title_line <= _TITLE_ZH_REACH
        first_words = not (draft.title_zh or draft.abstract or draft.abstract_zh)
        if chinese and near_title and draft.title and first_words and draft.split_title_summary(text):
            return True
        if not getattr(draft, slot) and (is_paragraph(text) or (word_count(text) >= 8 and not _is_timestamp(text))):
            draft.add_abstract(text, gap=gap)
            return True
        return False


def unknown_label(text: str) -> str | None:
    """The label of a line opening with a short Chinese label this schema does not know ("主要亮点：")."""
    match = _UNKNOWN_CJK_LABEL.match(text)
    return match.group(1) if match else None


def read_unit(
    items: Sequence[Classified], defaults: tuple[str, ...], set_labels: frozenset[str] = frozenset()
) -> UnitReader:
    """The reader of one unit, after reading it (its draft, and where its title and authors were)."""
    reader = UnitReader(items, defaults, set_labels)
    reader.read()
    return reader
