"""A build puts its whole result in place or nothing (issue 18): names too long for a file
system, failed writes and full disks fail before the commit, or leave a site whose own file
list is the truth, so the next build equals a clean one."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from site_helpers import stable_tree

from digestgen.build import output
from digestgen.cli import main

_OK = "date: 2024-03-14\npapers:\n  - title: ok\n"


def _build(digests: Path, out: Path, *extra: str, search: bool = False) -> Result:
    args = ["build", "--digests", str(digests), "--out", str(out), *extra]
    return CliRunner().invoke(main, args if search else [*args, "--no-search"])


def _tree(out: Path) -> dict[str, bytes]:
    """Every file of the site but Pagefind's filter and meta files, which two cold runs may order
    differently (README, Search), and the manifest's lines for them."""
    return stable_tree(out)


def _one_line_failure(result: Result) -> str:
    """The failure's message: exit 1, no traceback, one ``error:`` line."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.stderr


def test_a_title_of_one_long_word_builds(tmp_path: Path) -> None:
    """The issue's reproduction: a paper page named after a 300-character word."""
    digests = tmp_path / "r"
    (digests / "2024").mkdir(parents=True)
    (digests / "2024" / "2024-03-14-a.yaml").write_text(_OK)
    assert _build(digests, tmp_path / "s").exit_code == 0
    long = digests / "2024" / "2024-03-14-b.yaml"
    long.write_text(f"date: 2024-03-14\npapers:\n  - title: {'a' * 300}\n")
    result = _build(digests, tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert all(len(name.encode()) <= 255 for p in (tmp_path / "s").rglob("*") for name in p.parts)
    long.unlink()
    assert _build(digests, tmp_path / "s").exit_code == 0
    assert _build(digests, tmp_path / "s2", "--no-cache").exit_code == 0
    assert _tree(tmp_path / "s") == _tree(tmp_path / "s2")


def test_check_reports_a_digest_file_name_too_long_for_its_page(tmp_path: Path) -> None:
    digests = tmp_path / "digests"
    (digests / "2024").mkdir(parents=True)
    name = "x" * 245 + ".yaml"  # its page: digests/2024-03-14-xxx…/, 256 bytes
    (digests / "2024" / name).write_text(_OK)
    result = CliRunner().invoke(main, ["check", "--digests", str(digests)])
    assert result.exit_code == 1
    assert f"{digests / '2024' / name}: error: file name of 250 bytes" in result.stdout
    built = _build(digests, tmp_path / "site")
    assert built.exit_code == 1 and "file name of 250 bytes" in built.stderr
    assert not (tmp_path / "site").exists()


def test_a_page_name_too_long_fails_before_anything_is_put_in_place(tmp_path: Path) -> None:
    site = tmp_path / "site"
    output.write_site({"index.html": b"old", "feed.xml": b"old"}, site)
    before = _tree(site)
    too_long = "papers/" + "a" * 256 + "/index.html"
    with pytest.raises(output.OutputError, match="256 bytes"):
        output.write_site({"index.html": b"new", too_long: b"new"}, site)
    assert _tree(site) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def _fail_at_write(monkeypatch: pytest.MonkeyPatch, number: int, error: OSError) -> list[int]:
    """Make the ``number``-th file write or rename of the writer raise ``error``; count them all."""
    calls = [0]
    real_write, real_replace = output._write_file, os.replace

    def count() -> None:
        calls[0] += 1
        if calls[0] == number:
            raise error

    def write_file(file: str, data: bytes) -> None:
        count()
        real_write(file, data)

    def replace(source: str | Path, target: str | Path) -> None:
        if ".pending" in str(source):  # the journal's renames; not the cache's own
            count()
        real_replace(source, target)

    monkeypatch.setattr(output, "_write_file", write_file)
    monkeypatch.setattr(output.os, "replace", replace)
    return calls


def _two_versions(tmp_path: Path, search: bool = False) -> tuple[Path, Path]:
    digests = tmp_path / "digests"
    (digests / "2024").mkdir(parents=True)
    (digests / "2024" / "2024-03-14-a.yaml").write_text(_OK)
    (digests / "2024" / "2024-03-13-old.yaml").write_text("date: 2024-03-13\npapers:\n  - title: gone\n")
    site = tmp_path / "site"
    assert _build(digests, site, search=search).exit_code == 0
    (digests / "2024" / "2024-03-13-old.yaml").unlink()
    (digests / "2024" / "2024-03-15-b.yaml").write_text("date: 2024-03-15\npapers:\n  - title: new one\n")
    return digests, site


_FULL = OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    ("error", "search", "every"),
    [(_FULL, False, 1), (RuntimeError("injected"), False, 1), (_FULL, True, 2)],
    ids=["full-disk", "exception", "full-disk-with-search"],
)
def test_a_failure_at_any_write_leaves_a_site_the_next_build_makes_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, search: bool, every: int
) -> None:
    """Fault injection: an error at the n-th write step of an update (every ``every``-th n):
    the site is the old one, or one whose manifest is gone, and the next build is a clean build."""
    digests, site = _two_versions(tmp_path, search)
    clean = tmp_path / "clean"
    assert _build(digests, clean, "--no-cache", search=search).exit_code == 0
    expected, old = _tree(clean), _tree(site)
    counted = tmp_path / "count"
    shutil.copytree(site, counted, symlinks=True)
    with monkeypatch.context() as patch:
        steps = _fail_at_write(patch, 0, error)
        assert _build(digests, counted, search=search).exit_code == 0
    assert steps[0] > 5
    for number in range(1, steps[0] + 1, every):
        attempt = tmp_path / f"at-{number}"
        shutil.copytree(site, attempt, symlinks=True)
        with monkeypatch.context() as patch:
            _fail_at_write(patch, number, error)
            failed = _build(digests, attempt, search=search)
        assert failed.exit_code == 1
        if isinstance(error, OSError):
            assert "No space left on device" in _one_line_failure(failed)
        now = _tree(attempt)
        manifest_kept = b"digestgen-manifest" in now.get(".digestgen-site", b"")
        assert now == old or not manifest_kept, f"a failure at write {number} left a mix its manifest hides"
        assert _build(digests, attempt, search=search).exit_code == 0
        assert _tree(attempt) == expected, f"after a failure at write {number}"


def test_a_full_disk_while_staging_is_one_line_and_leaves_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    digests, site = _two_versions(tmp_path)
    old = _tree(site)
    _fail_at_write(monkeypatch, 1, OSError(errno.ENOSPC, "No space left on device"))
    message = _one_line_failure(_build(digests, site))
    assert message.strip().splitlines() == [message.strip()] and message.startswith(f"{site}: error: ")
    assert "No space left on device" in message
    assert _tree(site) == old
