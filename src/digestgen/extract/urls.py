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
from functools import lru_cache
from typing import Final
from urllib.parse import parse_qsl, urlsplit

from digestgen.arxiv import arxiv_in_link, explicit_arxiv
from digestgen.extract.sites import CODE_HOSTS, PAPER_HOSTS
from digestgen.extract.text import per_post

# Printable ASCII except space, quotes, angle brackets, backslash, caret, backtick and braces.
# One character class with a greedy "+": no backtracking, linear in the text.
# Hosts whose addresses are printed without a scheme often enough ("arxiv.org/abs/2503.14022" in a
# thread, "github.com/x/y" in a caption) that a bare one is a link too.
_BARE_HOSTS = (
    r"(?:arxiv\.org|github\.com|gitlab\.com|huggingface\.co|openreview\.net|doi\.org|alphaxiv\.org|papers\.cool)/"
)
_BARE_PAGES = r"[a-z0-9][a-z0-9\-]{0,62}\.github\.io\b"
_URL = re.compile(
    rf"(?<![A-Za-z0-9_@/.\-])(?:https?://|www\.|{_BARE_HOSTS}|{_BARE_PAGES})[!#-&(-;=?-\[\]_a-z~]*", re.IGNORECASE
)
_BARE_URL = re.compile(rf"(?<![A-Za-z0-9_@/.\-])(?:{_BARE_HOSTS}|{_BARE_PAGES})", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*_~-"
_PAIRS = {")": "(", "]": "["}

# Link vocabulary that sites.CODE_HOSTS / PAPER_HOSTS do not hold (candidates to move there).
MORE_PAPER_HOSTS: Final = frozenset(
    """ssrn.com springer.com aclweb.org ecva.net usenix.org isca-archive.org isca-speech.org computer.org
    hal.science europepmc.org pubmed.ncbi.nlm.nih.gov chemrxiv.org eprint.iacr.org journals.aps.org aaai.org
    thecvf.com neurips.cc mlr.press""".split()
)
# Paper hosts where only some paths are a paper's page (the rest: venues, people, model hubs).
_PAPER_PATHS: Final = {
    "huggingface.co": ("/papers/",),  # its other pages are models, datasets and spaces
    "openreview.net": ("/forum", "/pdf", "/attachment"),
    "semanticscholar.org": ("/paper/",),
    "paperswithcode.com": ("/paper/",),
    "researchgate.net": ("/publication/",),
    "ieeexplore.ieee.org": ("/document/", "/abstract/document/", "/stamp/", "/xpl/conhome/"),
}
# First path segments of a paper host that are about people or searches, not a paper.
_NOT_PAPER_PAGES: Final = frozenset("author authors people profile profiles user users search".split())
PROJECT_HOSTS: Final = frozenset("github.io gitlab.io pages.dev netlify.app vercel.app".split())
_PROJECT_SEGMENTS: Final = frozenset("project projects project-page projectpage project_page".split())
IMAGE_HOSTS: Final = frozenset(
    """shields.io badgen.net badge.fury.io camo.githubusercontent.com user-images.githubusercontent.com
    private-user-images.githubusercontent.com i.imgur.com mmbiz.qpic.cn img-blog.csdnimg.cn
    pic1.zhimg.com pic2.zhimg.com pic3.zhimg.com pic4.zhimg.com""".split()
)
_IMAGE_SUFFIXES: Final = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".ico", ".avif")
# Self-hosted forges: "gitlab.inria.fr/user/repo", "git.example.edu/user/repo".
_SELF_HOSTED_CODE: Final = frozenset("gitlab git gitea forgejo".split())
_SHORT_LINK_CODE_HOSTS: Final = frozenset({"git.io"})
# First path segments of a code host that are its own pages, not a user's repository.
_CODE_HOST_PAGES: Final = frozenset(
    """orgs topics search trending sponsors settings features marketplace collections explore about login
    join signup notifications pricing enterprise apps users site security readme events contact new
    codespaces issues pulls groups dashboard help -""".split()
)
# Third path segments that make a repository link a thread about it, not the code.
_REPO_THREADS: Final = frozenset("issues pull pulls discussions".split())
# Files that a repository link may point to which are notes or papers, not code (a README is the repo).
_DOCUMENT_SUFFIXES: Final = (".md", ".markdown", ".pdf", ".txt", ".rst", ".html", ".htm", ".docx", ".pptx")


class LinkKind(Enum):
    """What a link points to, as the schema files it."""

    ARXIV = "arxiv"
    CODE = "code"
    PAPER = "url"
    OTHER = "links"


PAPER_KINDS: Final = frozenset({LinkKind.ARXIV, LinkKind.PAPER})
"""Kinds of link that point to a paper itself (its arXiv or paper page)."""


@dataclass(frozen=True, slots=True)
class FoundUrl:
    """A URL found in text, with its place there."""

    url: str
    start: int
    end: int


def trim_url(raw: str) -> str:
    """The URL without punctuation that follows it in the sentence."""
    if raw[-1:] not in _PAIRS and raw[-1:] not in _TRAILING:
        return raw  # the common case: nothing to trim
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


