"""Links in running text: find them, trim what is not theirs, and say what each one is.

A URL in a scraped post runs into whatever follows it: Chinese text
("https://github.com/x/y上公开了我们的代码"), full-width punctuation, a closing bracket
or a full stop. URLs here are ASCII only, and trailing punctuation is trimmed unless it
closes a bracket the URL itself opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

from digestgen.arxiv import normalize_arxiv
from digestgen.extract.sites import CODE_HOSTS, PAPER_HOSTS

# Printable ASCII except space, quotes, angle brackets, backslash, caret, backtick and braces.
# One character class with a greedy "+": no backtracking, linear in the text.
_URL = re.compile(r"(?<![A-Za-z0-9_@])(?:https?://|www\.)[!#-&(-;=?-\[\]_a-z~]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*_~-"
_PAIRS = {")": "(", "]": "["}


class LinkKind(Enum):
    """What a link points to, as the schema files it."""

    ARXIV = "arxiv"
    CODE = "code"
    PAPER = "url"
    OTHER = "links"


@dataclass(frozen=True, slots=True)
class FoundUrl:
    """A URL found in text, with its place there."""

    url: str
    start: int
    end: int


def trim_url(raw: str) -> str:
    """The URL without punctuation that follows it in the sentence."""
    # Counts are kept, not recounted, so a URL followed by a million ")" trims in linear time.
    closes = {close: raw.count(close) for close in _PAIRS}
    opens = {close: raw.count(open_) for close, open_ in _PAIRS.items()}
    end = len(raw)
    while end:
        last = raw[end - 1]
        if last in _PAIRS and opens[last] < closes[last]:
            closes[last] -= 1
        elif last not in _TRAILING:
            break
        end -= 1
    return raw[:end]


def find_urls(text: str) -> list[FoundUrl]:
    """Every http(s) or www. URL in the text, trimmed, in order."""
    found: list[FoundUrl] = []
    lowered = text.lower()
    if "http" not in lowered and "www." not in lowered:
        return found  # most lines: skip the regex scan
    for match in _URL.finditer(text):
        url = trim_url(match.group())
        if "." not in url.split("//", 1)[-1]:
            continue  # "http://" alone or a host without a dot
        found.append(FoundUrl(_with_scheme(url), match.start(), match.start() + len(url)))
    return found


def _with_scheme(url: str) -> str:
    return url if "://" in url else "https://" + url


def remove_urls(text: str) -> str:
    """The text with its URLs cut out."""
    parts: list[str] = []
    last = 0
    for found in find_urls(text):
        parts.append(text[last : found.start])
        last = found.end
    parts.append(text[last:])
    return "".join(parts)


def is_web_url(href: str) -> bool:
    """Whether an href is an absolute http(s) link (not an anchor, mailto or javascript:)."""
    return href.lower().startswith(("http://", "https://"))


def host_of(url: str) -> str:
    """The host, lower case, without ``www.``."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _host_matches(host: str, hosts: frozenset[str]) -> bool:
    return host in hosts or any(host.endswith("." + h) for h in hosts)


def classify_url(url: str) -> LinkKind:
    """Where a link belongs in a paper record."""
    if normalize_arxiv(url):
        return LinkKind.ARXIV
    host = host_of(url)
    if _host_matches(host, CODE_HOSTS) and _has_repo_path(url):
        return LinkKind.CODE
    if _host_matches(host, PAPER_HOSTS) or "/doi/" in url or "doi.org" in host:
        return LinkKind.PAPER
    return LinkKind.OTHER


def _has_repo_path(url: str) -> bool:
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    return len([part for part in path.split("/") if part]) >= 1
