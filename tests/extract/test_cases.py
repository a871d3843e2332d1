"""The extraction fixture table: small posts in, expected records out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from digestgen.extract import extract_text
from digestgen.records.writer import paper_mapping

CASES = yaml.safe_load((Path(__file__).parents[1] / "fixtures" / "extract" / "cases.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    result = extract_text(case["input"], "post" + case["suffix"])
    digest = result.digest
    expected_date = case["date"]
    assert digest.date == (expected_date if expected_date is None else dt.date.fromisoformat(str(expected_date)))
    assert len(digest.papers) == case["count"], [p.title or p.abstract for p in digest.papers]
    for paper, expected in zip(digest.papers, case["papers"], strict=False):
        got = paper_mapping(paper)
        for key, value in expected.items():
            assert got.get(key) == value, f"{key}: {got.get(key)!r} != {value!r}"
