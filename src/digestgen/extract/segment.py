"""Where the entries are: record sets found from the post's own repetition.

A digest repeats one shape per paper. Candidate record sets are made from the block tree
and the classified lines: the rows of a table, the items of a list, sibling blocks of one
signature (HTML cards), groups of siblings repeating one sequence of signatures (a heading
then a paragraph, ``dt`` then ``dd``), sections under headings of one level, and runs of
lines opened by one repeated start (a numbering style, a tag, a linked title, one label,
a separator line). Each candidate is scored by how paper-like its units are (an id or paper
link, a title, an author line, an abstract, labels) and how alike (the same features); the
best candidates win, each in the lines it covers, so that sets nest (a table per section)
and a weaker candidate over the same lines (a table of contents, a section holding a
whole table) loses.

Everything here is linear in the post's lines times the depth of its tree: features are
counted once per line and summed over a unit with prefix sums.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

from digestgen.arxiv import find_arxiv_ids, normalize_arxiv
from digestgen.extract.document import Block, Document, Link
from digestgen.extract.lines import VENUE_YEAR, Classified, Kind, is_crumb, strip_crumbs
from digestgen.extract.post import find_date
from digestgen.extract.text import (
    emphasized_title,
    is_chinese,
    is_paragraph,
    is_title_case,
    is_title_like,
    normalize_key,
    quoted_title,
    word_count,
)
from digestgen.extract.urls import LinkKind, classify_url, is_web_url

MIN_UNITS = 2
"""A record set repeats: fewer units than this is not a set (one-paper posts are read apart)."""
ACCEPT_MEAN = 0.42
"""A set is kept when its units' mean paper-likeness reaches this (a nav menu or a list of
topics scores well below, a list of linked paper titles just above)."""
MAX_DEPTH = 64
"""Blocks deeper than this are not candidates (hostile nesting; no digest is this deep)."""
_TITLE_LOOKAHEAD = 3
"""A unit's title is among its first lines."""
_WEIGHTS = {
    "id": 0.35,
    "title": 0.3,
    "authors": 0.15,
    "abstract": 0.2,
    "labels": 0.1,
    "linked": 0.12,
    "terminated": 0.3,
}
"""What each kind of evidence adds to a unit's paper-likeness."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One entry's lines, ``start`` to ``end`` (indexes into the post's lines), and how paper-like they are."""

    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class RecordSet:
    """Units of one repeated shape: a candidate, or one the post was read by."""

    kind: str
    """"rows", "items", "siblings", "groups", "sections", "starts", "labels", "separators", "single"."""
    units: tuple[Unit, ...]
    score: float
    alike: float
    """Share of units with the set's most common shape of features (0-1)."""

    @property
    def mean(self) -> float:
        return sum(u.score for u in self.units) / len(self.units) if self.units else 0.0


_METADATA_SLOTS = frozenset({"skip", "note", "link", "code", "subjects", "tags"})
"""Slots of labelled lines an entry may print above its title without them hiding it."""


