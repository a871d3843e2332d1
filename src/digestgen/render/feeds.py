"""Machine-readable outputs: Atom feeds, the sitemap, robots.txt and the papers' JSON files.

All addresses in them are absolute (``SiteConfig.site_url``). Nothing here depends on the
time of the build: a feed's ``updated`` is the date of its newest paper.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import orjson

from digestgen.catalog import Catalog, CatalogPaper
from digestgen.records.model import PAPER_FIELDS
from digestgen.render import urls
from digestgen.render.config import SiteConfig
from digestgen.render.text import clean, clean_all, excerpt
from digestgen.render.views import PaperView

SITEMAP_LIMIT = 50_000
"""URLs per sitemap file (the protocol's limit); more make a sitemap index."""
_SUMMARY = 1200


def atom_feed(title: str, feed_path: str, page_path: str, entries: Sequence[PaperView], config: SiteConfig) -> bytes:
    """An Atom 1.0 feed of ``entries`` (newest first)."""
    from xml.sax.saxutils import escape, quoteattr  # here: it imports urllib.request (11 ms at start-up)

    linker = urls.Linker.for_site(config)
    updated = _stamp(entries[0]) if entries else "1970-01-01T00:00:00Z"
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<title>{escape(title)}</title>\n<subtitle>{escape(config.description)}</subtitle>\n"
        f"<id>{escape(linker.absolute(page_path))}</id>\n<updated>{updated}</updated>\n"
        f"<author><name>{escape(config.title)}</name></author>\n"
        f'<link rel="self" type="application/atom+xml" href={quoteattr(linker.absolute(feed_path))}/>\n'
        f'<link rel="alternate" type="text/html" href={quoteattr(linker.absolute(page_path))}/>\n'
    )
    return (head + "".join(_entry(p) for p in entries) + "</feed>\n").encode()


def _stamp(paper: PaperView) -> str:
    return paper.first_date.isoformat() + "T00:00:00Z"


def _entry(paper: PaperView) -> str:
    from xml.sax.saxutils import escape, quoteattr

    title = paper.title + (f" / {paper.subtitle_zh}" if paper.subtitle_zh else "")
    authors = "".join(f"<author><name>{escape(a)}</name></author>" for a in paper.authors)
    categories = "".join(f"<category term={quoteattr(s.code)}/>" for s in paper.subjects)
    summary = excerpt(paper.abstract or paper.abstract_zh or "", _SUMMARY)
    return (
        f"<entry><title>{escape(title)}</title><id>{escape(paper.url)}</id>"
        f'<link rel="alternate" type="text/html" href={quoteattr(paper.url)}/>'
        f"<updated>{_stamp(paper)}</updated>{authors}{categories}"
        f"<summary>{escape(summary)}</summary></entry>\n"
    )


def sitemap(paths: Iterable[str], config: SiteConfig) -> dict[str, bytes]:
    """``sitemap.xml`` for the given page paths; an index of numbered sitemaps past the limit."""
    from xml.sax.saxutils import escape

    linker = urls.Linker.for_site(config)
    locs = [linker.absolute(p) for p in paths]
    if len(locs) <= SITEMAP_LIMIT:
        return {urls.SITEMAP: _urlset(locs)}
    files: dict[str, bytes] = {}
    for number, start in enumerate(range(0, len(locs), SITEMAP_LIMIT), start=1):
        files[f"sitemap-{number}.xml"] = _urlset(locs[start : start + SITEMAP_LIMIT])
    parts = "".join(f"<sitemap><loc>{escape(linker.absolute(name))}</loc></sitemap>\n" for name in files)
    files[urls.SITEMAP] = _xml("sitemapindex", parts)
    return files


def _urlset(locs: Sequence[str]) -> bytes:
    from xml.sax.saxutils import escape

    return _xml("urlset", "".join(f"<url><loc>{escape(loc)}</loc></url>\n" for loc in locs))


def _xml(root: str, body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n'
        f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</{root}>\n'
    ).encode()


def robots(config: SiteConfig) -> bytes:
    """Allow everything; point at the sitemap."""
    linker = urls.Linker.for_site(config)
    return f"User-agent: *\nAllow: /\nSitemap: {linker.absolute(urls.SITEMAP)}\n".encode()


def papers_json_files(catalog: Catalog, config: SiteConfig) -> Iterator[tuple[str, Iterator[bytes]]]:
    """Every merged paper as JSON: one file per year of first listing (``papers-2024.json``)
    and an index of them (``papers.json``), each as (path, parts).

    One file of every paper would be 9 MB at 3,000 papers and 150 MB at 100,000, and every
    page's footer links to it; a year's file is the size of a year, and a tool that follows
    the site fetches the index and the newest year.
    """
    linker = urls.Linker.for_site(config)
    by_year: dict[int, list[CatalogPaper]] = {}
    for paper in catalog.papers:
        by_year.setdefault(paper.first_date.year, []).append(paper)
    yield urls.PAPERS_JSON, iter([papers_index(by_year, linker)])
    for year, papers in by_year.items():
        yield urls.papers_of_year(year), year_json(year, papers, linker)


def papers_index(by_year: dict[int, list[CatalogPaper]], linker: urls.Linker) -> bytes:
    """The index: ``{"count": 25, "years": [{"year": 2024, "count": 6, "path": "papers-2024.json",
    "url": ...}, ...]}``, newest year first."""
    years = [
        {"year": year, "count": len(papers), "path": urls.papers_of_year(year),
         "url": linker.absolute(urls.papers_of_year(year))}
        for year, papers in sorted(by_year.items(), reverse=True)
    ]  # fmt: skip
    return orjson.dumps({"count": sum(len(papers) for papers in by_year.values()), "years": years}) + b"\n"


def year_json(year: int, papers: Iterable[CatalogPaper], linker: urls.Linker) -> Iterator[bytes]:
    """The papers first listed in ``year``, with page address and appearances; one paper per line.

    Yielded in parts, a paper at a time, for ``Sink.put_parts``: joined, a big year's file
    would be held whole, once more, beside its parts.
    """
    yield b'{"year":%d,"papers":[\n' % year
    separator = b""
    for paper in papers:
        # orjson writes what json.dumps(..., ensure_ascii=False, separators=(",", ":")) would,
        # as UTF-8, in a sixth of the time (the file is 15 MB at 10,000 papers)
        yield separator + orjson.dumps(_paper_record(paper, linker))
        separator = b",\n"
    yield b"\n]}\n"


def _paper_record(paper: CatalogPaper, linker: urls.Linker) -> dict[str, object]:
    record: dict[str, object] = {"slug": paper.slug, "page": linker.absolute(urls.paper(paper.slug))}
    for name in PAPER_FIELDS:
        value = getattr(paper.record, name)
        if value:
            record[name] = clean_all(value) if isinstance(value, tuple) else clean(value)  # a tuple is a JSON list
    record["appearances"] = [
        {"date": a.digest.date.isoformat(), "digest": a.digest.title, "source": a.digest.source,
         "position": a.position}
        for a in paper.appearances
    ]  # fmt: skip
    return record
