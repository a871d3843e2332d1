"""Each line of a Document, classified: entry start, labelled field, author line, link line,
subject tags, page chrome, and so on. A line is judged alone here; how lines group into
entries (and what a bare line of text means in its place) is the job of ``entries``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from digestgen.arxiv import NEW_STYLE, OLD_STYLE, abs_url, arxiv_in_link
from digestgen.extract.authors import looks_like_authors, looks_like_one_name
from digestgen.extract.document import Cell, Line, Link
from digestgen.extract.sites import (
    CHROME_PHRASE_MAX_CHARS,
    CHROME_PHRASES,
    CHROME_PREFIXES,
    CHROME_WORDS,
    FOOTER_PHRASES,
    FOOTER_WORDS,
    LABELS,
    TERMINATOR_MAX_CHARS,
    TERMINATORS,
    header_slot,
)
from digestgen.extract.tags import leading_tags, legend_codes, only_subjects, section_subject
from digestgen.extract.text import (
    has_letters,
    is_chinese,
    is_paragraph,
    is_title_case,
    is_title_like,
    normalize_key,
    per_post,
    word_count,
)
from digestgen.extract.urls import LinkKind, classify_url, find_urls, is_web_url, remove_urls, unwrap_redirect


class Kind(Enum):
    """What a line is."""

    ENTRY = "entry start"
    FIELD = "labelled field"
    ROW = "table row"
    AUTHORS = "author line"
    AFFILIATIONS = "affiliation line"
    SUBJECTS = "subject tags"
    URL = "link line"
    TERMINATOR = "abstract terminator"
    FOOTER = "page footer"
    CHROME = "page chrome"
    LEGEND = "subject legend"
    SECTION = "section heading"
    HEADING = "heading"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Classified:
    """A line and what it was judged to be."""

    kind: Kind
    line: Line
    text: str = ""
    """ENTRY: the title; FIELD: the value; otherwise the line's text."""
    slot: str = ""
    """FIELD: the slot its label names (see sites.LABELS)."""
    number: int | None = None
    """ENTRY: its number, when numbered."""
    style: str = ""
    """ENTRY: how it is numbered ("1.", "1、", "[1]", "tag", "link")."""
    subjects: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    """Every link on the line: hyperlinks first, then bare URLs in the text."""
    tail: str = ""
    """ENTRY: text after a linked title (often the authors)."""
    fields: tuple[tuple[str, Cell], ...] = ()
    """ROW: (slot, cell) for each cell whose header names a slot."""


_BULLET = re.compile(r"^(?:[•·▪◆◇●○■□►▶➤★☆✦\-*+]\s*|\d+\s*\|\s*)+(?=\S)")
_NUMBERED = re.compile(r"^(?:(?:no\.|#|paper|论文|第)\s*)?(\d{1,3})\s*篇?\s*([、.．)）:：]|/(?=\s))\s*", re.IGNORECASE)
"""A numbered line: "1.", "2、", "(3)", "第4篇：", and a thread's "5/ " (a post's number in a thread)."""
_HASH_NUMBERED = re.compile(r"^(?:#)(\d{1,3})(\s)\s*(?=\S)")
"""A ranked list's "#1 Title" (no mark after the number; a Markdown heading has a space after "#")."""
_BRACKETED_VENUE = re.compile(
    r"^[A-Za-z][A-Za-z\-]{1,14}\s*['’]\s*\d{2}(?:\s+[A-Za-z]{2,12}){0,2}$"
    r"|^[A-Za-z][A-Za-z\-]{1,14}\s+(?:19|20)\d{2}(?:\s+[A-Za-z]{2,12}){0,2}$"
)
"""A venue in brackets after a title: "(arXiv'24)", "(ACL'24 Findings)", "(ICLR 2025 submission)"."""
_LEADING_SCORE = re.compile(
    r"^[(\[（【]\s*(?:score|rating|评分|得分)?\s*[:：]?\s*\d{1,2}(?:\.\d{1,2})?(?:\s*/\s*\d{1,3})?\s*分?[)\]）】]\s*",
    re.I,
)
"""A rank's score before the title: "(score 9.1)", "[8.5/10]", "（评分 9）"."""
_BRACKETED = re.compile(r"^([【\[(（])\s*(\d{1,3})\s*[】\])）]\s*")
_BRACKETED_ID = re.compile(rf"^[\[【(（]\s*(?:arxiv\s*[:：]?\s*)?({NEW_STYLE})(?:v\d+)?\s*[\]】)）]\s*", re.IGNORECASE)
"""An id in brackets before a title: "[2405.01502] Title", "[arXiv:2405.01502] Title"."""
_LEADING_ARXIV = re.compile(
    r"^(?:arxiv\s*[:：]\s*)?(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\s*(?:[\[(][^\[\]()]{0,60}[\])]\s*)*",
    re.IGNORECASE,
)
_MENTION_ID = r"arxiv\s*[:：]\s*\d{4}\.\d{4,5}(?:v\d+)?"
_ARXIV_MENTION = re.compile(r"\s*[\[(（]?\s*" + _MENTION_ID + r"\s*[\])）]?\s*$", re.IGNORECASE)
"""An id that ends a title: "Title (arXiv:2401.00001)". See ``without_arxiv_mention``."""
_MENTION_AT = re.compile(_MENTION_ID, re.IGNORECASE)
_ARXIV_WORD = re.compile("arxiv", re.IGNORECASE)
_MENTION_CLOSE = ("", "]", ")", "）")
_MAX_LABEL = 24
_NON_LETTERS = re.compile(r"[\d\W_]+")


