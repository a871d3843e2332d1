"""arXiv identifiers: recognise every written form, keep the bare id without version.

Forms accepted: ``2306.01667``, ``2306.01667v2``, ``arXiv:2306.01667``, ``arXiv 2306.01667``,
``[2306.01667]``, the abs/pdf/html/ps/format URLs with or without a scheme
(``https://arxiv.org/pdf/2306.01667v1.pdf``, ``export.arxiv.org/abs/…``), the DOI that arXiv
registers (``10.48550/arXiv.2306.01667``, also as a doi.org link), the pages that mirrors keep
under the id (Hugging Face papers, alphaXiv, papers.cool, ar5iv, Semantic Scholar's arXiv
redirect), badges that print the id (``img.shields.io/badge/arXiv-2306.01667-b31b1b``), and
old-style ids such as ``hep-th/9901001`` or ``math.GT/0309136``.

A link on any other site counts when one of its path segments starts with a well-formed id
(``/202602/26/2602.12345v1-some-slug``, ``/papers/2401.01234.html``) or a query value is one
(``?paper=2401.01234``). Without an arXiv context an id must be well formed (a real month, four
digits to 1412 and five from 1501), so that dates, versions and prices are not misread.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

# New style since 2007: YYMM.NNNN (to 2014) or YYMM.NNNNN.
NEW_STYLE = r"\d{4}\.\d{4,5}"
# Old style: archive, optional subject class, "/", YYMMNNN.
OLD_STYLE = r"[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7}"
# A new-style id as arXiv issues them: YY 07-14 with four digits, YY 15 on with five; MM 01-12.
WELL_FORMED = r"(?:(?:0[7-9]|1[0-4])(?:0[1-9]|1[0-2])\.\d{4}|(?:1[5-9]|[2-9]\d)(?:0[1-9]|1[0-2])\.\d{5})(?!\d)"
_VERSION = r"(?:v\d++)?"
_ANY_ID = rf"({NEW_STYLE}|{OLD_STYLE})(?!\d)"
_END = r"(?:\.pdf)?/?(?:[?#].*)?$"

_BARE = re.compile(
    rf"^[\[(（【]?\s*+(?:arxiv(?:\s*+id)?(?:\s*+[:：])?\s*+)?{_ANY_ID}{_VERSION}(?:\.pdf)?\s*+[\])）】]?$",
    re.IGNORECASE,
)
_ARXIV_PATHS = r"(?:abs|pdf|html|format|ps|src|e-print)"
_URL = re.compile(
    rf"^(?:https?://)?(?:[a-z0-9-]++\.)*arxiv\.org/{_ARXIV_PATHS}/{_ANY_ID}{_VERSION}{_END}",
    re.IGNORECASE,
)
# The services that show an arXiv paper under its id (digests often link these instead).
_MIRRORS = (
    r"huggingface\.co/papers|alphaxiv\.org/(?:abs|overview|pdf)|papers\.cool/arxiv"
    r"|ar5iv\.(?:labs\.arxiv\.org/html|org/(?:abs|html))|semanticscholar\.org/arxiv|scirate\.com/arxiv"
)
_MIRROR_URL = re.compile(
    rf"^(?:https?://)?(?:www\.)?(?:{_MIRRORS}|arxiv-sanity-lite\.com/\?rid=|api\.semanticscholar\.org/arxiv:)"
    rf"/?({NEW_STYLE})(?!\d){_VERSION}{_END}",
    re.IGNORECASE,
)
# The DOI arXiv registers for every paper, as text ("doi:10.48550/arXiv.2306.01667") or a link.
_DOI = re.compile(
    rf"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi\s*+[:：]?\s*+)?10\.48550/arxiv\.{_ANY_ID}{_VERSION}/?(?:[?#].*)?$",
    re.IGNORECASE,
)
# Badge images print "label-message-colour" (shields.io, "--" is a literal dash) or
# "label/message/colour" (badgen) in their path.
_BADGE = re.compile(r"^(?:https?://)?(?:img\.)?(shields\.io|badgen\.net)/badge/([^?#]*)", re.IGNORECASE)
_BADGE_PART = re.compile(rf"^(?:arxiv(?:\s*+id)?(?:\s*+[:：])?\s*+)?{_ANY_ID}{_VERSION}$", re.IGNORECASE)
# A path segment of any site that starts with a well-formed id: "2602.12345v1-slug", "2401.01234.html".
_SEGMENT = re.compile(rf"({WELL_FORMED}){_VERSION}(?:[-_.~+,].*)?$", re.IGNORECASE | re.DOTALL)
_QUERY_VALUE = re.compile(rf"(?:arxiv:)?({WELL_FORMED}){_VERSION}$", re.IGNORECASE)

# Anywhere in running text: an arXiv or mirror URL, the DOI, an "arXiv:" / "arXiv " prefix, or a
# bare well-formed id (also as a path segment: "/2602.12345v1-slug"). Possessive quantifiers
# keep every scan linear.
FIND_IN_TEXT = re.compile(
    rf"(?:arxiv\.org/{_ARXIV_PATHS}/|10\.48550/arxiv\.|(?:{_MIRRORS})/|\barxiv(?:\s*+id)?(?:\s*+[:：])?\s*+)"
    rf"{_ANY_ID}{_VERSION}"
    rf"|(?<![A-Za-z0-9_.])({WELL_FORMED}){_VERSION}(?![a-z0-9])",
    re.IGNORECASE,
)


def normalize_arxiv(raw: str) -> str | None:
    """The bare id (no version, no URL) that ``raw`` names, or None if it names none.

    ``raw`` is an id as printed, a URL or a site-relative link path.
    """
    text = raw.strip()
    match = _BARE.match(text) or _URL.match(text) or _MIRROR_URL.match(text) or _DOI.match(text)
    if match:
        return _canonical_case(match.group(1))
    return badge_arxiv(text) or arxiv_in_link(text)


def explicit_arxiv(raw: str) -> str | None:
    """The id of an arXiv-specific form (an id, an arXiv or mirror URL, the DOI, a badge), or None.

    Unlike ``normalize_arxiv`` this does not read ids out of other sites' link paths.
    """
    text = raw.strip()
    match = _BARE.match(text) or _URL.match(text) or _MIRROR_URL.match(text) or _DOI.match(text)
    if match:
        return _canonical_case(match.group(1))
    return badge_arxiv(text)


def badge_arxiv(url: str) -> str | None:
    """The id that a badge image prints (``img.shields.io/badge/arXiv-2401.01234-b31b1b``), or None."""
    match = _BADGE.match(url.strip())
    if match is None:
        return None
    host, path = match.group(1).lower(), match.group(2)
    mentions_arxiv = "arxiv" in path.casefold()
    parts = path.split("/") if host == "badgen.net" else path.replace("--", "\0").split("-")
    for part in parts:
        part = unquote(part.replace("\0", "-").replace("__", "\0").replace("_", " ").replace("\0", "_"))
        part = part.strip().removesuffix(".svg").removesuffix(".png").strip()
        found = _BADGE_PART.match(part)
        if found and (mentions_arxiv or re.fullmatch(WELL_FORMED, found.group(1))):
            return _canonical_case(found.group(1))
    return None


_SPACE = re.compile(r"\s")
"""Whitespace: for str patterns, exactly the characters of str.isspace()."""


def arxiv_in_link(url: str) -> str | None:
    """The id that a link of any site carries in its path or query, or None.

    A path segment must start with a well-formed id ("/202602/26/2602.12345v1-slug",
    "/papers/2401.01234.html"); a query value must be one ("?paper=2401.01234").
    """
    url = url.strip()
    if "/" not in url or _SPACE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    for segment in parts.path.split("/"):
        if segment[:1].isdigit():
            match = _SEGMENT.match(segment)
            if match:
                return match.group(1)
    if parts.query and any(map(str.isdigit, parts.query)):
        for _, value in parse_qsl(parts.query):
            match = _QUERY_VALUE.match(value.strip())
            if match:
                return match.group(1)
    return None


def _canonical_case(arxiv_id: str) -> str:
    # Old-style archives are lower case, their subject classes upper case: math.GT/0309136.
    if "/" not in arxiv_id:
        return arxiv_id
    archive, number = arxiv_id.split("/")
    head, dot, klass = archive.partition(".")
    return f"{head.lower()}{dot}{klass.upper()}/{number}"


_ID_DIGITS = re.compile(r"\d{4}(?:\.\d{4}|\d{3})")
"""Every id form holds one of these runs of digits (new style "2401.12345", old "hep-th/9901001")."""
_DIGIT = re.compile(r"\d")
"""Found faster than ``_ID_DIGITS``, which is then tried only from the first digit on."""


def find_arxiv_ids(text: str) -> list[str]:
    """Every arXiv id mentioned in running text, in order, without repeats."""
    found: dict[str, None] = {}
    digit = _DIGIT.search(text)
    if digit is None or not _ID_DIGITS.search(text, digit.start()):
        return []  # most lines: no id can be there, and the full pattern is costly to run
    for match in FIND_IN_TEXT.finditer(text):
        found.setdefault(_canonical_case(match.group(1) or match.group(2)))
    return list(found)


def abs_url(arxiv_id: str) -> str:
    """The abstract page of an id."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def pdf_url(arxiv_id: str) -> str:
    """The PDF of an id."""
    return f"https://arxiv.org/pdf/{arxiv_id}"