@per_post
def find_urls(text: str) -> tuple[FoundUrl, ...]:
    """Every http(s) or www. URL in the text, trimmed, in order."""
    lowered = text.lower()
    schemeless = "http" not in lowered and "www." not in lowered
    if schemeless and (("/" not in text and ".github.io" not in lowered) or not _BARE_URL.search(text)):
        return ()  # most lines: skip the full scan
    found: list[FoundUrl] = []
    for match in _URL.finditer(text):
        url = trim_url(match.group())
        if "." not in url.split("//", 1)[-1]:
            continue  # "http://" alone or a host without a dot
        found.append(FoundUrl(_with_scheme(url), match.start(), match.start() + len(url)))
    return tuple(found)


_REDIRECT_KEYS: Final = frozenset("url u q target to dest destination redirect redirect_url redir link".split())


def unwrap_redirect(url: str) -> str:
    """The address a redirect or tracking link sends the reader to ("scholar.google.com/scholar_url?
    url=https://arxiv.org/abs/2410.09114&hl=en", "google.com/url?q=…", Outlook's safe links), else the
    URL itself."""
    if "=http" not in url and "=HTTP" not in url and "%3A%2F%2F" not in url.upper():
        return url  # the common case: no address in the query
    try:
        query = urlsplit(url).query
    except ValueError:
        return url
    for key, value in parse_qsl(query):
        if key.casefold() in _REDIRECT_KEYS and is_web_url(value) and " " not in value:
            return value
    return url


def _with_scheme(url: str) -> str:
    return url if "://" in url else "https://" + url


@per_post
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


@lru_cache(maxsize=4096)
def _host_matches(host: str, hosts: frozenset[str]) -> bool:
    return host in hosts or any(host.endswith("." + h) for h in hosts)


def _parts_of(url: str) -> tuple[str, str, str]:
    """(host, path, query) of a URL, host lower case without ``www.``; empty strings when unparsable."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return "", "", ""
    return host, parts.path, parts.query


def _segments(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


@lru_cache(maxsize=8192)  # a post names the same links again and again (segment, unit and draft ask)
def classify_url(url: str) -> LinkKind:
    """Where a link belongs in a paper record.

    ARXIV: an arXiv form (also a mirror, the arXiv DOI, a badge printing the id), or a link of
    another site whose path starts a segment with a well-formed id. CODE: a repository on a
    code host. PAPER: a paper's page at a publisher, proceedings or index, or a document kept
    in a repository. OTHER: the rest, images and project pages among them (``is_project_url``
    tells a project page, which a post may give in place of a code link).
    """
    if explicit_arxiv(url):
        return LinkKind.ARXIV
    if is_image_url(url):
        return LinkKind.OTHER
    host, path, query = _parts_of(url)
    if is_code_url(url):
        return LinkKind.CODE
    if _is_kept_document(host, path):
        return LinkKind.PAPER  # a paper, or notes on it, kept in a repository: the entry's own page
    if _is_paper_page(host, path, query) or "/doi/" in path or host.endswith("doi.org"):
        return LinkKind.PAPER
    if arxiv_in_link(url):
        return LinkKind.ARXIV
    return LinkKind.OTHER


def is_image_url(url: str) -> bool:
    """Whether a link is an image: a badge, a picture host's file, a path ending in an image suffix."""
    host, path, _ = _parts_of(url)
    return _host_matches(host, IMAGE_HOSTS) or path.lower().endswith(_IMAGE_SUFFIXES)


def is_code_url(url: str) -> bool:
    """Whether a link is a code repository (``github.com/user/repo``).

    Not a user or organisation alone, a page of the host (topics, search), an issue or pull
    request, nor a document kept in a repository (``…/blob/main/notes/Title.md``).
    """
    host, path, _ = _parts_of(url)
    if not _is_code_host(host):
        return False
    parts = _segments(path)
    if host in _SHORT_LINK_CODE_HOSTS:
        return len(parts) >= 1
    if len(parts) < 2 or parts[0].lower() in _CODE_HOST_PAGES:
        return False
    if len(parts) >= 3 and parts[2].lower() in _REPO_THREADS:
        return False
    return not _is_kept_document(host, path)


def is_project_url(url: str) -> bool:
    """Whether a link is a project page: a static-pages host (``user.github.io/project``) or a ``/project/…`` path."""
    host, path, _ = _parts_of(url)
    if _host_matches(host, PROJECT_HOSTS) or (host == "sites.google.com" and path.startswith("/view/")):
        return True
    return any(part.lower() in _PROJECT_SEGMENTS for part in _segments(path)[:3])


def _is_code_host(host: str) -> bool:
    return _host_matches(host, CODE_HOSTS) or (host.count(".") >= 1 and host.split(".", 1)[0] in _SELF_HOSTED_CODE)


def _is_kept_document(host: str, path: str) -> bool:
    """Whether a code-host link is a file of prose ("…/blob/main/notes/Title.md"); a README is the repository."""
    parts = [part.lower() for part in _segments(path)]
    if len(parts) < 4 or not ({"blob", "raw"} & set(parts[2:4])) or not _is_code_host(host):
        return False
    return parts[-1].endswith(_DOCUMENT_SUFFIXES) and not parts[-1].startswith("readme")


def _is_paper_page(host: str, path: str, query: str) -> bool:
    if not (_host_matches(host, PAPER_HOSTS) or _host_matches(host, MORE_PAPER_HOSTS)):
        return False
    for paper_host, prefixes in _PAPER_PATHS.items():
        if host == paper_host or host.endswith("." + paper_host):
            return path.lower().startswith(prefixes)
    parts = _segments(path)
    return bool(parts or query) and not (parts and parts[0].lower() in _NOT_PAPER_PAGES)