def all_links(line: Line, text: str | None = None) -> tuple[Link, ...]:
    """The line's hyperlinks (web ones, and a site's own links that carry an arXiv id in their path)
    and the bare URLs of its text, without repeats."""
    links = [_unwrapped(link) for link in line.links if is_web_url(link.href) or arxiv_in_link(link.href)]
    seen = {link.href for link in links} | {link.href for link in line.links}
    for found in find_urls(line.text if text is None else text):
        if found.url not in seen:
            seen.add(found.url)
            links.append(_unwrapped(Link(found.url, found.url)))
    return tuple(links)


def _unwrapped(link: Link) -> Link:
    """The link to where a redirect or tracking link sends the reader."""
    target = unwrap_redirect(link.href)
    return link if target == link.href else Link(link.text, target)


_CRUMB_WORDS = frozenset(
    "pdf ps other html abs arxiv code github paper project page link links homepage demo video bib bibtex "
    "kimi cool alphaxiv hf huggingface doi openreview download view more details summary new cross "
    "read 摘要 代码 论文 链接 主页 项目 下载 原文 详情 阅读".split()
)
_TRAILING_GROUP = re.compile(r"\s*(?:[\[【(（][^\[\]【】()（）]{0,40}[\]】)）]|\S+)\s*$")
_GROUP_MAX = 42
"""Characters of a bracketed group that ``_TRAILING_GROUP`` takes: two brackets and up to 40 inside."""
VENUE_YEAR = re.compile(r"^[A-Z][A-Za-z\-]{1,14}(?:\s+[A-Z][A-Za-z]{1,10})?\s*['’]?\s*(?:19|20)?\d{2}$")
"""A venue and its year, as printed after a title: "AAAI '24", "CVPR 2024", "NeurIPS 2023"."""
_SCORE = re.compile(r"^[\s\d./%分:：]*(?:/\s*\d+|分|%)[\s\d./%分]*$")
_FORMAT_TAGS = frozenset("html pdf book citation doc docx ps".split())
"""A search result's tags for the kind of document behind a title ("[HTML] Title")."""
_CRUMB_PHRASES = (
    "查看详情",
    "点击查看",
    "阅读原文",
    "点击阅读",
    "查看原文",
    "返回目录",
    "返回顶部",
    "read more",
    "view details",
)
"""Phrases of a link's label that send the reader elsewhere ("到 Huggingface 论文主页查看详情")."""
_CRUMB_PHRASE_MAX = 40
_CRUMB_SPLIT = re.compile(r"[\s\[\](){}|,，/:：;；·•\-–—]+")


_NEW_STYLE_ID = re.compile(NEW_STYLE)


@per_post
def is_crumb(text: str) -> bool:
    """Whether the text is only ids, URLs and link labels ("2512.03003 [pdf, ps, other]", "[PDF] [Code]").

    Such a line is never a title, however title-like its shape.
    """
    if len(text) <= _CRUMB_PHRASE_MAX and any(phrase in text for phrase in _CRUMB_PHRASES):
        return True
    rest = remove_urls(text)
    for found in _NEW_STYLE_ID.finditer(rest):
        rest = rest.replace(found.group(0), " ")
    words = [w for w in _CRUMB_SPLIT.split(rest.casefold()) if w]
    return all(w in _CRUMB_WORDS or w.isdigit() or (w.startswith("v") and w[1:].isdigit()) for w in words)


_LEADING_SERIES = re.compile(r"^【[^【】]{1,12}】\s*(?=\S)")
"""A column's tag before a title: "【论文精读】", "【arxiv论文】"."""
_LEADING_VENUE = re.compile(
    r"^[\[【(（]?[A-Z][A-Za-z\-]{1,14}\s*['’]?\s*(?:19|20)\d{2}(?:[\]】)）]\s*|\s*[-–—|:：]\s+)(?=\S)"
)
"""A venue and year before a title: "ECCV2020 - ", "[CVPR 2023] "."""


_LEADING_CRUMB = re.compile(r"^[\[【(（]([^\[\]【】()（）]{1,12})[\]】)）]\s*(?=\S)")
"""A bracketed link word before a title ("[PDF] Title", "[HTML] Title")."""


