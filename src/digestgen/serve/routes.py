"""What ``digestgen serve`` answers to a path: a pure function of the path and the snapshot.

Files are looked up in the built site's ``{path: bytes}``, never on disk, so nothing outside
the site can be served; paths with ``..``, ``.``, backslashes or NUL are refused before
the lookup all the same. The site is served only under its base URL, as GitHub Pages
serves a project site: a link that forgets the prefix fails here too, with a page that
says so. Every HTML page gets the reload script; the built site never has it.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from html import escape
from urllib.parse import unquote

from digestgen.render.urls import NOT_FOUND
from digestgen.serve.live import Snapshot

PREFIX = "/__digestgen/"
"""Where serve's own endpoints live, outside any site path."""
EVENTS = PREFIX + "events"
RELOAD_SCRIPT = PREFIX + "reload.js"
_TYPES = {".xml": "application/xml", ".json": "application/json", ".js": "text/javascript", ".txt": "text/plain"}

RELOAD_JS = b"""// digestgen serve: reload this page when the site is rebuilt (never part of the built site).
(function () {
  var version = document.currentScript.getAttribute("data-version");
  var events = new EventSource("/__digestgen/events?since=" + version);
  events.addEventListener("reload", function () { events.close(); location.reload(); });
})();
"""


@dataclass(frozen=True, slots=True)
class Response:
    """Status, headers and body of one answer."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def respond(url_path: str, snapshot: Snapshot) -> Response:
    """The answer to a GET of ``url_path`` (without the query)."""
    path = unquote(url_path)
    if path == RELOAD_SCRIPT:
        return Response(200, RELOAD_JS, {"Content-Type": "text/javascript; charset=utf-8"})
    base = snapshot.base_url
    if path == base.rstrip("/") and base != "/":
        return _redirect(base)
    if not path.startswith(base):
        return _outside_base(path, snapshot)
    relative = _safe_relative(path[len(base) :])
    if relative is None:
        return _not_found(snapshot)
    return _site_file(relative, snapshot)


def _safe_relative(relative: str) -> str | None:
    """The path inside the site, or None when it could reach outside it or is malformed."""
    if "\x00" in relative or "\\" in relative or relative.startswith("/"):
        return None
    parts = relative.split("/")
    if any(part in (".", "..") for part in parts) or "" in parts[:-1]:
        return None
    return relative


def _site_file(relative: str, snapshot: Snapshot) -> Response:
    name = relative + "index.html" if relative == "" or relative.endswith("/") else relative
    if snapshot.problems and (name.endswith(".html") or name not in snapshot.files):
        return _error_page(snapshot)
    data = snapshot.files.get(name)
    if data is not None:
        return _file(name, data, 200, snapshot)
    if f"{relative}/index.html" in snapshot.files:
        return _redirect(f"{snapshot.base_url}{relative}/")
    return _not_found(snapshot)


def _file(name: str, data: bytes, status: int, snapshot: Snapshot) -> Response:
    kind = _TYPES.get(name[name.rfind(".") :]) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/xml", "application/json"):
        kind += "; charset=utf-8"
    if name.endswith(".html"):
        data = with_reload_script(data, snapshot.version)
    return Response(status, data, {"Content-Type": kind})


def with_reload_script(page: bytes, version: int) -> bytes:
    """The page with serve's reload script at the end of its body."""
    tag = f'<script src="{RELOAD_SCRIPT}" data-version="{version}"></script>\n'.encode()
    at = page.rfind(b"</body>")
    return page + tag if at < 0 else page[:at] + tag + page[at:]


def _redirect(location: str) -> Response:
    return Response(301, b"", {"Location": location})


def _not_found(snapshot: Snapshot) -> Response:
    page = snapshot.files.get(NOT_FOUND)
    if page is None:
        return _html(404, snapshot, "Not found", "<p>No page here.</p>")
    return _file(NOT_FOUND, page, 404, snapshot)


def _outside_base(path: str, snapshot: Snapshot) -> Response:
    base = escape(snapshot.base_url)
    body = (
        f"<p><code>{escape(path)}</code> is outside the site's base URL <code>{base}</code>.</p>"
        f'<p>The site is served under <a href="{base}">{base}</a>, as GitHub Pages will serve it: '
        "a link that leaves out the prefix breaks there too.</p>"
    )
    return _html(404, snapshot, "Outside the base URL", body)


def _error_page(snapshot: Snapshot) -> Response:
    count = len(snapshot.problems)
    items = "".join(f"<li><code>{escape(str(p))}</code></li>" for p in snapshot.problems)
    body = (
        f"<p>The site cannot be built: {count} problem{'' if count == 1 else 's'}. "
        "Fix the file and save; this page reloads by itself.</p>"
        f'<ol class="problems">{items}</ol>'
    )
    return _html(500, snapshot, "Build failed", body)


def _html(status: int, snapshot: Snapshot, title: str, body: str) -> Response:
    page = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark">'
        f"<title>{escape(title)} · digestgen serve</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "code{font-size:.95em}.problems li{margin:.4rem 0;white-space:pre-wrap}</style>"
        f"</head><body><h1>{escape(title)}</h1>{body}</body></html>\n"
    )
    data = with_reload_script(page.encode(), snapshot.version)
    return Response(status, data, {"Content-Type": "text/html; charset=utf-8"})
