"""The fixture site, built and compared file by file with the checked-in expected tree.

The search index (binary, and partly unstable: ``site_helpers.UNSTABLE``) and the output's
manifest are left out; the search tests cover the index. After an intended change to
pages, regenerate the expected tree and review its diff:

    DIGESTGEN_REGEN_GOLDEN=1 .venv/bin/pytest tests/site/test_site_golden.py
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from site_helpers import FIXTURES, page_tree, tree

from digestgen.build.pipeline import BuildResult

GOLDEN = FIXTURES / "golden"


def test_build_matches_the_golden_tree(built_root: tuple[Path, BuildResult]) -> None:
    out, _ = built_root
    if os.environ.get("DIGESTGEN_REGEN_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, data in page_tree(out).items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_bytes(data)
    built, expected = page_tree(out), tree(GOLDEN)
    assert sorted(built) == sorted(expected), "files differ from tests/fixtures/golden"
    for path, data in expected.items():
        assert built[path] == data, _diff(path, data, built[path])


def _diff(path: str, expected: bytes, built: bytes) -> str:
    lines = difflib.unified_diff(
        expected.decode(errors="replace").splitlines(),
        built.decode(errors="replace").splitlines(),
        f"golden/{path}",
        f"built/{path}",
        lineterm="",
    )
    return f"{path} differs from the golden tree (DIGESTGEN_REGEN_GOLDEN=1 to accept):\n" + "\n".join(list(lines)[:60])