class Features:
    """Per-line evidence, summed over any span of lines in constant time."""

    def __init__(self, items: Sequence[Classified]) -> None:
        self.items = items
        ids = [_line_id(item) for item in items]
        previous: str | None = None
        new_id: list[int] = []
        for found in ids:
            new_id.append(int(found is not None and found != previous))
            previous = found or previous
        self.ids = ids
        self.titles = [_is_title(item) for item in items]
        """Whether each line can be an entry's title (judged once: units ask again and again)."""
        prose = _prose_lines(items)
        # A paper link inside running prose cites a paper in passing; it is no evidence of an entry.
        # A sentence that quotes a title names the paper it links ('Mine is "A Title Here" — arXiv').
        paper = [
            int(
                (found is not None or _has_paper_link(item))
                and not (prose[i] and item.kind is Kind.TEXT and not self.titles[i])
            )
            for i, (item, found) in enumerate(zip(items, ids, strict=True))
        ]
        self._sums = {
            "id": _prefix(new_id),
            "paper": _prefix(paper),
            "authors": _prefix(int(_is_authors(item)) for item in items),
            "abstract": _prefix(prose),
            "label": _prefix(int(item.kind is Kind.FIELD and item.slot != "skip") for item in items),
            "start": _prefix(int(_opens_paper(item, title)) for item, title in zip(items, self.titles, strict=True)),
            "content": _prefix(int(item.kind not in _NOT_CONTENT) for item in items),
            "footer": _prefix(int(item.kind is Kind.FOOTER) for item in items),
        }
        self._first_title = _first_titles(items, self.titles)
        # Candidate sets share units, and choose remakes sets from the units left free: each
        # span is scored once. The answers depend on the span alone.
        self._scores: dict[tuple[int, int], float] = {}
        self._strong: dict[tuple[int, int], bool] = {}
        self._linked: dict[int, bool] = {}

    def after_heading(self, start: int, end: int) -> int:
        """``start``, or the line after the last heading in ``start``-``end``: a window stops at a heading."""
        for index in range(end - 1, start - 1, -1):
            if self.items[index].line.heading:
                return index + 1
        return start

    def before_heading(self, start: int, end: int) -> int:
        """``end``, or the first heading after ``start``."""
        return next((i for i in range(start + 1, end) if self.items[i].line.heading), end)

    def before_footer(self, start: int, end: int) -> int:
        """``end``, or the first page-footer line after ``start`` ("点赞", "Related posts"): an entry stops there."""
        if not self.count("footer", start + 1, end):
            return end
        return next(i for i in range(start + 1, end) if self.items[i].kind is Kind.FOOTER)

    def count(self, name: str, start: int, end: int) -> int:
        sums = self._sums[name]
        return sums[end] - sums[start]

    def title_at(self, start: int, end: int) -> tuple[bool, bool]:
        """(a title among the unit's first lines, that title is a link's text)."""
        index = self._title_index(start, end)
        return (False, False) if index is None else (True, self.linked(index))

    def linked(self, index: int) -> bool:
        """``_linked`` of line ``index``, judged once."""
        found = self._linked.get(index)
        if found is None:
            found = self._linked[index] = _linked(self.items[index])
        return found

    def title_text(self, start: int, end: int) -> str | None:
        index = self._title_index(start, end)
        return None if index is None else self.items[index].text

    def _title_index(self, start: int, end: int) -> int | None:
        """The first title among the first ``_TITLE_LOOKAHEAD`` content lines of the span, if any."""
        index = self._first_title[start] if start < len(self.items) else -1
        return index if 0 <= index < end else None

    def shape(self, start: int, end: int) -> tuple[bool, ...]:
        titled, _ = self.title_at(start, end)
        return (
            self.count("paper", start, end) > 0,
            titled,
            self.count("authors", start, end) > 0,
            self.count("abstract", start, end) > 0,
        )

    def strong(self, start: int, end: int) -> bool:
        """Whether the span shows more than a title and prose: a paper link, authors, a label, a linked title."""
        found = self._strong.get((start, end))
        if found is None:
            found = self._strong[start, end] = self._is_strong(start, end)
        return found

    def _is_strong(self, start: int, end: int) -> bool:
        if self.count("paper", start, end) or self.count("authors", start, end) or self.count("label", start, end):
            return True
        index = self._title_index(start, end)
        if index is not None and (self.linked(index) or _cites_venue(self.items[index].text)):
            return True
        return self.items[end - 1].kind is Kind.TERMINATOR

    def evidence(self, start: int, end: int) -> float:
        """Paper evidence in a span other than a title (an id or paper link, authors, an abstract)."""
        if end <= start:
            return 0.0
        return (
            _WEIGHTS["id"] * (self.count("paper", start, end) > 0)
            + _WEIGHTS["authors"] * (self.count("authors", start, end) > 0)
            + _WEIGHTS["abstract"] * (self.count("abstract", start, end) > 0)
        )

    def score(self, start: int, end: int) -> float:
        """How paper-like lines ``start`` to ``end`` are, as one entry: about 0 to 1.2."""
        found = self._scores.get((start, end))
        if found is None:
            found = self._scores[start, end] = self._score(start, end)
        return found

    def _score(self, start: int, end: int) -> float:
        if self.count("content", start, end) == 0:
            return 0.0
        titled, linked = self.title_at(start, end)
        labels = min(self.count("label", start, end), 3) / 3
        value = (
            _WEIGHTS["id"] * (self.count("paper", start, end) > 0)
            + _WEIGHTS["title"] * titled
            + _WEIGHTS["linked"] * linked
            + _WEIGHTS["authors"] * (self.count("authors", start, end) > 0)
            + _WEIGHTS["abstract"] * (self.count("abstract", start, end) > 0)
            + _WEIGHTS["labels"] * labels
        )
        if self.items[end - 1].kind is Kind.TERMINATOR:  # "translated by …" closes one paper's abstract
            value += _WEIGHTS["terminated"]
        # A unit holding several papers (several ids, several entry starts) is not one entry.
        # A heading that opens no entry of its own ("2024-09-05 Kick-off") heads the one inside it.
        headed = bool(self.items[start].line.heading) and not self.count("start", start, start + 1)
        many = max(self.count("id", start, end), self.count("start", start + 1, end) + (not headed))
        return value / many if many > 1 else value


_NOT_CONTENT = frozenset({Kind.CHROME, Kind.FOOTER, Kind.LEGEND, Kind.TERMINATOR})


def _prefix(values: Iterable[int]) -> list[int]:
    return [0, *accumulate(values)]


