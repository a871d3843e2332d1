"""``digestgen build`` as a library: the pipeline (load, catalog, render, index, write), the
build cache, the output manifest, and the one writer that puts a site in place atomically.

Others (``cli``, ``serve``) import ``build.pipeline``, ``build.cache`` and ``build.output``.
The top of the build: it imports ``records``, ``catalog``, ``render``, ``search``, ``runtime``.
"""
