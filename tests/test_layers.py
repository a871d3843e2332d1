"""The packages of src/digestgen import one way, in the order the README's development map gives."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "digestgen"
README = Path(__file__).resolve().parents[1] / "README.md"

# Lower layers first; a module may import its own layer and any layer before it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "arxiv", "subjects"),
    ("runtime",),
    ("records",),
    ("extract",),
    ("ingest", "newdigest", "newsite"),
    ("catalog",),
    ("render",),
    ("search",),
    ("settings",),
    ("build",),
    ("serve",),
    ("cli",),
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _part_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def _imported_parts(tree: ast.AST) -> set[str]:
    parts = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = node.module.split(".")
            if names[0] != "digestgen":
                continue
            if len(names) > 1:
                parts.add(names[1])
            else:
                parts.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            parts.update(a.name.split(".")[1] for a in node.names if a.name.startswith("digestgen."))
    return parts - {"__version__"}


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _part_of(p) != "__init__")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_run_one_way(path: Path) -> None:
    own = RANK[_part_of(path)]
    upward = {part for part in _imported_parts(ast.parse(path.read_text())) if RANK[part] > own}
    assert not upward, f"{path.relative_to(PACKAGE)} imports a later layer: {sorted(upward)}"


def test_every_part_has_a_layer_and_root_stays_small() -> None:
    parts = {_part_of(p) for p in PACKAGE.rglob("*.py")} - {"__init__"}
    assert parts == set(RANK)
    root_modules = [p for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert len(root_modules) <= 8


def test_readme_map_names_every_package_in_layer_order() -> None:
    text = README.read_text(encoding="utf-8")
    packages = [p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()]
    places = {name: text.index(f"    {name}/ ") for name in packages}
    assert sorted(packages, key=places.__getitem__) == sorted(packages, key=RANK.__getitem__)
