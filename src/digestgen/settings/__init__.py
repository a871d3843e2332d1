"""Project settings: ``digestgen.toml`` (or ``[tool.digestgen]`` in pyproject.toml), checked
at each key's line and column like the digests.

Others (``cli``, ``serve``) import ``settings.project``; ``tomlpos`` is its TOML position finder.
"""
