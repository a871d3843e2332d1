"""Suite-wide fixtures: the browser, a static HTTP server, the build cache out of the checkout.

`make test` (and so CI) refuses to run without the browser the browser tests need. Outside
`make test` those tests skip when Debian's Chromium is missing, so a quick local run still
works; with ``DIGESTGEN_REQUIRE_BROWSER=1`` (which the Makefile sets) a missing browser
stops the run instead of letting the tests that matter most skip in silence.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]  # fmt: skip


def pytest_sessionstart(session: pytest.Session) -> None:
    if os.environ.get("DIGESTGEN_REQUIRE_BROWSER") == "1" and not CHROMIUM.exists():
        raise pytest.UsageError(f"{CHROMIUM} is missing: run `make browser-deps` (Debian chromium, fonts-noto-cjk)")


@pytest.fixture(autouse=True)
def _build_cache_outside_the_checkout(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``digestgen build`` keeps its cache (``--cache-dir``) in a fresh temporary folder, not in the current one."""
    monkeypatch.setenv("DIGESTGEN_CACHE_DIR", str(tmp_path_factory.mktemp("digestgen-cache")))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def serve_folder() -> Iterator[Callable[[Path], str]]:
    """Serves a folder over HTTP on 127.0.0.1 until the session ends: ``serve_folder(root)`` is its origin."""
    servers: list[tuple[http.server.ThreadingHTTPServer, threading.Thread]] = []

    def start(root: Path) -> str:
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        servers.append((httpd, thread))
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    yield start
    for httpd, thread in servers:
        httpd.shutdown()
        thread.join()
