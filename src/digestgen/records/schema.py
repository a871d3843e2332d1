"""The JSON Schema of a digest file, for editors' completion and validation.

Generated from the record model and the loader's tables, so the two cannot drift; the
generated file is shipped in the package (``digestgen/data/digest.schema.json``) and kept
at ``schema/digest.schema.json`` in the repository. Regenerate both with
``python -m digestgen.records.schema``; a test fails when either is stale.

The schema accepts what the loader accepts: empty values (``code:``) are allowed and mean
"absent", and an unquoted arXiv id (read by YAML as a number) is allowed because the
loader takes it exactly as written.
"""

from __future__ import annotations

import inspect
import itertools
import json
import sys
from pathlib import Path
from typing import Any

from digestgen.arxiv import NEW_STYLE, OLD_STYLE
from digestgen.records.model import CONTENT_FIELDS, Digest, Paper
from digestgen.subjects import ARCHIVES, SHORT_CODES

SCHEMA_ID = "urn:digestgen:schema:digest:1"
PACKAGED_PATH = Path(__file__).parent.parent / "data" / "digest.schema.json"

_URL = {"type": ["string", "null"], "pattern": r"^(https?://\S+)?$"}
_URL_ITEM = {"type": "string", "pattern": r"^https?://\S+$", "description": "http or https URL"}
_TEXT = {"type": ["string", "null"]}
_ITEM = {"type": "string", "minLength": 1}
_ARCHIVE_ALTERNATIVES = "|".join(sorted(ARCHIVES, key=lambda a: (-len(a), a)))
_SHORT_ALTERNATIVES = "|".join(sorted(SHORT_CODES))
_SUBJECT = {
    "type": "string",
    "pattern": rf"^[\[【]?(?:(?:{_ARCHIVE_ALTERNATIVES})(?:\.[A-Za-z-]+)?|{_SHORT_ALTERNATIVES})[\]】]?$",
    "description": "arXiv category code such as cs.CV; the short forms LG and [CV] mean cs.LG and cs.CV",
    "examples": ["cs.CV", "cs.LG", "cs.CL", "eess.AS", "stat.ML"],
}
_ARXIV = {
    "type": ["string", "number", "null"],
    "pattern": rf"^(?:arXiv:|https?://(?:www\.)?arxiv\.org/(?:abs|pdf|html)/)?(?:{NEW_STYLE}|{OLD_STYLE})"
    r"(?:v\d+)?(?:\.pdf)?$",
    "description": 'bare arXiv id without version, quoted: "2306.01667" or "hep-th/9901001"',
    "examples": ["2306.01667"],
}

_PAPER_SHAPES: dict[str, dict[str, Any]] = {
    "title": _TEXT,
    "title_zh": _TEXT,
    "authors": {"type": ["array", "null"], "items": _ITEM},
    "affiliations": {"type": ["array", "null"], "items": _ITEM},
    "arxiv": _ARXIV,
    "url": _URL,
    "code": _URL,
    "links": {"type": ["array", "null"], "items": _URL_ITEM},
    "subjects": {"type": ["array", "null"], "items": _SUBJECT},
    "abstract": _TEXT,
    "abstract_zh": _TEXT,
    "tags": {"type": ["array", "null"], "items": _ITEM},
    "note": _TEXT,
}
_DIGEST_SHAPES: dict[str, dict[str, Any]] = {
    "date": {"type": "string", "format": "date", "examples": ["2024-03-14"]},
    "title": _TEXT,
    "source": _URL,
    "subjects": {"type": ["array", "null"], "items": _SUBJECT},
    "papers": {"type": ["array", "null"], "items": {"$ref": "#/$defs/paper"}},
}


def field_docs(cls: type) -> dict[str, str]:
    """Each field's docstring (the string literal under it in the class body)."""
    lines = inspect.getsource(cls).splitlines()
    docs: dict[str, str] = {}
    for here, after in itertools.pairwise(lines):
        name = here.strip().split(":")[0]
        if here.startswith("    ") and ":" in here and after.strip().startswith('"""') and name.isidentifier():
            docs[name] = after.strip().strip('"').strip()
    return docs


def _properties(shapes: dict[str, dict[str, Any]], cls: type) -> dict[str, Any]:
    docs = field_docs(cls)
    return {name: {**shape, "description": docs[name]} for name, shape in shapes.items()}


def digest_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one digest file."""
    content_required = [
        {"required": [name], "properties": {name: {"type": "string", "minLength": 1}}} for name in CONTENT_FIELDS
    ]
    paper = {
        "type": "object",
        "description": inspect.getdoc(Paper),
        "additionalProperties": False,
        "properties": _properties(_PAPER_SHAPES, Paper),
        "anyOf": content_required,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "digestgen digest file",
        "description": inspect.getdoc(Digest),
        "type": "object",
        "additionalProperties": False,
        "required": ["date"],
        "properties": _properties(_DIGEST_SHAPES, Digest),
        "$defs": {"paper": paper},
    }


def schema_text() -> str:
    """The schema as the shipped file holds it."""
    return json.dumps(digest_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    repo_copy = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("schema/digest.schema.json")
    for target in (PACKAGED_PATH, repo_copy):
        target.write_text(schema_text(), encoding="utf-8")
        print(f"wrote {target}")