def _first_titles(items: Sequence[Classified], titles: Sequence[bool]) -> list[int]:
    """For each line, the first title (-1 if none) among the ``_TITLE_LOOKAHEAD`` content lines
    from it on: one pass from the end, so that every unit's title is found in constant time.

    ``within[k][i]`` is that title when only ``k + 1`` content lines may be looked at.
    """
    total = len(items)
    within = [[-1] * (total + 1) for _ in range(_TITLE_LOOKAHEAD)]
    for index in range(total - 1, -1, -1):
        item = items[index]
        # "Presenter: Lena", "Date: …" above the title: the entry's metadata, looked past like chrome.
        metadata = item.kind is Kind.FIELD and item.slot in _METADATA_SLOTS
        content = item.kind not in _NOT_CONTENT and not metadata
        for k in range(_TITLE_LOOKAHEAD):
            if not content:
                within[k][index] = within[k][index + 1]
            elif titles[index]:
                within[k][index] = index
            elif k:
                within[k][index] = within[k - 1][index + 1]
    return within[-1]


def _links(item: Classified) -> Iterable[Link]:
    """The line's links, and for a table row those of its cells."""
    yield from item.links
    for cell in item.line.cells:
        yield from cell.links


def _line_id(item: Classified) -> str | None:
    for link in _links(item):
        if classify_url(link.href) is LinkKind.ARXIV:
            found = normalize_arxiv(link.href)
            if found:
                return found
    if "." in item.line.text or "/" in item.line.text:
        ids = find_arxiv_ids(item.line.text)
        if ids:
            return ids[0]
    return None


def _has_paper_link(item: Classified) -> bool:
    return any(classify_url(link.href) is LinkKind.PAPER for link in _links(item))


def _is_authors(item: Classified) -> bool:
    if item.kind is Kind.ROW:
        return any(slot == "authors" and cell.text for slot, cell in item.fields)
    return item.kind is Kind.AUTHORS or (item.kind is Kind.FIELD and item.slot == "authors") or bool(item.tail)


_PROSE_WORDS = 25
"""Words: a run of text lines this long, with a sentence in it, is prose (an abstract, a summary)."""


def _prose_lines(items: Sequence[Classified]) -> list[int]:
    """1 for each line that is prose: a labelled abstract, or part of a run of text lines that reads as a paragraph.

    Hard-wrapped text (a mailing, a Markdown source) gives one line per source line, so
    the run of lines between gaps is judged, not each line alone.
    """
    marks = [0] * len(items)
    run_start, words, sentence = 0, 0, False
    for index in range(len(items) + 1):
        item = items[index] if index < len(items) else None
        continues = item is not None and item.kind is Kind.TEXT and not item.line.gap_before and index > run_start
        if not continues:
            if words >= _PROSE_WORDS and sentence:
                marks[run_start:index] = [1] * (index - run_start)
            if item is None:
                break
            run_start, words, sentence = index, 0, False
            if item.kind is Kind.FIELD:
                marks[index] = int(item.slot == "abstract")
            if item.kind not in (Kind.TEXT, Kind.HEADING):
                run_start = index + 1
                continue
        assert item is not None  # the loop broke at the end
        words += word_count(item.text)
        sentence = sentence or is_paragraph(item.text) or ". " in item.text or item.text.endswith((".", "。"))
    return marks


def _is_title(item: Classified) -> bool:
    if item.kind is Kind.FIELD:
        return item.slot in ("title", "title_zh", "title_en") and bool(item.text)
    if item.kind is Kind.ROW:
        return any(slot in ("title", "title_zh", "title_en") for slot, _ in item.fields)
    if item.kind not in (Kind.ENTRY, Kind.HEADING, Kind.TEXT, Kind.SECTION):
        return False
    text = item.text
    if item.kind is Kind.TEXT and (quoted_title(text) or emphasized_title(text, item.line.emphasis)):
        return True  # 'Mine this week is "A Title of Four Words" (Kim, Liu)'
    if not is_title_like(text) or is_paragraph(text) or is_crumb(text) or find_date(text):
        return False
    return word_count(text) >= (6 if is_chinese(text) else 3) or (item.kind is Kind.ENTRY and word_count(text) >= 1)


_PAPER_START_WORDS = 4


def _opens_paper(item: Classified, title: bool) -> bool:
    """An entry start that names a paper: a table row, or a numbered or linked line with a title's length.
    ``title`` is whether the line can be a title (``_is_title``, judged once)."""
    if item.kind is Kind.ROW:
        return True
    if item.kind is not Kind.ENTRY or not title:
        return False
    words = word_count(item.text)
    return (words / 2 if is_chinese(item.text) else words) >= _PAPER_START_WORDS


_BRACKETED_TAIL = re.compile(r"[\[(（【]([^\[\]()（）【】]{2,30})[\])）】]\s*$")


def _cites_venue(text: str) -> bool:
    """Whether a title line ends with its venue and year ("… [KDD '24]", "… (CVPR 2024)")."""
    match = _BRACKETED_TAIL.search(text)
    return match is not None and VENUE_YEAR.match(match.group(1).strip()) is not None


