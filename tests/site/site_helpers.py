"""Helpers for the site tests: build a fixture folder, read pages, crawl links."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from digestgen.build.pipeline import BuildResult, build_site
from digestgen.render import make_config

FIXTURES = Path(__file__).parent.parent / "fixtures"
SITE_DIGESTS = FIXTURES / "site" / "digests"
SITE_URL = "https://digests.example.org/"
TODAY = dt.date(2024, 3, 20)
"""The fixture site's build date: its newest digest (14 March) is then 6 days old, so stale."""


def build(digests: Path, out: Path, base_url: str = "/", site_url: str | None = None) -> BuildResult:
    """Build ``digests`` into ``out`` with the package's own templates."""
    config = replace(make_config(base_url, site_url or SITE_URL.rstrip("/") + base_url), today=TODAY)
    return build_site(digests, out, config, templates=None)


def tree(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` by relative path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


UNSTABLE = re.compile(r"pagefind/[^/]+/(filter/.*|pagefind\.[^/]*\.pf_meta|pagefind-entry\.json)")
"""Pagefind's filter and meta indexes, whose bytes differ between two runs on the same
records (it writes filter values in hash-map order; Pagefind issue #638), so the files
named by their hash and the entry file naming them differ too, in every shard's bundle
(``pagefind/2024-03/``). A rebuild keeps them, as
it keeps the whole index while no paper changes; only two cold builds differ in them."""


def stable_tree(out: Path) -> dict[str, bytes]:
    """``tree`` without Pagefind's unstable files, and without the manifest lines that hash them."""
    files = {path: data for path, data in tree(out).items() if not UNSTABLE.fullmatch(path)}
    if ".digestgen-site" in files:
        lines = files[".digestgen-site"].decode().splitlines(keepends=True)
        kept = [line for line in lines if not UNSTABLE.fullmatch(line.rstrip("\n").partition(" ")[2])]
        files[".digestgen-site"] = "".join(kept).encode()
    return files


def page_tree(out: Path) -> dict[str, bytes]:
    """The site's pages and data files: ``tree`` without the search index and the output's manifest."""
    return {path: data for path, data in tree(out).items() if not path.startswith(("pagefind/", ".digestgen-site"))}


@dataclass
class Page:
    """What a crawler needs from one HTML page."""

    links: list[tuple[str, str]] = field(default_factory=list)
    """(attribute, value) of every href and src."""
    ids: set[str] = field(default_factory=set)
    tags: list[tuple[str, list[tuple[str, str | None]]]] = field(default_factory=list)
    """Every start tag with its attributes."""
    title: str = ""


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags.append((tag, attrs))
        self._in_title = tag == "title"
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.page.links.append((name, value))
            if name == "id" and value:
                self.page.ids.add(value)

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data


def parse(html: bytes) -> Page:
    """Links, ids and tags of a page."""
    parser = _PageParser()
    parser.feed(html.decode())
    parser.close()
    return parser.page


def resolve(href: str, base_url: str, page_path: str) -> str | None:
    """The output file a site-internal link points to, or None if it is external."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page_path
    if not path.startswith("/"):
        raise AssertionError(f"relative link {href!r} in {page_path}: every internal link starts at the base")
    if not path.startswith(base_url):
        return "\0outside the base URL: " + path
    rest = path[len(base_url) :]
    return rest + "index.html" if rest == "" or rest.endswith("/") else rest


def broken_links(out: Path, base_url: str) -> list[str]:
    """Every internal link, anchor or asset of every page that does not resolve."""
    files = tree(out)
    pages = {path: parse(data) for path, data in files.items() if path.endswith(".html")}
    broken = []
    for path, page in pages.items():
        for attr, href in page.links:
            target = resolve(href, base_url, path)
            if target is None:
                continue
            if target not in files:
                broken.append(f"{path}: {attr}={href!r} -> {target} missing")
                continue
            fragment = urlsplit(href).fragment
            if fragment and (target not in pages or unquote(fragment) not in pages[target].ids):
                broken.append(f"{path}: {attr}={href!r}: no element with id {fragment!r}")
    return broken
