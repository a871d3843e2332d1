"""Fixtures for the search tests: the seed site built under a sub-path and served (the browser
comes from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from search_helpers import BASE, SEARCH_DIGESTS, build


@pytest.fixture(scope="session")
def search_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the seed site at ``my-digests/``, built with its search index."""
    root = tmp_path_factory.mktemp("www")
    build(SEARCH_DIGESTS, root / BASE.strip("/"))
    return root


@pytest.fixture(scope="session")
def server(search_root: Path, serve_folder: Callable[[Path], str]) -> str:
    """The root served over HTTP on 127.0.0.1; its origin."""
    return serve_folder(search_root)
