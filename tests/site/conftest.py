"""Fixtures for the site tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_helpers import SITE_DIGESTS, build

from digestgen.build.pipeline import BuildResult


@pytest.fixture(scope="session")
def built_root(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The fixture site built once at a domain root."""
    out = tmp_path_factory.mktemp("root") / "site"
    return out, build(SITE_DIGESTS, out)


@pytest.fixture(scope="session")
def built_subpath(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The fixture site built under a GitHub Pages project path."""
    out = tmp_path_factory.mktemp("sub") / "site"
    return out, build(SITE_DIGESTS, out, base_url="/my-digests/")
