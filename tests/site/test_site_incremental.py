"""Cached and incremental builds make the very bytes a cold build makes, after every kind of change."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from site_helpers import SITE_DIGESTS, SITE_URL, TODAY, stable_tree, tree

from digestgen.build import cache as buildcache
from digestgen.build.cache import BuildCache, inputs_key
from digestgen.build.pipeline import BuildResult, build_site
from digestgen.errors import DigestError
from digestgen.render import SiteConfig, make_config, site
from digestgen.runtime import inputkeys, offload
from digestgen.runtime.inputkeys import OUTSIDE_BUILD
from digestgen.runtime.sink import Sink

Edit = Callable[[Path, Path], None]
"""Changes the digests folder or the templates folder (its two arguments)."""


class Project:
    """A copy of the fixture digests, a templates folder and a config, built with a cache."""

    def __init__(self, root: Path, search: bool = False) -> None:
        self.root = root
        self.digests, self.templates = root / "digests", root / "templates"
        shutil.copytree(SITE_DIGESTS, self.digests)
        self.config = replace(make_config("/", SITE_URL, search=search), today=TODAY)
        self.cache = BuildCache(root / "cache")
        self.out = root / "site"
        self.colds = 0

    def build(self) -> BuildResult:
        return build_site(self.digests, self.out, self.config, self.templates, cache=self.cache)

    def cold(self) -> Path:
        """A build of the same inputs into a new folder, without any cache."""
        self.colds += 1
        out = self.root / f"cold-{self.colds}"
        build_site(self.digests, out, self.config, self.templates)
        return out


def _edit_title(digests: Path, _templates: Path) -> None:
    path = digests / "2024" / "2024-03-04-cv.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - title: ") + len("  - title: ")
    path.write_text(text[:start] + "Revised " + text[start:], encoding="utf-8")


def _add_newest_digest(digests: Path, _templates: Path) -> None:
    (digests / "2024" / "2024-03-18-new.yaml").write_text(
        "date: 2024-03-18\ntitle: A new day\npapers:\n"
        "  - title: A brand new paper\n    arxiv: '2403.99999'\n    subjects: [cs.CV]\n"
        "  - title: Attention Is All You Need\n    arxiv: '1706.03762'\n    subjects: [cs.CL]\n",
        encoding="utf-8",
    )


def _add_oldest_digest(digests: Path, _templates: Path) -> None:
    (digests / "2023" / "2023-01-02-early.yaml").write_text(
        "date: 2023-01-02\ntitle: Early\npapers:\n  - title: An early paper\n    subjects: [cs.LG]\n",
        encoding="utf-8",
    )


def _delete_digest(digests: Path, _templates: Path) -> None:
    (digests / "2023" / "2023-12-29-year-end.yaml").unlink()


def _override_card(_digests: Path, templates: Path) -> None:
    source = Path(__file__).parents[2] / "src" / "digestgen" / "templates" / "partials" / "card.html"
    (templates / "partials").mkdir(parents=True, exist_ok=True)
    (templates / "partials" / "card.html").write_text(source.read_text() + "<!-- my card -->\n")


def _edit_override(_digests: Path, templates: Path) -> None:
    card = templates / "partials" / "card.html"
    card.write_text(card.read_text().replace("<!-- my card -->", "<!-- my own card -->"))


def _override_footer_template(_digests: Path, templates: Path) -> None:
    source = Path(__file__).parents[2] / "src" / "digestgen" / "templates" / "base.html"
    templates.mkdir(exist_ok=True)
    (templates / "base.html").write_text(source.read_text().replace("</body>", "<!-- footer note --></body>"))


EDITS: list[tuple[str, Edit]] = [
    ("edit a paper", _edit_title),
    ("add the newest digest", _add_newest_digest),
    ("add an older digest", _add_oldest_digest),
    ("delete a digest", _delete_digest),
    ("override a card template", _override_card),
    ("edit the override", _edit_override),
    ("override the base template", _override_footer_template),
]


def test_incremental_builds_equal_cold_builds_after_each_change(tmp_path: Path) -> None:
    project = Project(tmp_path)
    first = project.build()
    assert first.report.written == first.files
    assert tree(project.out) == tree(project.cold())
    for name, edit in EDITS:
        edit(project.digests, project.templates)
        result = project.build()
        assert result.catalog is not None, name
        assert 0 < result.report.written < result.files, name  # some pages kept, some rendered
        assert tree(project.out) == tree(project.cold()), name


def test_config_and_date_changes_rebuild_what_they_change(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.build()
    changes: list[SiteConfig] = [
        replace(make_config("/my-digests/", "https://digests.example.org/my-digests/", search=False), today=TODAY),
        replace(make_config("/my-digests/", "https://digests.example.org/my-digests/", search=False), today=TODAY),
        replace(project.config, today=TODAY + dt.timedelta(days=1)),  # the stale notice's age
        replace(project.config, today=dt.date(2024, 3, 15)),  # not stale any more
        replace(project.config, papers_per_page=1),
    ]
    for config in changes:
        project.config = config
        project.build()
        assert tree(project.out) == tree(project.cold()), config


def test_nothing_changed_skips_everything(tmp_path: Path) -> None:
    project = Project(tmp_path)
    first = project.build()
    again = project.build()
    assert again.catalog is None
    assert [name for name, _ in again.steps.times] == ["inputs"]
    assert (again.report.written, again.report.unchanged) == (0, first.files)
    assert (again.papers, again.dates, again.warnings) == (first.papers, first.dates, first.warnings)


def test_a_page_deleted_from_the_output_is_written_again(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.build()
    (project.out / "papers" / "1706.03762" / "index.html").unlink()
    (project.out / "index.html").write_text("edited by hand")  # not seen: digestgen owns the folder
    result = project.build()
    assert result.report.written == 1
    assert (project.out / "papers" / "1706.03762" / "index.html").exists()


def test_a_build_without_the_cache_in_between_is_noticed(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.build()
    _edit_title(project.digests, project.templates)
    build_site(project.digests, project.out, project.config, project.templates)  # --no-cache
    _edit_title(project.digests, project.templates)
    project.build()
    assert tree(project.out) == tree(project.cold())


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(("digestgen-build-state-1", "foreign"))])
def test_a_broken_or_foreign_cache_is_ignored(tmp_path: Path, damage: bytes) -> None:
    project = Project(tmp_path)
    project.build()
    project.cache.state_file(project.out).write_bytes(damage)
    for entry in (project.cache.folder / "records").iterdir():
        entry.write_bytes(damage)
    _edit_title(project.digests, project.templates)
    project.build()
    assert tree(project.out) == tree(project.cold())
    assert project.build().catalog is None  # and the state is whole again


def test_with_the_search_index(tmp_path: Path) -> None:
    project = Project(tmp_path, search=True)
    project.build()
    for _, edit in EDITS[:2]:
        edit(project.digests, project.templates)
        project.build()
        assert stable_tree(project.out) == stable_tree(project.cold())


def test_the_code_key_leaves_out_only_modules_a_build_never_imports(tmp_path: Path) -> None:
    # A real build (with search and a cache): the renderer is imported while the digests load.
    script = (
        "import sys; from pathlib import Path; from digestgen.build.pipeline import build_site;"
        "from digestgen.build.cache import BuildCache; from digestgen.render import make_config;"
        f"build_site(Path({str(SITE_DIGESTS)!r}), Path({str(tmp_path / 'out')!r}), make_config(),"
        f" cache=BuildCache(Path({str(tmp_path / 'cache')!r})));"
        "print(' '.join(m for m in sys.modules if m.startswith('digestgen')))"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    parts = {part for name in loaded for part in name.split(".")[1:2]}
    assert "render" in parts and "build" in parts
    assert not parts & {name.removesuffix(".py") for name in OUTSIDE_BUILD}


def test_pages_rendered_by_a_second_core_are_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not offload.can_fork():
        pytest.skip("needs fork and two cores")
    project = Project(tmp_path)
    serial = project.cold()
    monkeypatch.setattr(site, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(site, "CHUNK_PAGES", 3)  # several chunks
    result = project.build()  # a cold build with the cache: the child also makes the keys
    assert "paper pages and data files" in [name for name, _ in result.steps.times]
    assert tree(project.out) == tree(serial)
    _edit_title(project.digests, project.templates)
    _override_card(project.digests, project.templates)  # every page changes: rendered in parallel again
    assert project.build().report.written > 10
    assert tree(project.out) == tree(project.cold())


CHUNK = 2
"""Paper pages a chunk in ``test_a_failed_child_leaves_its_work_to_the_parent``."""


def test_a_failed_child_leaves_its_work_to_the_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The child fails after staging a chunk of pages: the parent renders them again, nothing lost or doubled."""
    if not offload.can_fork():
        pytest.skip("needs fork and two cores")
    parent = os.getpid()
    render_pages = site._render_pages
    failed = tmp_path / "the child failed"

    def failing_in_the_child(sink: Sink, *args: Any) -> None:
        if os.getpid() == parent and len(args[3]) > CHUNK:
            # The child first makes the data files (the front of the shared works), then takes
            # page chunks; the parent, slowed on its list pages, leaves it one to take and fail after.
            time.sleep(0.2)
        render_pages(sink, *args)
        if os.getpid() != parent:
            failed.touch()
            raise RuntimeError("the child fails")

    monkeypatch.setattr(site, "_render_pages", failing_in_the_child)
    monkeypatch.setattr(site, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(site, "CHUNK_PAGES", CHUNK)
    project = Project(tmp_path)
    project.build()  # a new site: the child's chunk is in the staging tree already
    assert failed.exists()
    failed.unlink()
    assert tree(project.out) == tree(project.cold())
    assert project.build().catalog is None  # the keys were made and saved too
    _edit_title(project.digests, project.templates)
    _override_card(project.digests, project.templates)
    project.build()  # an update: the child's chunk is staged in the pending folder, unused
    assert failed.exists()
    assert tree(project.out) == tree(project.cold())
    assert not list(tmp_path.glob(".*.pending")) and not list(tmp_path.glob(".*.staging"))


def test_a_template_error_while_the_child_works_stops_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The error is this process's (with its template line), and the child is stopped, not waited for."""
    if not offload.can_fork():
        pytest.skip("needs fork and two cores")
    cancelled = []
    cancel = offload.Offload.cancel
    monkeypatch.setattr(offload.Offload, "cancel", lambda self: (cancelled.append(1), cancel(self))[1])
    monkeypatch.setattr(site, "PARALLEL_MIN_PAGES", 1)
    project = Project(tmp_path)
    project.templates.mkdir()
    (project.templates / "subjects.html").write_text(
        "{% extends 'base.html' %}\n{% block content %}{{ nope.x }}{% endblock %}"
    )
    with pytest.raises(DigestError) as failure:
        project.build()
    (problem,) = failure.value.problems
    assert problem.path.endswith("subjects.html") and problem.line == 2
    assert cancelled == [1]
    assert not project.out.exists()


def test_the_inputs_key_follows_the_libraries_that_shape_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Project(tmp_path, search=True)
    before = inputs_key(project.digests, project.config, project.templates)
    without_search = inputs_key(project.digests, replace(project.config, search=False), project.templates)
    monkeypatch.setattr(buildcache, "engine_version", lambda: "pagefind 99")
    assert inputs_key(project.digests, project.config, project.templates) != before
    assert inputs_key(project.digests, replace(project.config, search=False), project.templates) == without_search
    monkeypatch.setattr(
        inputkeys, "distribution_version", lambda name: "99" if name == "jinja2" else metadata.version(name)
    )
    inputkeys.code_key.cache_clear()
    try:
        assert inputs_key(project.digests, replace(project.config, search=False), project.templates) != without_search
    finally:
        inputkeys.code_key.cache_clear()


def test_no_fork_outside_the_main_thread() -> None:
    found: list[bool] = []
    thread = threading.Thread(target=lambda: found.append(offload.can_fork()))
    thread.start()
    thread.join()
    assert found == [False]


def test_a_cache_folder_that_cannot_be_written_never_fails_the_build(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.cache = BuildCache(tmp_path / "blocked")
    (tmp_path / "blocked").write_text("a file where the cache folder should be")
    first = project.build()
    assert tree(project.out) == tree(project.cold())
    assert project.build().report.written == 0 and first.catalog is not None
