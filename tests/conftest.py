"""Suite-wide: `make test` (and so CI) refuses to run without the browser the browser tests need.

Outside `make test` those tests skip when Debian's Chromium is missing, so a quick local run
still works; with ``DIGESTGEN_REQUIRE_BROWSER=1`` (which the Makefile sets) a missing
browser stops the run instead of letting the tests that matter most skip in silence.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def pytest_sessionstart(session: pytest.Session) -> None:
    if os.environ.get("DIGESTGEN_REQUIRE_BROWSER") == "1" and not CHROMIUM.exists():
        raise pytest.UsageError(f"{CHROMIUM} is missing: run `make browser-deps` (Debian chromium, fonts-noto-cjk)")


@pytest.fixture(autouse=True)
def _build_cache_outside_the_checkout(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``digestgen build`` keeps its cache (``--cache-dir``) in a fresh temporary folder, not in the current one."""
    monkeypatch.setenv("DIGESTGEN_CACHE_DIR", str(tmp_path_factory.mktemp("digestgen-cache")))