def trailing_group(text: str) -> re.Match[str] | None:
    """``_TRAILING_GROUP.search(text)``, without trying it at every position of the text.

    A search tries each position and runs ``\\S+`` to the end of its word there, about 20 µs
    for a title. A match ends at the last non-space character, in a bracketed group no longer
    than ``_GROUP_MAX`` or the last word, with the spaces before it: no match starts before the
    spaces before whichever of those begins first, so the search starts there, with the same result.
    """
    body = text.rstrip()
    if not body:
        return None
    earliest = len(body) - len(body.rsplit(None, 1)[-1])  # the last word
    if body[-1] in "]】)）":  # a bracketed group can only end with its closing bracket
        earliest = max(0, min(len(body) - _GROUP_MAX, earliest))
    return _TRAILING_GROUP.search(text, len(text[:earliest].rstrip()))


def strip_crumbs(text: str) -> str:
    """A title without the link labels, ids and scores printed after it ("Title [arXiv:2301.09637] [pdf]",
    "Title [PDF] 摘要", "Title (9.5/10)"), or the column tag, venue or format tag printed before it."""
    if text[:1] in "【[(（":
        leading = _LEADING_CRUMB.match(text)
        if leading and (is_crumb(leading.group(1)) or leading.group(1).casefold() in _FORMAT_TAGS):
            text = text[leading.end() :]
    if text[:1] in "【[(（" or text[:1].isupper():
        text = _LEADING_VENUE.sub("", _LEADING_SERIES.sub("", text, count=1), count=1)
    for _ in range(8):  # a few groups at most; the loop is bounded so a hostile line stays linear
        match = trailing_group(text)
        if match is None or match.start() == 0:
            return text
        group = match.group(0).strip()
        inner = group.strip("[]【】()（）")
        bracketed = group != inner
        known = bool(
            is_crumb(inner)
            or _SCORE.match(inner)
            or VENUE_YEAR.match(inner.strip())
            or (bracketed and _BRACKETED_VENUE.match(inner.strip()))
        )
        # A bare word is stripped only when it is a crumb in another script ("摘要"): an English
        # one ("Paper", "Code") may end the title itself ("Another Robot Paper").
        if not known or (group == inner and (inner.isascii() or not is_crumb(inner))):
            return text
        text = text[: match.start()].rstrip(" -–—|·,，:：")
    return text


def strip_link_labels(text: str, links: tuple[Link, ...]) -> str:
    """The text without the labels of its own links printed after it when they only send the
    reader elsewhere ("Andrew Zhao, Yang Yue Paper | Code" with links labelled "Paper" and "Code")."""
    labels = sorted({link.text.strip() for link in links if link.text.strip() and is_crumb(link.text)}, key=len)
    for _ in range(len(labels)):
        text = text.rstrip(" |·,，;；/-–—")
        label = next((label for label in reversed(labels) if text.endswith(label) and len(label) < len(text)), None)
        if label is None:
            break
        text = text[: -len(label)]
    return text.rstrip(" |·,，;；/-–—")


# Status marks a reading list puts before a title: emoji and symbols ("❓", "✔️", "⭐", "📌")
# and GitHub's shortcodes for them (":question:", ":white_check_mark:").
_STATUS_MARKS = re.compile(
    r"^(?:(?::[a-z0-9_+\-]{1,30}:|[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d])\s*)+(?=\S)"
)


_TIMESTAMP = re.compile(r"^(?:\d{1,2}:)?\d{1,2}:\d{2}\s+(?=\S)")
"""A video's chapter time before a line ("01:42 论文1：…", "1:02:33 Paper 4")."""


def strip_bullet(text: str) -> str:
    """The text without a leading bullet mark, status mark or a video chapter's time."""
    if text[:1].isdigit() and ":" in text[:9]:
        text = _TIMESTAMP.sub("", text, count=1)
    if text[:1] in "•·▪◆◇●○■□►▶➤★☆✦-*+":
        text = _BULLET.sub("", text, count=1)
    if text[:1] == ":" or "\u2600" <= text[:1] <= "\u2bff" or text[:1] >= "\U0001f000":
        text = _STATUS_MARKS.sub("", text, count=1)
    return text


_LABEL_ORDINAL = re.compile(r"(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}))$")


_LABEL_QUALIFIER = re.compile(r"[(（][^()（）]{1,12}[)）]$")
"""A qualifier after a label word: "Abstract (English)", "摘要（中文）"."""
_LABEL_JOINS = re.compile(r"[/／、&]")


_ADDRESS_LABELS = any(key.startswith("http") for key in LABELS)
"""Whether a label word starts like a web address. If none does, no key that does names a slot:
not whole, nor with an ordinal or a bracketed qualifier cut off its end (it still starts so),
nor as a Chinese label (eight characters at most, two of them ideographs), nor joined
("https:" is the first part, which names none). Every bare URL of a post is asked about."""


