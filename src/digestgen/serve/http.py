"""The HTTP side of ``digestgen serve``: 127.0.0.1 only, files from memory, reload events.

``GET /__digestgen/events?since=N`` is a server-sent event stream: it sends ``reload`` as soon
as the served version differs from N (at once if a rebuild happened while the page loaded),
then ends; a comment every few seconds notices closed tabs. Everything else is answered by
``routes.respond``.
"""

from __future__ import annotations

import contextlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from digestgen.serve.live import LiveSite
from digestgen.serve.routes import EVENTS, Response, respond

HOST = "127.0.0.1"
KEEPALIVE_SECONDS = 10.0
"""How often an idle event stream sends a comment (so a closed tab's thread ends)."""


class DevServer(ThreadingHTTPServer):
    """A threaded HTTP server bound to the loopback address, serving one live site."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, live: LiveSite) -> None:
        self.live = live
        super().__init__((HOST, port), _Handler)

    @property
    def port(self) -> int:
        """The port bound (the one the system chose when asked for port 0)."""
        return int(self.server_address[1])


class _Handler(BaseHTTPRequestHandler):
    server: DevServer
    server_version = "digestgen-serve"

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == EVENTS:
            self._events(_since(parts.query, self.server.live.snapshot.version))
            return
        self._send(respond(parts.path, self.server.live.snapshot), body=True)

    def do_HEAD(self) -> None:
        self._send(respond(urlsplit(self.path).path, self.server.live.snapshot), body=False)

    def _send(self, response: Response, *, body: bool) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(response.body)

    def _events(self, since: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        live = self.server.live
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._write(b"retry: 1000\n\n")
            while not live.closed:
                changed = live.wait_for_change(since, KEEPALIVE_SECONDS)
                if changed is not None:
                    self._write(f"event: reload\ndata: {changed.version}\n\n".encode())
                    return
                self._write(b": waiting\n\n")

    def _write(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows rebuilds and problems, not every request."""


def _since(query: str, current: int) -> int:
    """The version the page was served at (``?since=N``); the current one when absent or bad."""
    values = parse_qs(query).get("since", [])
    try:
        return int(values[0]) if values else current
    except ValueError:
        return current
