"""The collector pause: off inside, as it was after, also when the block fails."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from digestgen import build, collector
from digestgen.render import make_config


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
    real = build.build_catalog

    def catalog(*args: object) -> object:
        seen.append(gc.isenabled())
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "build_catalog", catalog)
    (tmp_path / "digests").mkdir()
    (tmp_path / "digests" / "d.yaml").write_text("date: 2024-03-14\npapers:\n  - title: A paper\n")
    build.build_site(tmp_path / "digests", tmp_path / "site", make_config("/", "https://x.example/"))
    assert seen == [False] and gc.isenabled()