@per_post
def label_slot(label: str) -> str | None:
    """The slot a label names. An ordinal after it is dropped ("论文一", "Paper 2", "获奖论文三"),
    and so is a qualifier in brackets ("Abstract (English)"); a label of two words joined by a
    slash names their slot when both name the same ("会议/期刊", "标题/Title")."""
    key = normalize_key(label)
    if key.startswith(("http://", "https://")) and not _ADDRESS_LABELS:
        return None  # a bare URL as its own link text: see _ADDRESS_LABELS
    slot = _label_word_slot(key)
    if slot is None and key.endswith((")", "）")):
        slot = _label_word_slot(_LABEL_QUALIFIER.sub("", key))
    if slot is None and _LABEL_JOINS.search(key):
        slot = _joined_slot(key)
    return slot


def _joined_slot(key: str) -> str | None:
    """The slot that every part of a joined label names, else None: the first part that names
    none or another slot decides (a URL's parts are not all looked up)."""
    slot = None
    for part in _LABEL_JOINS.split(key):
        part_slot = _label_word_slot(part)
        if part_slot is None or (slot is not None and part_slot != slot):
            return None
        slot = part_slot
    return slot


def _label_word_slot(key: str) -> str | None:
    slot = LABELS.get(key)
    if slot is None and key[-1:] and (key[-1:].isdigit() or key[-1:] in "一二三四五六七八九十"):
        slot = LABELS.get(_LABEL_ORDINAL.sub("", key))
    if slot is None and 3 <= len(key) <= _MAX_CJK_LABEL and is_chinese(key):
        slot = _cjk_label_by_ending(key)
    return slot


_MAX_CJK_LABEL = 8
_QUALIFIED_SLOTS = frozenset({"abstract", "authors", "tags", "code"})
_LABEL_QUALIFIERS = ("中文", "英文", "论文", "文章", "原文", "博主", "开源", "官方", "全文")
"""Words that qualify a Chinese label ("中文摘要", "博主关键词", "开源代码") without changing its slot."""


def _cjk_label_by_ending(key: str) -> str | None:
    """The slot of a Chinese label that is a known label after a qualifier word."""
    for qualifier in _LABEL_QUALIFIERS:
        if key.startswith(qualifier):
            slot = LABELS.get(key[len(qualifier) :])
            return slot if slot in _QUALIFIED_SLOTS else None
    return None


_DASHED_LABEL = re.compile(r"^([^\s—–-][^—–\n]{0,22}?)\s+[—–]\s+(?=\S)")
_DASHED_SLOTS = frozenset({"abstract"})
"""Slots whose label may stand before a dash instead of a colon: a summary's ("TL;DR — …", "摘要 — …")."""


def label_of(text: str) -> tuple[str, str] | None:
    """(slot, value) when the line opens with a known label ("作者：", "【摘要】", "Title" alone)."""
    text = text.strip()
    if text.startswith(("【", "[")):
        close = text.find("】" if text[0] == "【" else "]", 1, _MAX_LABEL + 2)
        if close > 0:
            slot = label_slot(text[1:close])
            value = text[close + 1 :].lstrip(" :：")
            if slot in ("link", "code") and _tags_a_title(value):
                return None  # "[PDF] Tokenizer Fertility Predicts …": a search result's format tag
            if slot:
                return slot, value
    for index, char in enumerate(text[: _MAX_LABEL + 1]):
        if char in ":：":
            slot = label_slot(text[:index].strip("*_#>【】[] "))
            return (slot, text[index + 1 :].strip()) if slot else None
    dashed = _DASHED_LABEL.match(text)
    if dashed and label_slot(dashed.group(1).strip("*_#>【】[] ")) in _DASHED_SLOTS:  # "TL;DR — Compares …"
        return "abstract", text[dashed.end() :]
    if len(text) > _MAX_LABEL + 4:
        return None
    slot = label_slot(text.strip("*_#>【】[] "))
    return (slot, "") if slot else None


def _tags_a_title(value: str) -> bool:
    """Whether what follows a bracketed link word is a title (no address, a title's words)."""
    return "://" not in value and "." not in value[:40] and word_count(value) >= 3 and is_title_like(value)


def without_arxiv_mention(text: str) -> str:
    """``_ARXIV_MENTION.sub("", text)`` in linear time.

    The pattern, tried at every position of a run of spaces (a line of URLs leaves one when they
    are cut out), backtracks over its two leading ``\\s*`` each time: cubic in the run's length.
    But the mention can only be the last "arxiv" of the text (no letter follows the id but a "v"),
    its id is read as the pattern reads it (backtracking into the digits cannot end the text), and
    what is before it back to the spaces and bracket the pattern takes is what stays.
    """
    words = list(_ARXIV_WORD.finditer(text))
    if not words:
        return text
    last = words[-1]
    mention = _MENTION_AT.match(text, last.start())
    if mention is None or text[mention.end() :].strip() not in _MENTION_CLOSE:
        return text
    head = text[: last.start()].rstrip()
    return head[:-1].rstrip() if head.endswith(("[", "(", "（")) else head


