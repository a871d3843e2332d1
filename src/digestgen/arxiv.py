"""arXiv identifiers: recognise every written form, keep the bare id without version.

Forms accepted: ``2306.01667``, ``2306.01667v2``, ``arXiv:2306.01667``, the abs/pdf/html
URLs (``https://arxiv.org/pdf/2306.01667v1.pdf``), the pages that mirrors keep under the id
(Hugging Face papers, alphaXiv, papers.cool, ar5iv, Semantic Scholar's arXiv redirect), and
old-style ids such as ``hep-th/9901001`` or ``math.GT/0309136``.
"""

from __future__ import annotations

import re

# New style since 2007: YYMM.NNNN (to 2014) or YYMM.NNNNN.
NEW_STYLE = r"\d{4}\.\d{4,5}"
# Old style: archive, optional subject class, "/", YYMMNNN.
OLD_STYLE = r"[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7}"
_VERSION = r"(?:v\d+)?"

_BARE = re.compile(rf"^(?:arxiv:\s*)?({NEW_STYLE}|{OLD_STYLE}){_VERSION}(?:\.pdf)?$", re.IGNORECASE)
_URL = re.compile(
    rf"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/({NEW_STYLE}|{OLD_STYLE}){_VERSION}"
    r"(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
# The services that show an arXiv paper under its id (digests often link these instead).
_MIRROR_URL = re.compile(
    r"^https?://(?:www\.)?(?:huggingface\.co/papers|alphaxiv\.org/(?:abs|overview|pdf)|papers\.cool/arxiv"
    r"|ar5iv\.(?:labs\.arxiv\.org/html|org/(?:abs|html))|semanticscholar\.org/arxiv|arxiv-sanity-lite\.com/\?rid=)"
    rf"/?({NEW_STYLE}){_VERSION}(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
# Anywhere in running text: a URL, an "arXiv:" prefix, or a bare new-style id.
FIND_IN_TEXT = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf|html)/|arxiv:\s*)({NEW_STYLE}|{OLD_STYLE}){_VERSION}"
    rf"|(?<![\w./])({NEW_STYLE}){_VERSION}(?![\w/])",
    re.IGNORECASE,
)


def normalize_arxiv(raw: str) -> str | None:
    """The bare id (no version, no URL) that ``raw`` names, or None if it names none."""
    text = raw.strip()
    match = _BARE.match(text) or _URL.match(text) or _MIRROR_URL.match(text)
    if not match:
        return None
    return _canonical_case(match.group(1))


def _canonical_case(arxiv_id: str) -> str:
    # Old-style archives are lower case, their subject classes upper case: math.GT/0309136.
    if "/" not in arxiv_id:
        return arxiv_id
    archive, number = arxiv_id.split("/")
    head, dot, klass = archive.partition(".")
    return f"{head.lower()}{dot}{klass.upper()}/{number}"


def find_arxiv_ids(text: str) -> list[str]:
    """Every arXiv id mentioned in running text, in order, without repeats."""
    found: list[str] = []
    for match in FIND_IN_TEXT.finditer(text):
        arxiv_id = _canonical_case(match.group(1) or match.group(2))
        if arxiv_id not in found:
            found.append(arxiv_id)
    return found


def abs_url(arxiv_id: str) -> str:
    """The abstract page of an id."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def pdf_url(arxiv_id: str) -> str:
    """The PDF of an id."""
    return f"https://arxiv.org/pdf/{arxiv_id}"
