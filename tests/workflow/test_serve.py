"""``digestgen serve`` driven for real: a process, HTTP requests, file edits, Ctrl+C."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from workflow_helpers import Server, project

DAILY = Path("digests/2024/2024-03-14-daily.yaml")
PAPER = "/papers/2306.01667/"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    """The fixture site served under a GitHub Pages project path."""
    root = project(tmp_path)
    server = Server(root, "--base-url", "/my-digests/")
    try:
        yield server, root
    finally:
        server.stop()


def test_edit_break_fix_stop(served: tuple[Server, Path]) -> None:
    server, root = served
    assert server.base == "/my-digests/"
    page = server.get("/my-digests/")
    assert page.status == 200
    assert "Towards In-context Scene Understanding" in page.body
    assert page.body.rstrip().endswith("</html>")

    # An edit: the open page's event stream says reload, and the page has the new text.
    stream = server.events(page.version)
    daily = root / DAILY
    daily.write_text(daily.read_text().replace("Towards In-context", "Edited In-context"))
    assert stream.next_event() == ("reload", str(page.version + 1))
    stream.close()
    edited = server.get("/my-digests/")
    assert "Edited In-context Scene Understanding" in edited.body
    assert edited.version == page.version + 1
    server.wait_for("changed digests/2024/2024-03-14-daily.yaml; rebuilt")

    # A broken record: the server stays up and every page shows the problem at its place.
    stream = server.events(edited.version)
    (root / "digests/2024/2024-03-20-broken.yaml").write_text("date: 2024-02-30\npapers: []\n")
    assert stream.next_event()[0] == "reload"
    server.wait_for("build failed with 1 problem(s)")
    for path in ("/my-digests/", "/my-digests" + PAPER):
        broken = server.get(path)
        assert broken.status == 500
        assert "digests/2024/2024-03-20-broken.yaml:1:7: error: date: 2024-02-30 is not a real date" in broken.body
        assert "/__digestgen/reload.js" in broken.body  # it reloads by itself once fixed
    css = [line for line in edited.body.split('"') if line.startswith("/my-digests/assets/")]
    assert server.get(css[0]).status == 200, "the last good stylesheet is still served"

    # Fixed: the pages come back.
    stream = server.events(broken.version)
    (root / "digests/2024/2024-03-20-broken.yaml").write_text("date: 2024-02-29\npapers: []\n")
    assert stream.next_event()[0] == "reload"
    server.wait_for("every problem is fixed")
    again = server.get("/my-digests" + PAPER)
    assert again.status == 200
    assert "Edited In-context Scene Understanding" in again.body

    # Ctrl+C: a clean exit.
    assert server.stop() == 0
    assert server.output[-1] == "stopped"


def test_only_the_base_path_is_served(served: tuple[Server, Path]) -> None:
    server, _ = served
    outside = server.get("/")
    assert outside.status == 404
    assert "outside the site&#x27;s base URL" in outside.body or "outside the site's base URL" in outside.body
    assert server.get("/papers/2306.01667/").status == 404, "a link without the prefix breaks here too"
    redirect = server.get("/my-digests/archive")
    assert (redirect.status, redirect.headers["Location"]) == (301, "/my-digests/archive/")
    assert server.get("/my-digests").headers["Location"] == "/my-digests/"
    missing = server.get("/my-digests/no/such/page/")
    assert missing.status == 404
    assert "/__digestgen/reload.js" in missing.body  # the site's own 404 page
    feed = server.get("/my-digests/feed.xml")
    assert feed.status == 200 and feed.headers["Content-Type"] == "application/xml; charset=utf-8"
    assert "__digestgen" not in feed.body, "only HTML pages get the script"
    assert server.get("/my-digests/", method="HEAD").status == 200


@pytest.mark.parametrize(
    "path",
    [
        "/my-digests/../../../../etc/passwd",
        "/my-digests/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/my-digests/..%2f..%2f..%2fetc%2fpasswd",
        "/my-digests/papers/..%5c..%5cetc%5cpasswd",
        "/my-digests//etc/passwd",
        "/my-digests/%00index.html",
        "/../digests/2024/2024-03-14-daily.yaml",
        "/my-digests/../digests/2024/2024-03-14-daily.yaml",
    ],
)
def test_never_serves_files_outside_the_site(path: str, tmp_path: Path) -> None:
    server = _shared_server(tmp_path)
    page = server.get(path)
    assert page.status == 404
    assert "root:" not in page.body and "papers:" not in page.body


_servers: dict[str, Server] = {}


def _shared_server(tmp_path: Path) -> Server:
    # One server for every traversal case: starting one per case would cost a second each.
    if "traversal" not in _servers:
        _servers["traversal"] = Server(project(tmp_path), "--base-url", "/my-digests/")
    return _servers["traversal"]


@pytest.fixture(scope="module", autouse=True)
def _stop_shared() -> Iterator[None]:
    yield
    for server in _servers.values():
        assert server.stop() == 0


def test_settings_file_changes_apply_live(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "digestgen.toml").write_text('title = "Morning Papers"\nbase_url = "/papers-site/"\n')
    server = Server(root)
    try:
        assert server.base == "/papers-site/"
        page = server.get("/papers-site/")
        assert "Morning Papers" in page.body
        stream = server.events(page.version)
        (root / "digestgen.toml").write_text('title = "Evening Papers"\nbase_url = "/papers-site/"\n')
        assert stream.next_event()[0] == "reload"
        assert "Evening Papers" in server.get("/papers-site/").body
        (root / "digestgen.toml").write_text('titel = "Typo"\n')
        server.wait_for("build failed")
        broken = server.get("/papers-site/")
        assert broken.status == 500
        assert "digestgen.toml:1:1: error: unknown key `titel`; did you mean `title`?" in broken.body
    finally:
        assert server.stop() == 0


def test_a_template_edit_rebuilds(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "templates").mkdir()
    server = Server(root)
    try:
        page = server.get("/")
        stream = server.events(page.version)
        packaged = Path(__file__).resolve().parents[2] / "src/digestgen/templates/404.html"
        (root / "templates/404.html").write_text(
            packaged.read_text().replace("{% endblock %}", "<p>Lost here</p>{% endblock %}")
        )
        assert stream.next_event()[0] == "reload"
        missing = server.get("/nowhere/")
        assert missing.status == 404
        assert "Lost here" in missing.body
    finally:
        assert server.stop() == 0