def _clean_title(text: str) -> str:
    text = without_arxiv_mention(remove_urls(text)).strip(" -–—|:：")
    if text[:1] in '《“"' and text[-1:] in '》”"':
        text = text[1:-1]
    return text.strip()


def _linked_title(rest: str, links: tuple[Link, ...]) -> tuple[str, str] | None:
    """(title, tail) when the text opens with a link's text that reads as a title."""
    for link in links:
        label = link.text.strip()
        if not label or not rest.startswith(label) or is_web_url(label):
            continue
        # A label without a space ("Awesome-CVPR2022-Low-Level-Vision") names a repository or a page.
        spaced = " " in label or is_chinese(label)
        addressed = not link.href or classify_url(link.href) is not LinkKind.OTHER
        if spaced and is_title_like(label) and word_count(label) >= 2 and addressed:
            return label, rest[len(label) :].strip(" -–—,，:：|")
    return None


def _entry(line: Line, text: str, links: tuple[Link, ...]) -> Classified | None:
    number, style, rest = None, "", text
    match = _NUMBERED.match(text) or _BRACKETED.match(text) or _HASH_NUMBERED.match(text)
    if match:
        if match.re is _NUMBERED and match.group(2) in ".．" and text[match.end(2) : match.end(2) + 1].isdigit():
            return None  # "1.5B parameters", not an entry
        number = int(match.group(2) if match.re is _BRACKETED else match.group(1))
        style = (match.group(1) + "]") if match.re is _BRACKETED else match.group(2)
        style = "#" if match.re is _HASH_NUMBERED else style
        rest = _LEADING_SCORE.sub("", text[match.end() :], count=1)
    bracketed_id = _BRACKETED_ID.match(rest)
    if bracketed_id:  # "### [2405.01502] Title": the id opens the entry
        rest = rest[bracketed_id.end() :]
        links += (Link(bracketed_id.group(1), abs_url(bracketed_id.group(1))),)
        style = style or "id"
    subjects, rest = leading_tags(rest)
    leading_id = _LEADING_ARXIV.match(rest) if style and not bracketed_id else None
    if leading_id:  # arXiv listings: "[1]  arXiv:2403.00001 [pdf, other]"
        rest = rest[leading_id.end() :]
        links += (Link(leading_id.group(1), abs_url(leading_id.group(1))),)
    if not style and subjects:
        style = "tag"
    # A link that opens a line inside a paragraph (hard-wrapped prose) opens no entry.
    # A link with no address yet ("[Title]()") is a reading list's placeholder for its note.
    placeholders = tuple(link for link in line.links if not link.href)
    listed = bool(style) or text != line.text  # numbered, or a bullet stripped off
    opens = style or listed or line.gap_before or line.heading
    linked = _linked_title(rest, links + placeholders) if opens else None
    if linked:
        return Classified(Kind.ENTRY, line, linked[0], "", number, style or "link", subjects, links, linked[1])
    noted = _id_after_title(rest, links, listed) if not leading_id else None
    if noted:
        return Classified(Kind.ENTRY, line, noted[0], "", number, style or "id", subjects, noted[1], noted[2])
    before_url = _title_before_url(rest, listed) if not leading_id else None
    if before_url:
        return Classified(Kind.ENTRY, line, before_url, "", number, style or "link", subjects, links)
    if not style:
        return None
    citation = _citation(rest, links) if number is not None else None
    if citation:
        return _citation_entry(line, citation, number, style, subjects)
    title = _clean_title(rest)
    if title and not is_title_like(title):
        return None
    if not title and (style == "tag" or number is None) and not leading_id:
        return None
    return Classified(Kind.ENTRY, line, title, "", number, style, subjects, links)


_ID_AFTER_TITLE = re.compile(
    rf"^([^()\[\]（）]{{8,400}}?)\s*[\[(（]\s*arxiv\s*[:：]?\s*({NEW_STYLE}|{OLD_STYLE})(?:v\d+)?\s*[\])）]\s*",
    re.IGNORECASE,
)
"""A title, then its id in brackets, then a comment: "Graph Transformers Are Message Passers (arXiv:2405.01234) — …"."""


def _id_after_title(rest: str, links: tuple[Link, ...], listed: bool) -> tuple[str, tuple[Link, ...], str] | None:
    """(title, links with the id's, comment) of a list line that names a paper and its id in brackets."""
    if "rxiv" not in rest[:500].casefold():
        return None
    match = _ID_AFTER_TITLE.match(rest)
    if match is None:
        return None
    title = match.group(1).strip(" -–—:：")
    if not is_title_like(title) or word_count(title) < 3 or not (listed or is_title_case(title)):
        return None
    arxiv_id = match.group(2)
    tail = rest[match.end() :].strip(" -–—|·:：,，")
    return title, (*links, Link(arxiv_id, abs_url(arxiv_id))), tail


