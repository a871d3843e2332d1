"""The build cache folder (``.digestgen-cache``): parsed records, and what each output folder was built from.

Two kinds of files live there:

- ``records/``: the ``RecordCache``, so unchanged digests are not parsed again;
- ``build-<key of the output path>.pickle``: the ``BuildState`` of one output folder: a key
  of every input of its last build, the key of each page, and the manifest it left.

Every file carries a checksum of its bytes (``digestgen.runtime.sealed``), checked before it
is unpickled. Everything in the folder is an optimisation: a missing, broken or foreign file is ignored
(the build then does the work itself), and deleting the folder is always safe. Files are
written atomically, so a killed build leaves the old file or the new one.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from digestgen.build.manifest import Manifest
from digestgen.errors import Problem
from digestgen.records.cache import RecordCache, atomic_write
from digestgen.records.loader import DigestFile, iter_digest_files
from digestgen.render.config import SiteConfig
from digestgen.runtime.inputkeys import blake, code_key, engine_version, folder_key
from digestgen.runtime.sealed import seal, unseal

DEFAULT_CACHE_DIR = Path(".digestgen-cache")
"""Where ``digestgen build`` keeps its cache unless told otherwise (relative to the current folder)."""
_FORMAT = "digestgen-build-state-1"
_UNPICKLE_ERRORS = (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError)


@dataclass(frozen=True, slots=True)
class BuildState:
    """What the last successful build of one output folder was made from and left there."""

    inputs: str
    """``inputs_key`` of that build: when it is the same now, nothing needs doing."""
    manifest: Manifest
    """The output folder's manifest as that build left it."""
    page_keys: dict[str, str] = field(default_factory=dict)
    """The key of each page's inputs (``digestgen.render.keys``), by output path."""
    papers: int = 0
    dates: int = 0
    warnings: tuple[Problem, ...] = ()
    """The build's warnings, printed again when nothing changed."""


def inputs_key(
    digests_dir: Path, config: SiteConfig, templates: Path | None, files: Iterable[FileKey] | None = None
) -> str:
    """A key of everything a build reads: digest files, templates, config (today included), the code.

    Reading and hashing every digest costs a small part of parsing them (about 20 ms for
    10,000 papers), so the key is made afresh each build rather than trusted to mtimes.
    ``files``: the digests' names and content keys (``file_keys``), else each is read and dropped in turn.
    """
    parts = [code_key().encode(), folder_key(templates).encode(), repr(config).encode()]
    if config.search:
        parts.append(engine_version().encode())  # a new Pagefind makes a new index
    if files is None:
        files = file_keys(iter_digest_files(digests_dir))
    for name, key in files:
        if key is None:
            return ""  # the build will report it; never matches a stored key
        parts += [name.encode(), key]
    return blake(*parts)


FileKey = tuple[str, bytes | None]
"""A digest file's name and content key (None: it could not be read)."""


def file_keys(files: Iterable[DigestFile]) -> Iterator[FileKey]:
    """Each file's name and content key, for ``inputs_key``."""
    for file in files:
        yield file.name, (file.key if file.problem is None else None)


class BuildCache:
    """A cache folder: records shared by every build run from it, and one state per output folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.records = RecordCache(folder / "records")

    def state_file(self, out: Path) -> Path:
        """Where the state of ``out`` is kept: the key of its absolute path names the file."""
        return self.folder / f"build-{blake(str(out.resolve()).encode())}.pickle"

    def state(self, out: Path) -> BuildState | None:
        """The state of ``out``'s last build; None when there is none or it cannot be read."""
        try:
            data = unseal(self.state_file(out).read_bytes())
            if data is None:
                return None  # damaged: its checksum does not hold
            form, state = pickle.loads(data)
        except _UNPICKLE_ERRORS:
            return None
        return state if form == _FORMAT and isinstance(state, BuildState) else None

    def save_state(self, out: Path, state: BuildState) -> None:
        """Keep ``state`` for ``out``'s next build; a cache folder that cannot be written is left alone.

        The site is written by then: a state not saved only makes the next build do all the work.
        """
        try:
            atomic_write(self.state_file(out), seal(pickle.dumps((_FORMAT, state), protocol=pickle.HIGHEST_PROTOCOL)))
        except OSError:
            return
