"""Every corpus post is a test: extracted, scored against its gold by the shared scorer, held to a floor.

The floors (``tests/fixtures/corpus/floors.yaml``) are the per-post macro F1 that extraction
reached when they were last raised; a change that reads a post worse fails here. Raise a
floor when extraction improves; never lower one. The seeds are held to the issue's 0.97.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from digestgen.extract import extract_file
from digestgen.records.writer import dump_digest

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
FLOORS: dict[str, float] = yaml.safe_load((CORPUS / "floors.yaml").read_text(encoding="utf-8"))
CORPUS_MACRO_FLOOR = FLOORS.pop("corpus macro F1")
SEEDS_FLOOR = 0.97


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCORE = _scorer()


def _predicted(raw: Path) -> dict[str, Any]:
    """What ``digestgen extract`` prints for the post, read back as YAML."""
    data = yaml.safe_load(dump_digest(extract_file(raw).digest))
    return data if isinstance(data, dict) else {}


def _score(raw: Path, gold: Path, counts: dict[str, Any] | None = None) -> float:
    own = SCORE.new_counts()
    gold_doc, pred_doc = SCORE.load(gold), _predicted(raw)
    SCORE.score_file(gold_doc, pred_doc, own)
    if counts is not None:
        SCORE.score_file(gold_doc, pred_doc, counts)
    return float(SCORE.macro_f1(SCORE.figures_of(own)))


def _raw(name: str, folder: Path) -> Path:
    return next(folder.glob(name + ".*"))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_post_reads_at_least_as_well_as_its_floor(name: str) -> None:
    score = _score(_raw(name, CORPUS / "raw"), CORPUS / "gold" / f"{name}.yaml")
    assert score >= FLOORS[name] - 1e-9, f"{name}: macro F1 {score:.3f} below its floor {FLOORS[name]:.3f}"


def test_every_corpus_post_has_a_floor() -> None:
    assert sorted(FLOORS) == sorted(p.stem for p in (CORPUS / "gold").glob("*.yaml"))


def test_whole_corpus_macro_f1() -> None:
    counts = SCORE.new_counts()
    for name in FLOORS:
        _score(_raw(name, CORPUS / "raw"), CORPUS / "gold" / f"{name}.yaml", counts)
    macro = SCORE.macro_f1(SCORE.figures_of(counts))
    assert macro >= CORPUS_MACRO_FLOOR, f"corpus macro F1 {macro:.3f} below {CORPUS_MACRO_FLOOR}"


def test_seeds_macro_f1() -> None:
    counts = SCORE.new_counts()
    for gold in sorted((CORPUS / "seeds-gold").glob("*.yaml")):
        _score(_raw(gold.stem, SEEDS), gold, counts)
    macro = SCORE.macro_f1(SCORE.figures_of(counts))
    assert macro >= SEEDS_FLOOR, f"seeds macro F1 {macro:.3f} below {SEEDS_FLOOR}"


@pytest.mark.parametrize("name", [n for n in sorted(FLOORS) if "negative" in n or "_neg_" in n])
def test_negative_posts_give_no_papers(name: str) -> None:
    assert extract_file(_raw(name, CORPUS / "raw")).digest.papers == ()