def _linked(item: Classified) -> bool:
    """Whether the title is the text of a link out of the page: most of the line is the link's
    own words (not a URL, not an anchor of the page itself)."""
    text = item.text.strip()
    for link in item.line.links:
        label = link.text.strip()
        # A link to a place in a page ("#intro", "CATEGORIES.md#Agent") is navigation.
        if len(label) <= 8 or "#" in link.href or is_web_url(label) or label not in text:
            continue
        if len(label) * 2 >= len(text):
            return True
    return False


# candidates -------------------------------------------------------------------------


def candidates(document: Document, items: Sequence[Classified], features: Features) -> list[RecordSet]:
    """Every candidate record set of the post."""
    spans: list[tuple[str, list[tuple[int, int]]]] = []
    spans += _sibling_sets(document.blocks)
    spans += _items_across_lists(document.blocks)
    spans += _section_sets(document, items)
    spans += _start_sets(items, document.blocks)
    spans += _separator_sets(items)
    found = []
    for kind, units in spans:
        if kind == "sections":
            units = [(_past_name(s, e, items, features), e) for s, e in units]
        record_set = make_set(kind, units, features)
        if record_set is not None:
            found.append(record_set)
    return found


def _past_name(start: int, end: int, items: Sequence[Classified], features: Features) -> int:
    """Where a section's entry opens: after its heading when the heading only names the section
    ("Reading list") and a numbered or labelled title follows it."""
    heading = items[start]
    if features.titles[start] or heading.links or features.ids[start]:
        return start
    index = features._title_index(start + 1, end)
    if index is not None and items[index].kind in (Kind.ENTRY, Kind.FIELD):
        return start + 1
    return start


def make_set(kind: str, spans: Sequence[tuple[int, int]], features: Features) -> RecordSet | None:
    """A scored record set of the given spans (units without content dropped), or None."""
    spans = [(s, features.before_footer(s, e)) for s, e in spans]
    units = tuple(Unit(s, e, features.score(s, e)) for s, e in spans if e > s)
    units = _split_papers_joined(tuple(u for u in units if features.count("content", u.start, u.end)), features)
    if not units or (len(units) < MIN_UNITS and kind not in _ALONE):
        return None
    shapes = Counter(features.shape(u.start, u.end) for u in units)
    alike = shapes.most_common(1)[0][1] / len(units) if units else 0.0
    shape = (0.5 + 0.5 * alike) * _whole(units, features)
    score = sum(u.score for u in units) * shape * (1 - _orphans(units, features))
    if kind == "siblings":
        score *= 1 - _halves(units, features)
    return RecordSet(kind, units, score, alike)


_HALVES_MAX = 0.5


def _halves(units: Sequence[Unit], features: Features) -> float:
    """Share of the units showing a paper that the next unit completes: a summary and nothing else
    right after (an entry's header paragraph, then its summary paragraph, each a unit of the set)."""
    papers = [bool(features.count("paper", u.start, u.end)) for u in units]
    halves = sum(papers[i - 1] and _only_summary(units[i], features) for i in range(1, len(units)))
    return halves / max(1, sum(papers))


def _only_summary(unit: Unit, features: Features) -> bool:
    """Whether the unit holds a summary and nothing else of a paper: prose without evidence, or
    a labelled summary without a link, authors or title."""
    start, end = unit.start, unit.end
    if not features.count("abstract", start, end) or features.count("paper", start, end):
        return False
    if not features.strong(start, end):
        return True
    return not features.count("authors", start, end) and not features.title_at(start, end)[0]


def _whole(units: Sequence[Unit], features: Features) -> float:
    """0.5 to 1: how many of the units that show paper evidence also have a title. A set whose
    units are pieces of entries (the title block, the links line "Paper | Code", each a unit)
    scores as many units, but half of its evident units have no title, as whole entries do."""
    evident = [u for u in units if features.strong(u.start, u.end)]
    if not evident:
        return 1.0
    titled = sum(features.title_at(u.start, u.end)[0] for u in evident) / len(evident)
    return 0.5 + 0.5 * titled


