"""What serve answers to each path, without a server: routes.respond on snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from workflow_helpers import SITE_DIGESTS

from digestgen.build.pipeline import build_site, make_site
from digestgen.errors import DigestError, Problem
from digestgen.render import make_config
from digestgen.serve.live import LiveSite, Snapshot
from digestgen.serve.routes import RELOAD_SCRIPT, respond, with_reload_script

FILES = {
    "index.html": b"<html><body><h1>Home</h1></body></html>",
    "404.html": b"<html><body>Not here</body></html>",
    "dates/2024-03-14/index.html": b"<html><body>Day</body></html>",
    "assets/style.0123456789.css": b"body{}",
    "feed.xml": b"<feed/>",
}
SITE = Snapshot(3, "/base/", FILES)


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [
        ("/base/", 200, b"Home"),
        ("/base/index.html", 200, b"Home"),
        ("/base/dates/2024-03-14/", 200, b"Day"),
        ("/base/feed.xml", 200, b"<feed/>"),
        ("/base/nothing/", 404, b"Not here"),
        ("/", 404, b"outside the site"),
        ("/index.html", 404, b"outside the site"),
        ("/base/../base/index.html", 404, b"Not here"),
        ("/base/./index.html", 404, b"Not here"),
        ("/base/%2e%2e/secret", 404, b"Not here"),
        ("/base/dates%2f..%2f..%2fsecret", 404, b"Not here"),
        ("/base/dates\\..\\secret", 404, b"Not here"),
        ("/base/dates//2024-03-14/", 404, b"Not here"),
        ("/base//etc/passwd", 404, b"Not here"),
        ("/base/%00", 404, b"Not here"),
    ],
)
def test_paths(path: str, status: int, text: bytes) -> None:
    response = respond(path, SITE)
    assert response.status == status
    assert text in response.body


def test_directories_and_the_base_without_slash_redirect() -> None:
    assert respond("/base", SITE).headers["Location"] == "/base/"
    assert respond("/base/dates/2024-03-14", SITE).headers["Location"] == "/base/dates/2024-03-14/"


def test_html_gets_the_reload_script_with_its_version_other_files_do_not() -> None:
    page = respond("/base/", SITE)
    assert (
        page.body
        == b'<html><body><h1>Home</h1><script src="/__digestgen/reload.js" data-version="3"></script>\n</body></html>'
    )
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert respond("/base/assets/style.0123456789.css", SITE).body == b"body{}"
    assert respond("/base/feed.xml", SITE).headers["Content-Type"] == "application/xml; charset=utf-8"
    script = respond(RELOAD_SCRIPT, SITE)
    assert b"EventSource" in script.body and b"location.reload()" in script.body
    assert with_reload_script(b"no body tag", 1).startswith(b"no body tag<script")


def test_a_failed_build_shows_its_problems_on_pages_and_keeps_assets() -> None:
    problem = Problem("digests/2024/x.yaml", 4, 12, "title: quote <it>")
    broken = Snapshot(4, "/base/", FILES, (problem,))
    for path in ("/base/", "/base/dates/2024-03-14/", "/base/nothing/"):
        page = respond(path, broken)
        assert page.status == 500
        assert b"digests/2024/x.yaml:4:12: error: title: quote &lt;it&gt;" in page.body
        assert b'data-version="4"' in page.body
    assert respond("/base/assets/style.0123456789.css", broken).status == 200


def test_the_built_site_never_carries_the_reload_script(tmp_path: Path) -> None:
    build_site(SITE_DIGESTS, tmp_path / "site", make_config("/my-digests/"))
    for path in (tmp_path / "site").rglob("*"):
        if path.is_file():
            assert b"__digestgen" not in path.read_bytes(), path


def test_live_site_reparses_only_edited_files_and_reports_changes(tmp_path: Path) -> None:
    digests = tmp_path / "digests"
    digests.mkdir()
    (digests / "a.yaml").write_text("date: 2024-01-01\npapers:\n  - title: First\n")
    (digests / "b.yaml").write_text("date: 2024-01-02\npapers:\n  - title: Second\n")
    live = LiveSite(digests, None, lambda: make_config("/"), "/")
    first = live.rebuild()
    assert (first.snapshot.version, first.snapshot.problems) == (1, ())
    assert live.rebuild().snapshot is first.snapshot, "nothing changed: same snapshot, no reload"
    (digests / "b.yaml").write_text("date: 2024-01-02\npapers:\n  - title: Second, edited\n")
    edited = live.rebuild()
    assert edited.snapshot.version == 2 and edited.changed_files > 0
    (digests / "b.yaml").write_text("date: 2024-01-02\npapers:\n  - title: No\n")
    broken = live.rebuild()
    assert broken.snapshot.problems and broken.snapshot.files is edited.snapshot.files
    (digests / "b.yaml").write_text("date: 2024-01-02\npapers:\n  - title: Second\n")
    assert live.rebuild().fixed
    assert live.wait_for_change(since=0, timeout=0.1) is live.snapshot
    assert live.wait_for_change(since=live.snapshot.version, timeout=0.05) is None
    live.close()
    assert live.wait_for_change(since=0, timeout=5) is None and live.closed


def test_make_site_uses_the_record_cache(tmp_path: Path) -> None:
    from digestgen.records.cache import RecordCache

    cache = RecordCache()
    config = make_config("/")
    make_site(SITE_DIGESTS, config, cache=cache)
    calls: list[str] = []
    original = cache.store
    cache.store = lambda name, data, entry: (calls.append(name), original(name, data, entry))[1]  # type: ignore[method-assign]
    make_site(SITE_DIGESTS, config, cache=cache)
    assert calls == [], "an unchanged folder is not parsed again"
    with pytest.raises(DigestError):
        make_site(tmp_path / "missing", config, cache=cache)