def _title_before_url(rest: str, listed: bool) -> str | None:
    """The title of a line that is a title and then its paper's URL ("SplineNet: Learnable Activations
    on Edges https://arxiv.org/pdf/2404.19756"), as a chat message or a plain-text list gives a paper."""
    if "://" not in rest:
        return None
    urls = find_urls(rest)
    if len(urls) != 1 or rest[urls[0].end :].strip(" )）]】>") or classify_url(urls[0].url) is LinkKind.OTHER:
        return None
    title = rest[: urls[0].start].rstrip(" -–—:：|(（[【<")
    if not is_title_like(title) or word_count(title) < 3 or not (listed or is_title_case(title)):
        return None
    return title


_ARXIV_AT_END = rf"arxiv\s*[:：]?\s*({NEW_STYLE}|{OLD_STYLE})(?:v\d+)?\s*[\])）]?[.。]?\s*$"
_TRAILING_ARXIV = re.compile(r"[\s,，;；]*[\[(（]?\s*" + _ARXIV_AT_END, re.IGNORECASE)
"""An id that ends a reference line, after commas or spaces. See ``trailing_arxiv``."""
_ARXIV_END_AT = re.compile(_ARXIV_AT_END, re.IGNORECASE)
_RUN_CHARS = ",，;；"
"""With the spaces, what the leading run of ``_TRAILING_ARXIV`` takes."""


def trailing_arxiv(text: str) -> re.Match[str] | None:
    """``_TRAILING_ARXIV.search(text)``, tried only where a match can start.

    A search tries the pattern at each position of a run of commas or spaces and runs it to the
    run's end each time: quadratic in the run. A match's "arxiv" is the first after its start,
    and the match starts where the run (and bracket) before that "arxiv" starts: so only the
    "arxiv"s whose rest ends the text as the pattern wants are looked at, each from there.
    """
    for word in _ARXIV_WORD.finditer(text):
        if _ARXIV_END_AT.match(text, word.start()) is None:
            continue
        start = word.start()
        while start and text[start - 1].isspace():
            start -= 1
        if not (start and text[start - 1] in "[(（"):
            start = word.start()  # no bracket: the run reaches the "arxiv" itself
        else:
            start -= 1
        while start and (text[start - 1].isspace() or text[start - 1] in _RUN_CHARS):
            start -= 1
        return _TRAILING_ARXIV.match(text, start)
    return None


_SENTENCE_BREAK = re.compile(r"(?<=[^\s.]{2})[.。]\s+(?=\S)|(?<!\s)\s+[—–|]\s+|(?<!\s)\s+-\s+")
"""Between the parts of a reference line: "Title. Authors." or "Title — Authors — [arXiv](…)"; never
an initial's full stop ("M. Okonkwo").
A dash's spaces are matched from the start of their run only (``(?<!\\s)``): a match anywhere in
the run is one from its start, and tried at each space it was quadratic in the run (cut-out URLs
leave long ones)."""
_LABEL_MAX = 15
"""Characters: a link's text this short at the end of a line is a label ("arXiv", "PDF", "代码")."""


@dataclass(frozen=True, slots=True)
class Citation:
    """A reference-style line: "Title. Authors. arXiv:2503.04567" (or a URL for the id)."""

    title: str
    authors: str
    links: tuple[Link, ...]


def _citation(rest: str, links: tuple[Link, ...]) -> Citation | None:
    """The parts of a numbered reference-style line, or None when the line is not one.

    Both a paper link (an arXiv id or URL at the end) and an author part are required, so
    that an ordinary numbered sentence is never split into a title and authors.
    """
    trailing = trailing_arxiv(rest)
    if trailing:
        links += (Link(trailing.group(1), abs_url(trailing.group(1))),)
        rest = rest[: trailing.start()]
    else:
        rest = _without_labels(remove_urls(rest), links).rstrip(" .。,，;；")
    if not any(classify_url(link.href) is not LinkKind.OTHER for link in links):
        return None
    parts = _SENTENCE_BREAK.split(rest.strip().rstrip(".。 —–|"), maxsplit=2)
    if len(parts) < 2 or not is_title_like(parts[0]):
        return None
    if not (looks_like_authors(parts[1]) or looks_like_one_name(parts[1])):
        return None
    return Citation(parts[0].strip().strip('"“”'), parts[1].strip(), links)


def _without_labels(text: str, links: tuple[Link, ...]) -> str:
    """The text without the short link labels at its end: "… — Li Wei — arXiv · Code" → "… — Li Wei"."""
    labels = {link.text.strip() for link in links if 0 < len(link.text.strip()) <= _LABEL_MAX}
    text = text.rstrip()
    while True:
        trimmed = text.rstrip(" —–|·,，/()[]（）")
        label = next((label for label in labels if trimmed.endswith(label)), None)
        if label is None:
            return trimmed
        text = trimmed[: -len(label)]


