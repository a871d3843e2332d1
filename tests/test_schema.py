"""The JSON Schema: generated from the records, shipped, and agreeing with the loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from digestgen.records.loader import load_digest_file
from digestgen.records.model import DIGEST_FIELDS, PAPER_FIELDS
from digestgen.records.schema import PACKAGED_PATH, digest_schema, schema_text

REPO = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


class _NoDates(yaml.SafeLoader):
    """YAML as an editor's schema validator sees it: dates stay text (``2024-02-30`` included)."""


_NoDates.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _schema_accepts(path: Path) -> bool:
    try:
        data: Any = yaml.load(path.read_bytes().decode("utf-8"), Loader=_NoDates)
    except (UnicodeDecodeError, yaml.YAMLError):
        return False
    validator = jsonschema.Draft202012Validator(digest_schema(), format_checker=jsonschema.FormatChecker())
    return validator.is_valid(data)


def test_shipped_copies_are_current() -> None:
    assert PACKAGED_PATH.read_text(encoding="utf-8") == schema_text()
    assert (REPO / "schema" / "digest.schema.json").read_text(encoding="utf-8") == schema_text()


def test_schema_is_a_valid_schema_with_every_field_documented() -> None:
    schema = digest_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    paper = schema["$defs"]["paper"]["properties"]
    assert list(schema["properties"]) == list(DIGEST_FIELDS)
    assert list(paper) == list(PAPER_FIELDS)
    assert all(prop["description"] for prop in [*schema["properties"].values(), *paper.values()])
    assert json.loads(schema_text()) == schema


# Cases whose YAML does not parse into data at all (bytes, syntax, tabs, a repeated key) are
# the loader's alone, as is an unquoted malformed arXiv id: YAML makes it a number, and JSON
# Schema cannot put a pattern on a number. Every other fixture gets the same verdict.
_YAML_LEVEL = {"not_utf8", "syntax_error", "tab_indent", "duplicate_key", "malformed_arxiv"}
CASES = sorted(
    [p / "digest.yaml" for p in (FIXTURES / "invalid").iterdir() if p.name not in _YAML_LEVEL]
    + list((FIXTURES / "valid").rglob("*.yaml")),
)


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_schema_and_loader_agree(path: Path) -> None:
    _, problems = load_digest_file(path)
    assert _schema_accepts(path) == (not problems)
