"""The collector pause: off inside, as it was after, also when the block fails."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from digestgen import catalog as catalog_module
from digestgen.build import pipeline as build
from digestgen.render import make_config
from digestgen.runtime import collector


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_paused_turns_the_collector_off_and_back_on() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collector.paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()


def test_paused_leaves_a_collector_that_was_off_off() -> None:
    gc.disable()
    with collector.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_a_build_runs_with_the_collector_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gc.enable()
    seen: list[bool] = []
    real = catalog_module.build_catalog

    def catalog(*args: object) -> object:
        seen.append(gc.isenabled())
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog_module, "build_catalog", catalog)
    (tmp_path / "digests").mkdir()
    (tmp_path / "digests" / "d.yaml").write_text("date: 2024-03-14\npapers:\n  - title: A paper\n")
    build.build_site(tmp_path / "digests", tmp_path / "site", make_config("/", "https://x.example/"))
    assert seen == [False] and gc.isenabled()


class _Node:
    """A tracked object (the collector tracks instances of classes, not of str or int)."""


def test_what_a_paused_block_keeps_goes_to_the_oldest_generation() -> None:
    # The first young collection after the block would otherwise walk everything it made.
    gc.enable()
    gc.collect()
    with collector.paused():
        made = [_Node() for _ in range(1000)]
        assert gc.get_count()[0] >= 1000  # counted as young while the collector is off
    assert any(node is made[0] for node in gc.get_objects(generation=2))
    assert not any(node is made[0] for node in gc.get_objects(generation=0))


def test_keep_holds_nothing_unless_the_process_ends_after_its_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "_kept", [])
    monkeypatch.setattr(collector, "_keeping", False)
    monkeypatch.setattr(collector, "_process_ends_after_command", False)
    collector.keep_garbage()  # a command in a process that goes on (a test, digestgen serve)
    collector.keep("build one")
    assert collector._kept == []
    collector.process_ends_after_command()  # digestgen.cli.run, before the command
    collector.keep("build two")  # not yet asked to keep
    collector.keep_garbage()
    collector.keep("build three")
    assert collector._kept == ["build three"]
