"""Cache files that cannot lie (issue 18): a damaged record, build state or compiled template
that would still unpickle or load is a miss, so the site stays byte for byte a clean build's."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner, Result

from digestgen.build.cache import BuildCache, BuildState
from digestgen.cli import main
from digestgen.render.theme import PackageBytecode, Theme

_DIGEST = "date: 2024-03-14\npapers:\n  - title: A Recommendation Engine\n    abstract: Recommendation at scale.\n"


def _build(digests: Path, out: Path, cache: Path, *extra: str) -> Result:
    args = ["build", "--digests", str(digests), "--out", str(out), "--cache-dir", str(cache), *extra]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _flip(file: Path, old: bytes, new: bytes) -> None:
    """Change ``old`` to ``new`` (same length) in ``file``: a damage that still unpickles."""
    data = file.read_bytes()
    assert old in data and len(old) == len(new)
    file.write_bytes(data.replace(old, new, 1))


@pytest.mark.parametrize("search", [False, True], ids=["no-search", "search"])
def test_a_damaged_record_entry_is_parsed_again(tmp_path: Path, search: bool) -> None:
    digests, cache = tmp_path / "digests", tmp_path / "cache"
    (digests / "2024").mkdir(parents=True)
    (digests / "2024" / "2024-03-14-a.yaml").write_text(_DIGEST)
    (digests / "2024" / "2024-03-13-b.yaml").write_text("date: 2024-03-13\npapers:\n  - title: other\n")
    extra = () if search else ("--no-search",)
    _build(digests, tmp_path / "site", cache, *extra)
    (entry,) = [e for e in (cache / "records").iterdir() if b"Recommendation" in e.read_bytes()]
    _flip(entry, b"Recommendation at", b"Rebommendation at")
    (digests / "2024" / "2024-03-13-b.yaml").write_text("date: 2024-03-13\npapers:\n  - title: edited\n")
    _build(digests, tmp_path / "site", cache, *extra)  # the edit makes it load a (damaged) entry
    _build(digests, tmp_path / "clean", cache, "--no-cache", *extra)
    site = _tree(tmp_path / "site")
    assert not [path for path, data in site.items() if b"Rebommendation" in data]
    if not search:  # two cold Pagefind runs may differ in their filter files (README, Search)
        assert site == _tree(tmp_path / "clean")


def test_a_damaged_build_state_is_not_used(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    out = tmp_path / "site"
    cache.save_state(out, BuildState("key", {"index.html": "0" * 32}, papers=12))
    assert cache.state(out) is not None
    _flip(cache.state_file(out), b"index.html", b"indey.html")
    assert cache.state(out) is None


def test_damaged_compiled_templates_are_compiled_again(tmp_path: Path) -> None:
    Theme(bytecode_folder=tmp_path).compile_all()
    (kept,) = [f for f in tmp_path.iterdir() if b"made with digestgen" in f.read_bytes()]
    _flip(kept, b"made with digestgen", b"made with digestgeN")
    theme = Theme(bytecode_folder=tmp_path)
    assert isinstance(theme.env.bytecode_cache, PackageBytecode)
    site = SimpleNamespace(title="T", freshness=SimpleNamespace(newest=None), feed="/f", papers_json="/p")
    assert theme.template("partials/foot.html").render(site=site).endswith("made with digestgen</p>\n</footer>")
