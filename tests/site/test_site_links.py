"""Every internal link, anchor and asset resolves, at a domain root and under a sub-path."""

from __future__ import annotations

from pathlib import Path

from site_helpers import broken_links, parse, tree

from digestgen.build.pipeline import BuildResult


def test_no_broken_link_at_the_root(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    assert broken_links(out, "/") == []


def test_no_broken_link_under_a_project_path(built_subpath: tuple[Path, BuildResult]) -> None:
    out, _ = built_subpath
    assert broken_links(out, "/my-digests/") == []


def test_every_internal_link_under_a_sub_path_carries_it(built_subpath: tuple[Path, BuildResult]) -> None:
    out, _ = built_subpath
    for path, data in tree(out).items():
        if path.endswith(".html"):
            for _, href in parse(data).links:
                if href.startswith("/"):
                    assert href.startswith("/my-digests/"), (path, href)


def test_the_404_page_links_work_from_any_depth(built_subpath: tuple[Path, BuildResult]) -> None:
    out, _ = built_subpath
    hrefs = [href for _, href in parse((out / "404.html").read_bytes()).links]
    assert hrefs and all(h.startswith(("/my-digests/", "data:", "#")) for h in hrefs), hrefs


def test_the_crawler_finds_a_broken_link(tmp_path: Path, built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    copy = tmp_path / "site"
    for path, data in tree(out).items():
        (copy / path).parent.mkdir(parents=True, exist_ok=True)
        (copy / path).write_bytes(data)
    page = copy / "archive" / "index.html"
    page.write_bytes(
        page.read_bytes().replace(b"</main>", b'<a href="/papers/nope/">x</a><a href="#nope">y</a></main>')
    )
    assert len(broken_links(copy, "/")) == 2
