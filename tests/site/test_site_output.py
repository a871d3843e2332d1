"""The writer: deterministic output, only changed files rewritten, stale ones removed,
and a failed, refused or interrupted build leaves the previous site exactly as it was."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from site_helpers import SITE_DIGESTS, build, stable_tree, tree

from digestgen.build import output
from digestgen.build.manifest import content_hash
from digestgen.build.output import MARKER, OutputError, write_site
from digestgen.build.pipeline import build_site
from digestgen.errors import DigestError
from digestgen.render import RenderError, make_config
from digestgen.render.theme import Theme


def _inodes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}


@pytest.fixture
def digests(tmp_path: Path) -> Path:
    copy = tmp_path / "digests"
    shutil.copytree(SITE_DIGESTS, copy)
    return copy


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    build(SITE_DIGESTS, tmp_path / "a")
    build(SITE_DIGESTS, tmp_path / "b")
    assert stable_tree(tmp_path / "a") == stable_tree(tmp_path / "b")


def test_no_page_carries_a_build_time(tmp_path: Path) -> None:
    build(SITE_DIGESTS, tmp_path / "site")
    today = dt.date.today().isoformat().encode()
    assert not [p for p, data in tree(tmp_path / "site").items() if today in data]


def test_a_rebuild_with_nothing_changed_touches_nothing(tmp_path: Path, digests: Path) -> None:
    out = tmp_path / "site"
    build(digests, out)
    before = _inodes(out)
    report = build(digests, out).report
    assert (report.written, report.removed) == (0, 0)
    assert _inodes(out) == before


def test_an_edit_rewrites_only_the_files_it_changes(tmp_path: Path, digests: Path) -> None:
    out = tmp_path / "site"
    build(digests, out)
    before = _inodes(out)
    path = digests / "2023" / "2023-12-29-year-end.yaml"
    path.write_text(path.read_text().replace("The strong coupling", "The strong-coupling"))
    report = build(digests, out).report
    changed = {p for p, inode in _inodes(out).items() if before.get(p) != inode}
    search = {p for p in changed if p.startswith("pagefind/")}
    assert any(p.endswith("/digestgen-index.txt") for p in search) and any("/fragment/" in p for p in search)
    assert {p.split("/")[1] for p in search} == {"2023-12"}, "only the edited paper's shard (its month)"
    assert changed - search == {
        "papers/hep-th-9503124/index.html",  # the abstract
        "papers/hep-th-9503124/hep-th-9503124.bib",  # and its own exports
        "papers/hep-th-9503124/hep-th-9503124.ris",
        "dates/2023-12-29/index.html",  # the excerpt on its card
        "subjects/hep-th/index.html",
        "subjects/hep-th/feed.xml",
        "feed.xml",
        "papers-2023.json",  # its year's papers (the index, papers.json, is as it was)
        "digests/2023-12-29-year-end/index.html",  # the card, as published
        "dates/2023-12-29/papers.bib",  # exports carry abstracts
        "dates/2023-12-29/papers.ris",
        "subjects/hep-th/papers.bib",
        "subjects/hep-th/papers.ris",
        "papers.bib",
        "papers.ris",
    }
    assert report.written == len(changed)  # the manifest is rewritten in place, not counted
    assert report.removed == len(before.keys() - _inodes(out).keys())


def test_stale_files_are_removed(tmp_path: Path, digests: Path) -> None:
    out = tmp_path / "site"
    build(digests, out)
    (digests / "2023" / "2023-12-29-year-end.yaml").unlink()
    report = build(digests, out).report
    assert not (out / "dates" / "2023-12-29").exists()
    assert not (out / "papers" / "hep-th-9503124").exists()
    assert report.removed > 0
    assert stable_tree(out) == stable_tree(_fresh(tmp_path, digests))


def _fresh(tmp_path: Path, digests: Path) -> Path:
    out = tmp_path / "fresh"
    build(digests, out)
    return out


def test_a_bad_record_fails_the_build_and_leaves_the_site(tmp_path: Path, digests: Path) -> None:
    out = tmp_path / "site"
    build(digests, out)
    before, inodes = tree(out), _inodes(out)
    bad = digests / "2024" / "2024-03-20-bad.yaml"
    bad.write_text("date: 2024-02-30\npapers:\n  - title: No\n    arxiv: 2208.07010\n")
    with pytest.raises(DigestError) as failure:
        build(digests, out)
    messages = [str(p) for p in failure.value.problems]
    assert len(messages) >= 2 and all(m.startswith(str(bad)) for m in messages), messages
    assert tree(out) == before and _inodes(out) == inodes


def test_a_template_error_names_the_template_line_and_leaves_the_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(SITE_DIGESTS, out)
    before = tree(out)
    theme = tmp_path / "templates"
    theme.mkdir()
    (theme / "subjects.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{{ no_such_thing }}\n{% endblock %}\n'
    )
    with pytest.raises(DigestError) as failure:
        build_site(SITE_DIGESTS, out, make_config("/"), templates=theme)
    (problem,) = failure.value.problems
    assert problem.path == str(theme / "subjects.html") and problem.line == 3
    assert "no_such_thing" in problem.message
    assert tree(out) == before


@pytest.mark.parametrize("name", ["subjects.html", "macros.html"])
def test_a_template_that_does_not_compile_is_reported_with_its_line(tmp_path: Path, name: str) -> None:
    # Templates are compiled ahead, while the digests load; a broken one must still be
    # reported as a problem of its own file and line, not stop the load with a traceback.
    theme = tmp_path / "templates"
    theme.mkdir()
    (theme / name).write_text("<p>fine</p>\n{% if %}\n")
    with pytest.raises(DigestError) as failure:
        build_site(SITE_DIGESTS, tmp_path / "site", make_config("/"), templates=theme)
    (problem,) = failure.value.problems
    assert (problem.path, problem.line) == (str(theme / name), 2)
    assert not (tmp_path / "site").exists()


def test_a_build_makes_its_theme_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[object] = []
    real_init = Theme.__init__

    def init(theme: Theme, override_dir: Path | None = None) -> None:
        made.append(theme)
        real_init(theme, override_dir)

    monkeypatch.setattr(Theme, "__init__", init)
    build_site(SITE_DIGESTS, tmp_path / "site", make_config("/"))
    assert len(made) == 1  # compiled while the digests loaded, then used by the render


def test_one_template_can_be_overridden_alone(tmp_path: Path) -> None:
    theme = tmp_path / "templates"
    (theme / "partials").mkdir(parents=True)
    (theme / "partials" / "item.html").write_text('<li class="mine"><a href="{{ p.href }}">{{ p.title }}</a></li>\n')
    out = tmp_path / "site"
    build_site(SITE_DIGESTS, out, make_config("/"), templates=theme)
    home = (out / "index.html").read_text()
    assert '<li class="mine">' in home and '<header class="top">' in home


def test_the_header_and_footer_partials_serve_every_page_and_mark_its_section(tmp_path: Path) -> None:
    # They are rendered once per build (per section for the header), not once per page.
    theme = tmp_path / "templates"
    (theme / "partials").mkdir(parents=True)
    top = '<header class="mine">{{ section or "none" }} {{ site.title }}</header>\n'
    (theme / "partials" / "top.html").write_text(top)
    (theme / "partials" / "foot.html").write_text("<footer>my footer</footer>\n")
    out = tmp_path / "site"
    build_site(SITE_DIGESTS, out, replace(make_config("/"), search=False), templates=theme)
    pages = {path: (out / path).read_text() for path in ("index.html", "archive/index.html", "404.html")}
    assert '<header class="mine">home Paper Digests</header>\n<main' in pages["index.html"]
    assert '<header class="mine">archive Paper Digests</header>' in pages["archive/index.html"]
    assert '<header class="mine">none Paper Digests</header>' in pages["404.html"]
    assert all("<footer>my footer</footer>\n</body>" in page for page in pages.values())


def test_a_folder_digestgen_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("precious")
    with pytest.raises(OutputError, match="did not write"):
        write_site({"index.html": b"x"}, out)
    assert (out / "thesis.tex").read_text() == "precious"


def test_paths_outside_the_site_are_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        write_site({"../escape.html": b"x"}, tmp_path / "site")


def test_an_interrupted_swap_is_undone_by_the_next_build(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"old"}, out)
    out.rename(tmp_path / ".site.previous")  # killed between the two renames of a swap
    (tmp_path / ".site.staging").mkdir()
    (tmp_path / ".site.staging" / "index.html").write_bytes(b"half")
    report = write_site({"index.html": b"old"}, out)
    assert report.written == 0 and (out / "index.html").read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_the_marker_is_written_and_kept(tmp_path: Path) -> None:
    write_site({"a/b.html": b"1"}, tmp_path / "site")
    write_site({"a/c.html": b"2"}, tmp_path / "site")
    assert sorted(tree(tmp_path / "site")) == [MARKER, "a/c.html"]


def test_a_site_with_an_older_manifest_is_hashed_anew_and_its_files_kept(tmp_path: Path, digests: Path) -> None:
    out = tmp_path / "site"
    build(digests, out)
    marker = (out / MARKER).read_bytes()
    header, _, lines = marker.partition(b"digestgen-manifest 2\n")
    old_lines = b"".join(b"%s %s\n" % (b"0" * 24, line.split(b" ", 1)[1]) for line in lines.splitlines())
    (out / MARKER).write_bytes(header + b"digestgen-manifest 1\n" + old_lines)  # as format 1 wrote it
    before = _inodes(out)
    report = build(digests, out).report
    assert (report.written, report.removed) == (0, 0)
    assert _inodes(out) == before
    assert (out / MARKER).read_bytes() == marker


def _staged_leftovers(tmp_path: Path) -> list[str]:
    return sorted(path.name for path in tmp_path.glob(".*") if path.name.endswith((".staging", ".pending")))


def test_a_template_error_after_pages_were_staged_leaves_no_staged_files(tmp_path: Path) -> None:
    """Pages are staged on disk as they are rendered; a failure later in the build drops them."""
    theme = tmp_path / "templates"
    theme.mkdir()
    (theme / "search.html").write_text("{{ no_such_thing.attribute }}")  # the last page rendered
    for out in (tmp_path / "new", tmp_path / "old"):
        if out.name == "old":
            build(SITE_DIGESTS, out)
        before = tree(out) if out.exists() else None
        with pytest.raises(DigestError):
            build_site(SITE_DIGESTS, out, make_config("/"), templates=theme)
        assert (tree(out) if out.exists() else None) == before
        assert _staged_leftovers(tmp_path) == []


def test_files_are_staged_once_and_kept_files_cannot_be_written_too(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"a.html": b"a", "b.html": b"b"}, out)
    with output.staged(out, output.previous_manifest(out)) as staging:
        staging.put("b.html", b"new b")
        with pytest.raises(RenderError, match=r"two outputs want the same file 'b\.html'"):
            staging.put("b.html", b"again")
        with pytest.raises(RenderError, match=r"'b\.html'"):
            staging.commit(kept=["a.html", "b.html"])
    assert tree(out) == {MARKER: tree(out)[MARKER], "a.html": b"a", "b.html": b"b"}
    assert _staged_leftovers(tmp_path) == []


def test_a_second_build_writing_the_same_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"a.html": b"a"}, out)
    with (
        output.staged(out, output.previous_manifest(out)),
        pytest.raises(OutputError, match="is another build writing"),
    ):
        write_site({"a.html": b"b"}, out, previous=output.read_manifest(out))
    assert (out / "a.html").read_bytes() == b"a"


def test_a_second_build_of_the_same_site_waits_for_the_first(tmp_path: Path) -> None:
    """Else its clean-up of a killed build's leftovers would delete the first one's staged files."""
    out = tmp_path / "sites" / "site"
    done = threading.Event()
    with output.exclusive(out):  # a build in progress
        second = threading.Thread(target=lambda: (build(SITE_DIGESTS, out), done.set()))
        second.start()
        assert not done.wait(1.0)  # waiting
        assert not out.exists()
    second.join(30)
    assert done.is_set() and (out / MARKER).exists()


def test_large_files_given_in_parts_are_written_part_by_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "_STREAM_FROM_BYTES", 10)
    out = tmp_path / "site"
    with output.staged(out, {}) as staging:  # a new site
        staging.put_parts("data/big.json", iter([b"0123456789", b"abcdef"]))
        staging.put_parts("small.txt", [b"ab", b"c"])
        staging.commit()
    assert tree(out) | {MARKER: b""} == {MARKER: b"", "data/big.json": b"0123456789abcdef", "small.txt": b"abc"}
    assert output.read_manifest(out) == {
        "data/big.json": content_hash(b"0123456789abcdef"),
        "small.txt": content_hash(b"abc"),
    }
    before = _inodes(out)
    with output.staged(out, output.previous_manifest(out)) as staging:  # an update
        staging.put_parts("data/big.json", iter([b"0123456789", b"abcdef"]))  # unchanged: not rewritten
        staging.put_parts("new.json", iter([b"x" * 20]))
        report = staging.commit(kept=["small.txt"])
    assert (report.written, report.unchanged) == (1, 3)
    assert _inodes(out)["data/big.json"] == before["data/big.json"]
    assert (out / "new.json").read_bytes() == b"x" * 20
    assert _staged_leftovers(tmp_path) == []
