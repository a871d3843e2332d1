"""A paper being assembled from lines, and the rules for filling each of its slots.

A Draft is mutable while its entry's lines are read; ``entries`` turns finished drafts
into Paper records. Slot rules: a title's language decides title or title_zh, an
abstract's language decides abstract or abstract_zh; a link goes to arxiv, code, url or
links by what it points to and the label it came under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from digestgen.arxiv import find_arxiv_ids, normalize_arxiv
from digestgen.extract.authors import split_authors
from digestgen.extract.document import Link
from digestgen.extract.lines import bare_links, is_crumb, label_slot, strip_crumbs, strip_link_labels
from digestgen.extract.sites import SUMMARY_STARTS
from digestgen.extract.tags import full_codes_in, subjects_in_value
from digestgen.extract.text import (
    is_chinese,
    is_other_cjk,
    is_paragraph,
    is_title_like,
    language_halves,
    squash,
    word_count,
)
from digestgen.extract.urls import LinkKind, classify_url, find_urls, remove_urls

_AFFILIATION_SPLIT = re.compile(r"\s*(?:[;；|]|\s&\s)\s*")
_TAG_SPLIT = re.compile(r"\s*[,，;；、]\s*")
_TITLE_ZH_WORDS = 36
"""Ideographs and Latin words: a Chinese title is shorter; a longer first sentence is the summary's."""
ABSTRACTS = ("abstract", "abstract_zh")


def bilingual_pair(text: str) -> tuple[str, str] | None:
    """(Chinese, English) when a title gives both, one each side of a slash or bar, else None."""
    halves = language_halves(text)
    return halves if halves and is_title_like(halves[1]) else None


# A page that shows an excerpt with a "more" toggle and hides the whole text beside it reads,
# flattened, "…excerpt ▽ More whole text △ Less". The toggle needs its glyph or an ellipsis
# before it, so that "More" in prose ("More importantly, …") is not taken for one.
_MORE_TOGGLE = re.compile(
    r"(?:[▽▼▾]\s*|(?:…|\.\.\.)\s*)(?:more|show more|read more|see more|展开全文|展开|查看更多|更多)\b\s*", re.IGNORECASE
)
_TOGGLE_GLYPHS = ("▽", "▼", "▾", "…", "...")
"""What a "more" toggle opens with: a text with none of them has none (one scan each, not the pattern's)."""
_LESS_TOGGLE = re.compile(r"\s*[△▲▴]\s*(?:less|show less|收起)?\s*$", re.IGNORECASE)


def full_text_of_toggle(text: str) -> str:
    """The whole text of an "excerpt ▽ More whole text △ Less" pair; other text as it is."""
    if not any(glyph in text for glyph in _TOGGLE_GLYPHS):
        return text
    match = _MORE_TOGGLE.search(text)
    if match is None or len(text) - match.end() < match.start():
        return text  # nothing after the toggle as long as the excerpt: not an excerpt's toggle
    return _LESS_TOGGLE.sub("", text[match.end() :]).strip()


_PROJECT_CUE = re.compile(
    r"\b(?:code|codes|source code|project (?:page|webpage|website|site)|webpage|homepage)\b"
    r"|代码|项目主页|项目地址|主页",
    re.IGNORECASE,
)
"""Words that introduce a code or project link in running text."""
_CUE_WINDOW = 80
_CUE_PARTS = ("code", "page", "project", "代码", "项目", "主页")
"""One of these is in every cue, case-folded (none holds an "i": "İ" and "ı" match it ignoring case, but
do not fold to it): a text without any has no cue to look for at each of its URLs."""


_FIELD_HINTS = frozenset({"code", "project"})


def _hint_of_label(text: str) -> str:
    """The slot a link's own label names ("[project]", "Code", "项目主页"), for code and project links."""
    slot = label_slot(text.strip(" []【】()"))
    return slot if slot in ("code", "project") else ""