def _citation_entry(
    line: Line, citation: Citation, number: int | None, style: str, subjects: tuple[str, ...]
) -> Classified:
    """The entry start of a reference-style line; its authors ride in ``tail``, as after a linked title."""
    return Classified(Kind.ENTRY, line, citation.title, "", number, style, subjects, citation.links, citation.authors)


def _row(line: Line) -> Classified | None:
    slots = [header_slot(name) for name in line.header]
    fields = tuple((slot, cell) for slot, cell in zip(slots, line.cells, strict=False) if slot and slot != "skip")
    named = {slot for slot, _ in fields}
    if len(line.header) >= 2 and named & {"title", "title_zh", "title_en", "link"} and len(named) >= 2:
        return Classified(Kind.ROW, line, line.text, fields=fields, links=all_links(line, ""))
    if len(line.cells) == 2:
        labelled = label_of(line.cells[0].text + "：")
        if labelled:
            cell = line.cells[1]
            links = tuple(link for link in cell.links if is_web_url(link.href))
            return Classified(Kind.FIELD, line, cell.text, labelled[0], links=links + bare_links(cell.text, links))
    return None


def bare_links(text: str, known: tuple[Link, ...]) -> tuple[Link, ...]:
    """Links for the URLs printed in the text that ``known`` does not already hold."""
    hrefs = {link.href for link in known}
    return tuple(Link(f.url, f.url) for f in find_urls(text) if f.url not in hrefs)