def _orphans(units: Sequence[Unit], features: Features) -> float:
    """How much paper evidence lies just before the first unit or just after the last (0-0.7).

    A set cut out of step with the post's entries (units opening at each paper's author line)
    leaves the first paper's id and title before its first unit, or the last paper's rest
    after its last one; a set in step leaves only the post's prelude and footer there.
    """
    if not units:
        return 0.0
    lengths = sorted(u.end - u.start for u in units)
    window = lengths[len(lengths) // 2]
    start, end = units[0].start, units[-1].end
    before = features.evidence(features.after_heading(max(0, start - window), start), start)
    after = features.evidence(end, features.before_heading(end, min(len(features.items), end + window)))
    return max(before, after)


_ID_SCAN = 400
"""Lines of a unit searched for the ids it shares with its neighbour."""


def _split_papers_joined(units: tuple[Unit, ...], features: Features) -> tuple[Unit, ...]:
    """A unit that gives the same arXiv id as the unit before it is the rest of that paper: it scores nothing."""
    out = []
    previous: set[str] = set()
    for unit in units:
        ids = {i for i in features.ids[unit.start : min(unit.end, unit.start + _ID_SCAN)] if i}
        out.append(Unit(unit.start, unit.end, 0.0) if ids & previous else unit)
        previous = ids
    return tuple(out)


def _children(blocks: Sequence[Block]) -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    depth = [0] * len(blocks)
    for index, block in enumerate(blocks):
        if block.parent >= 0:
            depth[index] = depth[block.parent] + 1
            if depth[index] <= MAX_DEPTH:
                children[block.parent].append(index)
    return children


_SET_KIND = {"row": "rows", "item": "items"}
_ALONE = frozenset({"single", "starts", "labels", "sections"})
"""Kinds of set that may hold one unit: a post of one paper opened by a numbered or labelled title."""
SINGLE_MIN_SCORE = 0.75
"""A one-unit set is kept only when its unit reads this much like a paper."""


def _sibling_sets(blocks: Sequence[Block]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Children of one block with one signature; and runs of children repeating a sequence of signatures."""
    found: list[tuple[str, list[tuple[int, int]]]] = []
    for kids in _children(blocks).values():
        by_sig: dict[str, list[int]] = defaultdict(list)
        for kid in kids:
            by_sig[blocks[kid].sig].append(kid)
        for members in by_sig.values():
            # A heading alone is not an entry: its section is (see _section_sets).
            if len(members) >= MIN_UNITS and blocks[members[0]].kind != "heading":
                kind = _SET_KIND.get(blocks[members[0]].kind, "siblings")
                found.append((kind, [(blocks[k].start, blocks[k].end) for k in members]))
        found += _periodic_groups(blocks, kids)
    return found


def _items_across_lists(blocks: Sequence[Block]) -> list[tuple[str, list[tuple[int, int]]]]:
    """The items of every list of one shape at one depth, across the post: a curated list keeps
    a list per topic section, and its entries are the items of them all."""
    depth = [0] * len(blocks)
    lists: dict[tuple[str, int], list[int]] = defaultdict(list)
    for index, block in enumerate(blocks):
        if block.parent >= 0:
            depth[index] = depth[block.parent] + 1
        if block.kind == "item" and block.parent >= 0 and depth[index] <= MAX_DEPTH:
            lists[(blocks[block.parent].sig, depth[index])].append(index)
    found = []
    for members in lists.values():
        parents = {blocks[k].parent for k in members}
        if len(parents) >= MIN_UNITS and len(members) >= 2 * MIN_UNITS:
            found.append(("items", [(blocks[k].start, blocks[k].end) for k in members]))
    return found


def _periodic_groups(blocks: Sequence[Block], kids: list[int]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Groups of 2-4 consecutive siblings when the children repeat that sequence of signatures."""
    sigs = [blocks[k].sig for k in kids]
    found = []
    for period in (2, 3, 4):
        if len(kids) < 2 * period:
            continue
        for offset in range(period):
            pattern = sigs[offset : offset + period]
            if len(set(pattern)) < 2:
                continue
            groups = []
            index = offset
            while index + period <= len(kids) and sigs[index : index + period] == pattern:
                groups.append((blocks[kids[index]].start, blocks[kids[index + period - 1]].end))
                index += period
            if len(groups) >= MIN_UNITS:
                found.append(("groups", groups))
    return found


def _section_sets(document: Document, items: Sequence[Classified]) -> list[tuple[str, list[tuple[int, int]]]]:
    """For each heading level: sections from each heading to the next heading of that level or above."""
    headings = [(i, item.line.heading) for i, item in enumerate(items) if item.line.heading]
    found = []
    for level in sorted({level for _, level in headings}):
        spans = []
        for position, (index, own) in enumerate(headings):
            if own != level:
                continue
            end = next((i for i, other in headings[position + 1 :] if other <= level), len(items))
            spans.append((index, _within_parent(document, index, end)))
        found.append(("sections", spans))
    return found


def _within_parent(document: Document, index: int, end: int) -> int:
    """``end``, cut at the end of the block that holds the heading's own block (its section's container)."""
    blocks = document.blocks
    if not blocks:
        return end
    block = blocks[document.lines[index].block]
    parent = blocks[block.parent] if block.parent >= 0 else block
    return min(end, parent.end)


def _start_key(item: Classified, blocks: Sequence[Block]) -> str | None:
    """What kind of start opens a unit here: a numbering style, a tag, a linked title, a label."""
    if item.kind is Kind.ENTRY:
        return "entry " + (item.style or "plain")
    if item.kind is Kind.FIELD and item.slot not in ("skip", "note"):
        # Keyed by the label word, not its slot: "arXiv:" opens each entry of a listing whose
        # entries may also hold a "DOI:" line, which fills the same slot.
        return "label " + item.slot + " " + _label_word(item.line.text)
    if item.line.strong and _is_title(item):
        return "strong"
    if item.kind is Kind.URL and (_line_id(item) or _has_paper_link(item)):
        return "paper url"
    return None


_LABEL_END = re.compile(r"[:：】\]]")


def _label_word(text: str) -> str:
    """The label a field line opens with, as a key ("arxiv" of "arXiv: 2303.08867")."""
    match = _LABEL_END.search(text, 0, 40)
    return normalize_key(text[: match.start()].strip("*_#>【[ ")) if match else ""


def _start_sets(items: Sequence[Classified], blocks: Sequence[Block]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Runs of lines, each opened by one kind of start and ending at the next one."""
    starts: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        key = _start_key(item, blocks)
        if key:
            starts[key].append(index)
    # A run also ends where a heading or a section line ("另外几篇值得关注的论文:") begins.
    headings = [i for i, item in enumerate(items) if item.line.heading or item.kind is Kind.SECTION]
    # Where an entry that a label closes may open: a heading or section line, or after a separator.
    bounds = (
        sorted({*headings, *(i + 1 for i, item in enumerate(items) if _is_rule(item))})
        if any(key.startswith("label ") for key in starts)
        else []
    )
    found = []
    for key, indexes in starts.items():
        if key == "paper url":
            indexes = _with_titles_above(indexes, items)
        spans = [
            (start, min(end, _opened_end(start, items, blocks))) for start, end in _runs(indexes, headings, len(items))
        ]
        found.append(("labels" if key.startswith("label") else "starts", spans))
        if key.startswith("label "):
            closing = _closing_label_spans(indexes, items, bounds)
            if closing:
                found.append(("labels", closing))
    return found


_CLOSING_SHARE = 0.75
"""Share of a label's runs that must hold only the label and its links for the label to close entries."""


def _closing_label_spans(indexes: list[int], items: Sequence[Classified], bounds: list[int]) -> list[tuple[int, int]]:
    """Entries that a label line closes ("Read more: <title> (arXiv)." and its URL, after the
    entry's headline and prose), when after nearly every such line and its links comes a
    separator, a heading or the next entry's headline, and text stands before nearly every one.

    Each entry runs back from the label to the last of ``bounds`` (a heading, section line or the
    line after a separator, in order) since the entry before (the headline opens it), else to
    that entry's end.
    """
    if len(indexes) < MIN_UNITS:
        return []
    ends = [_after_links(index, items) for index in indexes]
    bare = sum(end >= len(items) or _opens_block(items[end]) for end in ends)
    if bare < _CLOSING_SHARE * len(indexes):
        return []
    spans = []
    previous_end = 0
    for index, end in zip(indexes, ends, strict=True):
        at = bisect_right(bounds, index) - 1  # the last bound at or before the label
        start = bounds[at] if at >= 0 and bounds[at] >= previous_end else previous_end
        spans.append((start, end))
        previous_end = end
    texts = sum(_has_text(start, index, items) for (start, _), index in zip(spans, indexes, strict=True))
    return spans if texts >= _CLOSING_SHARE * len(indexes) else []


def _after_links(index: int, items: Sequence[Classified]) -> int:
    """The line after a label line and the link lines right under it."""
    end = index + 1
    while end < len(items) and items[end].kind in (Kind.URL, Kind.CHROME) and not _is_rule(items[end]):
        end += 1
    return end


def _has_text(start: int, end: int, items: Sequence[Classified]) -> bool:
    """Whether lines ``start`` to ``end`` hold text (an entry's headline or prose)."""
    return any(items[i].kind in (Kind.TEXT, Kind.HEADING, Kind.SECTION) for i in range(start, end))


def _opens_block(item: Classified) -> bool:
    """Whether the line begins something new: a separator, a heading or headline, the page's footer."""
    return _is_rule(item) or bool(item.line.heading) or item.kind in (Kind.SECTION, Kind.FOOTER)


def _is_rule(item: Classified) -> bool:
    """A separator line: no letter or digit ("***", "#####", "---")."""
    text = item.line.text.strip()
    return bool(text) and len(text) <= _SEPARATOR_MAX and not any(map(str.isalnum, text))


def _with_titles_above(indexes: list[int], items: Sequence[Classified]) -> list[int]:
    """Entries opened by a bare paper URL start a line earlier when a title stands right above
    the URL ("Emergent Abilities of Large Language Models" / "https://arxiv.org/abs/2206.07682")."""
    taken = set(indexes)
    moved = []
    for index in indexes:
        above = index - 1
        if above >= 0 and above not in taken and _title_above_link(items[above]):
            index = above
        moved.append(index)
    return moved


def _title_above_link(item: Classified) -> bool:
    text = strip_crumbs(item.text)  # "[PDF] Title" as a search engine prints it
    return item.kind is Kind.TEXT and not is_chinese(text) and text[:1].isupper() and _is_title(item)


_ENCLOSING = frozenset({"item", "row", "container", "details", "quote"})


def _opened_end(index: int, items: Sequence[Classified], blocks: Sequence[Block]) -> int:
    """Where the list item, row or card that line ``index`` opens ends (the end of the post if none):
    a run opened inside one never reaches past it (a footer after the last item)."""
    if not blocks:
        return len(items)
    end = len(items)
    block = blocks[items[index].line.block]
    while block.parent >= 0 and block.start == index:
        if block.kind in _ENCLOSING:
            end = block.end
        block = blocks[block.parent]
    return end


def _runs(indexes: list[int], headings: list[int], total: int) -> list[tuple[int, int]]:
    """Spans from each start to the next; a span also ends at a heading, the last one at a typical length."""
    spans = []
    heading_at = 0
    for position, start in enumerate(indexes):
        end = indexes[position + 1] if position + 1 < len(indexes) else total
        while heading_at < len(headings) and headings[heading_at] <= start:
            heading_at += 1
        if heading_at < len(headings):
            end = min(end, headings[heading_at])
        spans.append((start, end))
    if len(spans) >= 2:
        typical = max(_median_length(spans[:-1]), _median_length(spans[-6:-1]))  # the nearest entries too:
        # a table of contents' one-line starts before the entries must not make the last one short
        last_start, last_end = spans[-1]
        spans[-1] = (last_start, min(last_end, last_start + typical + max(3, typical // 2)))
    return spans


def _median_length(spans: Sequence[tuple[int, int]]) -> int:
    lengths = sorted(end - start for start, end in spans)
    return lengths[len(lengths) // 2 - 1 if len(lengths) > 1 else 0]


_SEPARATOR_MAX = 80


def _separator_sets(items: Sequence[Classified]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Spans between repeated separator lines (a rule of dashes, ``\\\\``, ``* * *``)."""
    lines: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        if _is_rule(item):
            lines[item.line.text.strip()[:3]].append(index)
    found = []
    for indexes in lines.values():
        if len(indexes) >= MIN_UNITS + 1:
            found.append(("separators", [(a + 1, b) for a, b in pairwise(indexes)]))
    closing = [index for index, item in enumerate(items) if item.kind is Kind.TERMINATOR]
    if len(closing) >= MIN_UNITS:
        first = next((i + 1 for i in range(closing[0] - 1, -1, -1) if items[i].line.heading), 0)
        starts = [first] + [index + 1 for index in closing[:-1]]
        found.append(("separators", [(a, b + 1) for a, b in zip(starts, closing, strict=True)]))
    return found


# choice -----------------------------------------------------------------------------


def choose(sets: list[RecordSet], total: int, features: Features) -> list[RecordSet]:
    """The best sets, each in lines no better set took; in the post's order."""
    taken = bytearray(total)
    chosen: list[RecordSet] = []
    for record_set in sorted(sets, key=lambda s: (-s.score, s.units[0].start)):
        free = [u for u in record_set.units if not any(taken[u.start : u.end])]
        if len(free) < len(record_set.units):
            remade = make_set(record_set.kind, [(u.start, u.end) for u in free], features)
            if remade is None:
                continue
            record_set = remade
        trimmed = _without_outliers(record_set, features)
        if trimmed is None or not accepted(trimmed, features):
            continue
        for unit in trimmed.units:
            taken[unit.start : unit.end] = b"\x01" * (unit.end - unit.start)
        chosen.append(trimmed)
    chosen = _without_contents(chosen, features)
    return sorted(chosen, key=lambda s: s.units[0].start)


_OUTLIER_SHARE = 0.35
"""A unit scoring under this share of its set's median is not an entry of the set (a header, a note)."""
STRONG_SHARE = 0.5
"""Share of a set's units that must show a paper link, authors, a label or a linked title."""
TITLE_LIST_MIN = 3
"""Units: a list of bare paper titles counts as entries from this many on."""
_TITLE_LIST_WORDS = 4
_MAPPING = "→"
_NO_TITLE_LISTS = frozenset({"sections", "groups", "separators", "single", "rows"})
"""Kinds whose units are no list of bare titles: an essay's sections, a table of data (a syllabus's
weeks) — a table of papers shows their links, or names its title column."""
_LOOSE_KINDS = frozenset({"sections", "siblings", "groups", "separators", "starts"})


def _without_outliers(record_set: RecordSet, features: Features) -> RecordSet | None:
    scores = sorted(u.score for u in record_set.units)
    floor = max(0.15, _OUTLIER_SHARE * scores[len(scores) // 2])
    kept = [(u.start, u.end) for u in record_set.units if u.score >= floor]
    # A first or last unit showing nothing beyond a title, where every other unit does, is the
    # set's header or closing line ("cs.CV 方向，今日共计2篇"), not an entry.
    # The same for a run of such units at either end (a subtitle section, then "Wrapping up")
    # when all the units between show more.
    strong = [features.strong(s, e) for s, e in kept]
    first = next((i for i, flag in enumerate(strong) if flag), len(kept))
    last = len(kept) - next((i for i, flag in enumerate(reversed(strong)) if flag), len(kept))
    inner = strong[first:last]
    trimmed = first + len(kept) - last
    if all(inner) and 0 < trimmed <= 2 and len(inner) >= MIN_UNITS + trimmed - 1:
        kept = kept[first:last]
    elif record_set.kind == "siblings" and sum(strong) >= max(MIN_UNITS, STRONG_SHARE * len(kept)):
        # Paragraphs alike in markup, most of them showing a paper: those that show none and hold no
        # prose are the post's asides between its entries (a chat's other messages). Prose ones are
        # the entries' own summaries: then the paragraphs are halves of entries, and the set stays.
        asides = [not flag and not features.count("abstract", *span) for span, flag in zip(kept, strong, strict=True)]
        if all(flag or aside for flag, aside in zip(strong, asides, strict=True)):
            kept = [span for span, aside in zip(kept, asides, strict=True) if not aside]
    if len(kept) == len(record_set.units):
        return record_set
    return make_set(record_set.kind, kept, features)


def accepted(record_set: RecordSet, features: Features) -> bool:
    """Paper-like enough on average, most units with evidence beyond a title and prose (an essay's
    sections have both); or a list of paper titles, every unit titled with a title's length."""
    if len(record_set.units) == 1:
        return _one_paper(record_set.units[0], features)
    if record_set.kind == "siblings" and _halves(record_set.units, features) >= _HALVES_MAX:
        return False  # each entry is two of its paragraphs (a header, then a summary): another set reads it
    strong = sum(features.strong(u.start, u.end) for u in record_set.units)
    # Two sections or blocks of prose are a pair of papers only when both show evidence: one
    # strong unit of two is a coincidence (table rows and list items already share a shape).
    loose = len(record_set.units) == 2 and record_set.kind in _LOOSE_KINDS
    enough = strong == 2 if loose else strong >= STRONG_SHARE * len(record_set.units)
    if record_set.mean >= ACCEPT_MEAN and enough:
        return True
    if len(record_set.units) < TITLE_LIST_MIN or record_set.kind in _NO_TITLE_LISTS:
        return False
    if any(features.count("abstract", u.start, u.end) for u in record_set.units):
        return False  # titles over prose are an essay's sections, not a list of papers
    titles = [features.title_text(u.start, u.end) for u in record_set.units]
    if any(t is None or _MAPPING in t for t in titles):
        return False  # "Plan to Read → Papers on the reading list": a legend's lines
    if sum(_anchored(features, u) for u in record_set.units) * 2 > len(record_set.units):
        return False  # titles that link to places in the page: its table of contents
    words = sorted(word_count(t) / (2 if is_chinese(t) else 1) for t in titles if t)
    if words[len(words) // 2] < _TITLE_LIST_WORDS:
        return False
    # English paper titles are mostly capitalised word by word; a list of topics ("Quantization,
    # pruning and distillation of LLMs", a call for papers) or of tasks is written as sentences.
    latin = [t for t in titles if t and not is_chinese(t)]
    return 2 * sum(is_title_case(t) for t in latin) >= len(latin)


def _anchored(features: Features, unit: Unit) -> bool:
    """Whether the unit's title links to a place in the page itself ("[Image Denoising](#image-denoising)")."""
    index = features._title_index(unit.start, unit.end)
    return index is not None and any(link.href.startswith("#") for link in features.items[index].line.links)


def _one_paper(unit: Unit, features: Features) -> bool:
    """A unit alone is a paper when it scores high and shows more than a paper link in prose:
    labels, an author line, or a title line that opens an entry (numbered, tagged, linked)."""
    start, end = unit.start, unit.end
    index = features._title_index(start, end)
    opened = index is not None and features.items[index].kind is Kind.ENTRY
    if opened and (features.count("paper", start, end) or features.count("label", start, end)):
        return True  # "1. Title" and the paper's link: the smallest digest there is
    if unit.score < SINGLE_MIN_SCORE:
        return False
    return features.count("label", start, end) >= 2 or bool(features.count("authors", start, end)) or opened


def _without_contents(chosen: list[RecordSet], features: Features) -> list[RecordSet]:
    """Drop a set of title-only units whose titles another chosen set repeats (a table of contents)."""
    titles = [_titles(s, features) for s in chosen]
    kept = []
    for index, record_set in enumerate(chosen):
        own = titles[index]
        others = set().union(*(t for j, t in enumerate(titles) if j != index))
        thin = sum(features.count("paper", u.start, u.end) == 0 for u in record_set.units) > len(record_set.units) / 2
        if own and thin and len(own & others) >= len(own) / 2:
            continue
        kept.append(record_set)
    return kept


def _titles(record_set: RecordSet, features: Features) -> set[str]:
    """The keys of the units' titles, found as the scores find them."""
    titles = (features.title_text(u.start, u.end) for u in record_set.units)
    return {normalize_key(title) for title in titles if title}