@dataclass
class Draft:
    """The slots of one entry, as its lines fill them."""

    lineno: int
    number: int | None = None
    style: str = ""
    title: str | None = None
    title_zh: str | None = None
    authors: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    arxiv: str | None = None
    url: str | None = None
    code: str | None = None
    project: str | None = None
    """A link labelled as the project page: the code link when the entry gives no other."""
    links: list[str] = field(default_factory=list)
    link_set: set[str] = field(default_factory=set)
    """The links already in ``links``: a post with thousands of links in one entry stays linear."""
    subjects: list[str] = field(default_factory=list)
    abstract: list[str] = field(default_factory=list)
    abstract_zh: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    note: list[str] = field(default_factory=list)
    labelled_titles: set[str] = field(default_factory=set)
    """Title slots ("title", "title_zh") filled from a label."""
    abstract_labelled: bool = False
    """Whether an abstract label has been read (text before it was the abstract only for want of one)."""
    default_subjects: tuple[str, ...] = ()
    open_slot: str = ""
    """A label stood alone on its line: the next line is its value."""
    last: str = ""
    """The slot the previous line filled (an abstract continues over several lines)."""

    def has_body(self) -> bool:
        """Whether the entry has more than its heading: an abstract or the paper's link."""
        return bool(self.abstract or self.abstract_zh or self.arxiv or self.url or self.code)

    def has_content(self) -> bool:
        """Whether the entry can make a paper (a title or an abstract)."""
        return bool(self.title or self.title_zh or self.abstract or self.abstract_zh)

    def only_title(self) -> bool:
        """Whether a title is all the entry has (a table-of-contents line)."""
        return not (self.has_body() or self.authors or self.links or self.affiliations) and (
            not (self.title and self.title_zh)
        )

    # titles ------------------------------------------------------------------------

    def set_title(self, text: str, slot: str = "title") -> None:
        """Fill a title slot; "title" goes to title or title_zh by the text's language."""
        text = squash(text)
        if text.endswith(".") and not text.endswith(".."):
            text = text[:-1]  # a title has no full stop of its own: a list's punctuation ("**Title.**")
        text = strip_crumbs(text)
        if not text or is_crumb(text) or is_other_cjk(text):
            return  # a Japanese or Korean title has no field of its own
        pair = bilingual_pair(text) if slot == "title" else None
        if pair:
            self.title_zh, self.title = self.title_zh or pair[0], self.title or pair[1]
        elif slot == "title_zh" or (slot == "title" and is_chinese(text)):
            self.title_zh = self.title_zh or text
        else:
            self.title = self.title or text

    def title_slot_taken(self, text: str, slot: str) -> bool:
        """Whether a labelled title would overwrite one this entry already has from a label: one
        from an unlabelled line (a header "【1】GaussianCity" above "论文标题：…") gives way."""
        text = squash(text)
        target = self._title_target(slot, text)
        current = self.title_zh if target == "title_zh" else self.title
        return current is not None and current != text and target in self.labelled_titles

    def _title_target(self, slot: str, text: str) -> str:
        return "title_zh" if slot == "title_zh" or (slot == "title" and is_chinese(text)) else "title"

    # links -------------------------------------------------------------------------

    def add_link(self, url: str, hint: str = "") -> None:
        """File a URL: hint is the label's slot ("code", "link", "project") or "text"."""
        kind = classify_url(url)
        arxiv_id = normalize_arxiv(url) if kind is LinkKind.ARXIV else None
        if hint == "project" and not arxiv_id and self.project is None:
            self.project = url
        if arxiv_id and hint != "text" and self.arxiv in (None, arxiv_id):
            self.arxiv = arxiv_id
        elif (hint == "code" and not self.code and not arxiv_id) or (kind is LinkKind.CODE and not self.code):
            self.code = url
        elif (kind is LinkKind.PAPER or hint == "link") and not self.url and not arxiv_id:
            self.url = url
        elif url not in self.link_set and url not in (self.url, self.code):
            self.links.append(url)
            self.link_set.add(url)

    def add_links(self, links: tuple[Link, ...], hint: str = "") -> None:
        for link in links:
            self.add_link(link.href, hint if hint in _FIELD_HINTS else _hint_of_label(link.text) or hint)

    # abstracts ---------------------------------------------------------------------

    def add_abstract(self, text: str, *, gap: bool = True) -> str:
        """Add a paragraph to the abstract of its language; returns the slot filled."""
        text = full_text_of_toggle(text)
        self._cued_project(text)
        slot = "abstract_zh" if is_chinese(text) else "abstract"
        paragraphs: list[str] = getattr(self, slot)
        if paragraphs and not gap and self.last == slot:
            joiner = "" if slot == "abstract_zh" else " "
            paragraphs[-1] = paragraphs[-1] + joiner + text
        else:
            paragraphs.append(text)
        self.last = slot
        return slot

    def _cued_project(self, text: str) -> None:
        """A URL the abstract introduces as the code or project page ("Code is available at
        https://…", "Project page: https://…") is the project link, as if it were labelled so."""
        if self.project is not None or ("http" not in text and "www." not in text):
            return
        folded = text.casefold()
        if not any(part in folded for part in _CUE_PARTS):
            return
        for found in find_urls(text):
            # The cue stands shortly before the URL, in its sentence; the window keeps this linear.
            window = max(0, found.start - _CUE_WINDOW)
            sentence_start = max(text.rfind(". ", window, found.start), text.rfind("。", window, found.start), window)
            if _PROJECT_CUE.search(text, sentence_start, found.start) and classify_url(found.url) is not LinkKind.ARXIV:
                self.project = found.url
                return

    def _set_aside_unlabelled(self, text: str) -> None:
        """Before the first labelled abstract, move text read as the abstract without a label
        (the blogger's notes before "Abstract:") to the note: the labelled one is the abstract."""
        if self.abstract_labelled:
            return
        self.abstract_labelled = True
        paragraphs: list[str] = self.abstract_zh if is_chinese(text) else self.abstract
        if paragraphs:
            self.note.extend(paragraphs)
            paragraphs.clear()

    def split_title_summary(self, text: str) -> bool:
        """A Chinese title and summary in one paragraph ("中文标题。摘要……"): fill both."""
        head, stop, rest = text.partition("。")
        head = head.strip()
        if word_count(head) > _TITLE_ZH_WORDS or "，" in head or head.startswith(SUMMARY_STARTS):
            return False
        if not is_title_like(head) or not is_chinese(head):
            return False
        if not stop and is_paragraph(text):
            return False
        self.title_zh = head
        if rest.strip():
            self.add_abstract(rest.strip())
        return True

    # labelled fields ---------------------------------------------------------------

    def fill(self, slot: str, value: str, links: tuple[Link, ...], *, gap: bool = True) -> None:
        """Fill a slot from a labelled value (or the line after a label that stood alone)."""
        self.last = slot
        if slot in ("title", "title_zh", "title_en"):
            self._fill_title(slot, value, links)
        elif slot == "authors":
            self.authors = self.authors or split_authors(strip_link_labels(value, links))
            self.add_links(links)
        elif slot == "affiliations":
            self.affiliations.extend(p for p in _AFFILIATION_SPLIT.split(value) if p)
        elif slot == "abstract":
            if value.strip():  # a bare "摘要:" leaves no empty abstract behind
                self._set_aside_unlabelled(value)
                self.add_abstract(value, gap=gap)
            self.add_links(links, "text")
        elif slot in ("link", "code", "project"):
            self._fill_link(slot, value, links)
        elif slot == "subjects":
            self.subjects.extend(s for s in subjects_in_value(value) if s not in self.subjects)
        elif slot == "note":
            self.note.append(value)
            # "Comments: 9 pages; code at https://github.com/…": the bare URL counts too
            self.add_links(links + bare_links(value, links), "text")
        elif slot == "tags":
            self.tags.extend(t for t in _TAG_SPLIT.split(value) if t and t not in self.tags)
            # Tags that are arXiv categories ("[cs.CL] [cs.AI]") are the entry's subjects; a topic
            # ("RL", "AI") is no category code.
            self.subjects.extend(s for s in full_codes_in(value) if s not in self.subjects)

    def _fill_title(self, slot: str, value: str, links: tuple[Link, ...]) -> None:
        text = squash(remove_urls(value))
        target = "title" if slot == "title_en" else self._title_target(slot, text)
        if text and target not in self.labelled_titles and not bilingual_pair(text):
            setattr(self, target, None)  # an unlabelled line's guess gives way to the label
            self.labelled_titles.add(target)
        if slot == "title_en":
            self.title = self.title or text or None
        else:
            self.set_title(text, slot)
        self.add_links(links, "link")

    def _fill_link(self, slot: str, value: str, links: tuple[Link, ...]) -> None:
        self.add_links(links + bare_links(value, links), slot)  # a bare URL in a link cell counts too
        if slot == "link" and not self.arxiv:
            ids = find_arxiv_ids(value)
            if ids:
                self.arxiv = ids[0]
        text = squash(remove_urls(value))
        if slot == "link" and is_title_like(text) and word_count(text) >= 2 and not self.title and not is_crumb(text):
            self.set_title(text)  # "Paper: [Title](https://...)"
