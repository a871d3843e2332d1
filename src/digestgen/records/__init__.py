"""Digest files: the record model, reading them (YAML nodes, fields, loader, cache), their
JSON Schema, and writing them back.

Others import ``records.model`` (Digest, Paper), ``records.loader``, ``records.advice``, ``records.writer``,
``records.cache`` (RecordCache) and ``records.schema``. Imports only ``errors``, ``arxiv``,
``subjects`` and ``runtime``.
"""