def _any_of(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern found in a text exactly when one of the phrases is in it: one scan, not one per phrase."""
    return re.compile("|".join(re.escape(phrase) for phrase in phrases))


_FOOTER_PHRASE = _any_of(FOOTER_PHRASES)
_CHROME_PHRASE = _any_of(CHROME_PHRASES)


def chrome_kind(text: str) -> Kind | None:
    """FOOTER or CHROME when the line is page furniture, else None."""
    if not has_letters(text):
        return Kind.CHROME
    if len(text) <= 40:
        key = normalize_key(_NON_LETTERS.sub("", text))
        if key in CHROME_WORDS:
            return Kind.FOOTER if key in FOOTER_WORDS else Kind.CHROME
    if len(text) > CHROME_PHRASE_MAX_CHARS:
        return None
    folded = text.casefold()
    if _FOOTER_PHRASE.search(folded):
        return Kind.FOOTER
    if _CHROME_PHRASE.search(folded) or folded.startswith(CHROME_PREFIXES):
        return Kind.CHROME
    return None


def _is_terminator(text: str) -> bool:
    return len(text) <= TERMINATOR_MAX_CHARS and normalize_key(text).startswith(TERMINATORS)


def _only_links(text: str, links: tuple[Link, ...]) -> bool:
    rest = remove_urls(text)
    for link in links:
        rest = rest.replace(link.text, "")
    return bool(links) and word_count(rest) <= 2 and not is_paragraph(rest)


def _affiliations(text: str) -> bool:
    if len(text) > 400 or not (text[:1] in "[【" and text[-1:] in "]】"):
        return False
    inner = text[1:-1]
    return has_letters(inner) and not only_subjects(inner) and word_count(inner) >= 2


_LABEL_NUMBER = re.compile(r"^\d{1,2}\s*[.、)）]\s*")


def _numbered_label(text: str) -> tuple[str, str] | None:
    match = _LABEL_NUMBER.match(text)
    return label_of(text[match.end() :]) if match else None


_VENUE_SEPARATOR = re.compile(r"\s[-–—]\s")
_VENUE_WORDS = re.compile(
    r"\b(?:(?:19|20)\d{2}|arxiv|preprint|proceedings|conference|journal|workshop|transactions|symposium)\b",
    re.IGNORECASE,
)


def _names_after_by(text: str, links: tuple[Link, ...]) -> str | None:
    """The names of a "by A and B." line, without the link labels after them ("by Tarek Nassar and
    Ji-ho Yoon. [pdf]")."""
    if not text.startswith(("by ", "By ")):
        return None
    names = strip_link_labels(text[3:], links).rstrip(" .")
    return names if looks_like_authors(names) else None


def _names_before_venue(text: str) -> str | None:
    """The names of an "authors - venue, year" line ("R Oyelaran, M Haddad - arXiv preprint, 2024")."""
    separator = _VENUE_SEPARATOR.search(text, 0, 300)
    if separator is None:
        return None
    names, venue = text[: separator.start()].rstrip("…. "), text[separator.end() :]
    if len(venue) > 160 or not _VENUE_WORDS.search(venue) or not looks_like_authors(names):
        return None
    return names


_BIBTEX_LINE = re.compile(r"^@[A-Za-z]{2,20}\s*\{[^\s,]{1,80},?$|^[A-Za-z][\w-]{0,30}\s*=\s*[{\"].{0,2000}[}\"]\s*,?$")
"""A line of a BibTeX entry printed in a page ("@inproceedings{zhao2025,", "title = {…},")."""
_MAIL_HEADER = re.compile(
    r"^(?:from|to|cc|bcc|reply-to|sender|message-id|in-reply-to|references|mime-version|content-type|"
    r"content-transfer-encoding|x-[a-z-]{1,30}|message)\s*:\s*\S",
    re.IGNORECASE,
)
"""A mail header line of a forwarded or digested message ("From: Petra Novak <…>", "Message: 2").
Date and Subject lines are left alone: a listing's "Subjects:" names categories, a date is read."""
_CAPTION = re.compile(r"^(?:图|表|figure|fig\.|table)\s*\d{1,2}\s*[:：.．]", re.IGNORECASE)
"""A figure's or table's caption ("图1：方法整体框架", "Figure 2: Results"): never a title or abstract."""
_SECTION_NUMBER = re.compile(r"^(?:0[1-9]|[1-9]\d)$")
"""A line that is only a two-digit number between blank lines ("01", "02"): an article's section numbers."""


_REACTIONS = re.compile(
    r"^(?:(?::[a-z0-9_+\-]{1,30}:|[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d]+)\s*"
    r"(?:\d{1,5}(?:[.,]\d{1,3})?[KkMm万]?)?\s*)+$"
)
"""A chat message's or a post's reactions, each a mark and its count (":+1: 3  :eyes: 1",
"💬 41 🔁 212 ❤️ 1.1K"): page chrome."""


def classify(line: Line) -> Classified:
    """What one line is, judged alone."""
    if line.cells:
        row = _row(line)
        if row:
            return row
    if (line.text[:1] == ":" or line.text[:1] >= "\u2600") and _REACTIONS.match(line.text.strip()):
        return Classified(Kind.CHROME, line, line.text)
    text = strip_bullet(line.text)
    if _MAIL_HEADER.match(text) or ((text[:1] == "@" or "= {" in text[:40]) and _BIBTEX_LINE.match(text)):
        return Classified(Kind.CHROME, line, text)  # a mail header; a page's BibTeX box, citing itself
    if _CAPTION.match(text) and len(text) <= _CAPTION_MAX:
        return Classified(Kind.CHROME, line, text)
    if line.gap_before and _SECTION_NUMBER.match(text):
        return Classified(Kind.ENTRY, line, "", "", int(text), "alone")
    links = all_links(line, text)
    if _is_terminator(text):
        return Classified(Kind.TERMINATOR, line, text)
    numbered_label = _numbered_label(text)
    if numbered_label:  # "1. 主要工作", "### 2. Abstract": a numbered label, not a numbered entry
        return Classified(Kind.FIELD, line, numbered_label[1], numbered_label[0], links=links)
    entry = _entry(line, text, links)
    if entry:
        return entry
    labelled = label_of(text)
    if labelled:
        return Classified(Kind.FIELD, line, labelled[1], labelled[0], links=links)
    return _plain(line, text, links)


_CAPTION_MAX = 120
_SHORT_KINDS_MAX = 400
"""Characters: a longer line is text (or a heading); legends, chrome and author lines are short."""


def _plain(line: Line, text: str, links: tuple[Link, ...]) -> Classified:
    if len(text) > _SHORT_KINDS_MAX:
        return Classified(Kind.HEADING if line.heading else Kind.TEXT, line, text, links=links)
    if legend_codes(text) >= 2 and not is_paragraph(text):
        return Classified(Kind.LEGEND, line, text)
    chrome = chrome_kind(text)
    if chrome:
        return Classified(chrome, line, text)
    if _only_links(text, links):
        return Classified(Kind.URL, line, text, links=links)
    subjects = only_subjects(text)
    if subjects:
        return Classified(Kind.SUBJECTS, line, text, subjects=subjects)
    if _affiliations(text):
        return Classified(Kind.AFFILIATIONS, line, text[1:-1].strip(), links=links)
    if looks_like_authors(text):
        return Classified(Kind.AUTHORS, line, text, links=links)
    byline = _names_before_venue(text) or _names_after_by(text, links)
    if byline:  # "D Iyer, K Bhattacharya - Proceedings of …, 2024": a search engine's byline
        return Classified(Kind.AUTHORS, line, byline, links=links)
    names = strip_link_labels(text, links) if links else text
    if names != text and looks_like_authors(names):  # "Leo Martins and Priya Raman (2024) — arXiv · code"
        return Classified(Kind.AUTHORS, line, names, links=links)
    if line.heading:
        subject = section_subject(text)
        if subject:
            return Classified(Kind.SECTION, line, text, subjects=(subject,))
        return Classified(Kind.HEADING, line, text, links=links)
    if text.endswith((":", "：")) and word_count(text) <= 30:
        subject = section_subject(text)
        return Classified(Kind.SECTION, line, text, subjects=(subject,) if subject else ())
    return Classified(Kind.TEXT, line, text, links=links)
