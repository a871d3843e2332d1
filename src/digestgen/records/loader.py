"""Loading digest files into records, with every problem found at its line and column.

One broken file never stops the others: each file's problems are collected and the
loader goes on. A file with errors yields no digest (a half-read digest on the site
would hide the error), but all its problems are reported at once.
"""

from __future__ import annotations

import ctypes
import difflib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.sharedctypes import RawArray
from pathlib import Path
from typing import Any

import yaml

from digestgen.errors import Problem, errors_only
from digestgen.records import fields, limits
from digestgen.records.cache import Entry, RecordCache, content_key, read_entry, write_entry
from digestgen.records.model import CONTENT_FIELDS, DIGEST_FIELDS, PAPER_FIELDS, Digest, Origin, Paper
from digestgen.records.yamlnodes import TAG_STR, Positions, compose, decode_utf8, node_tree
from digestgen.runtime import collector
from digestgen.runtime.offload import Claims, Offload, spare_cores
from digestgen.runtime.sealed import seal, unseal

Converter = Callable[[yaml.Node, str, fields.Report], Any]

PAPER_CONVERTERS: dict[str, Converter] = {
    "title": fields.text,
    "title_zh": fields.text,
    "authors": fields.text_list,
    "affiliations": fields.text_list,
    "arxiv": fields.arxiv,
    "url": fields.url,
    "code": fields.url,
    "links": fields.url_list,
    "subjects": fields.subjects,
    "abstract": fields.text,
    "abstract_zh": fields.text,
    "tags": fields.text_list,
    "note": fields.text,
}
DIGEST_CONVERTERS: dict[str, Converter] = {
    "date": fields.date,
    "title": fields.text,
    "source": fields.url,
    "subjects": fields.subjects,
    # "papers" is walked by the loader itself: it holds records, not a value.
}
assert set(PAPER_CONVERTERS) == set(PAPER_FIELDS)
assert set(DIGEST_CONVERTERS) | {"papers"} == set(DIGEST_FIELDS)

DIGEST_SUFFIX = ".yaml"
"""Which files under the digests folder are digests (``scan_digests``)."""


@dataclass(slots=True)
class LoadResult:
    """What loading a folder of digests gave."""

    digests: list[Digest] = field(default_factory=list)
    """Digests of the files without errors, sorted by date then path."""
    problems: list[Problem] = field(default_factory=list)
    """Every problem of every file, sorted by file, line and column."""
    files: int = 0
    """How many files were read."""

    @property
    def paper_count(self) -> int:
        """Papers in the loaded digests."""
        return sum(len(d.papers) for d in self.digests)

    @property
    def ok(self) -> bool:
        """Whether no file had an error (warnings allowed)."""
        return not errors_only(self.problems)


class _FileReader:
    """Builds the records of one file, collecting its problems."""

    def __init__(self, path: str, content_key: bytes, positions: Positions) -> None:
        self.path = path
        self.content_key = content_key
        self.positions = positions
        self.problems: list[Problem] = []

    def report(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.path, *self.positions.of(node), message))

    def digest(self, root: yaml.Node | None) -> Digest | None:
        if root is None:
            self.problems.append(Problem(self.path, 1, 1, "empty file; a digest needs at least `date:`"))
            return None
        if not isinstance(root, yaml.MappingNode):
            self.report(root, "the top level must be a mapping of keys (date:, papers:, ...)")
            return None
        values, failed = self._fields(root, DIGEST_CONVERTERS, extra={"papers"}, context="digest")
        papers = self._papers(values.pop("papers", None))
        if "date" not in values and "date" not in failed:
            self.report(root, "missing `date:` (the digest's publication date, like 2024-03-14)")
        if self.problems:
            return None
        return Digest(papers=papers, origin=Origin(self.path, content_key=self.content_key), **values)

    def _papers(self, node: yaml.Node | None) -> tuple[Paper, ...]:
        if node is None or fields.is_null(node):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, "papers: expected a list of papers (each item starting with `- `)")
            return ()
        if len(node.value) > limits.MAX_PAPERS:
            self.report(
                node, f"papers: {len(node.value):,} papers; at most {limits.MAX_PAPERS:,} in one file: split it"
            )
            return ()
        papers = (self._paper(item) for item in node.value)
        return tuple(p for p in papers if p is not None)

    def _paper(self, node: yaml.Node) -> Paper | None:
        if not isinstance(node, yaml.MappingNode):
            self.report(node, "papers: each paper must be a mapping of keys (title:, authors:, ...)")
            return None
        values, failed = self._fields(node, PAPER_CONVERTERS, extra=set(), context="paper")
        if not any(values.get(name) for name in CONTENT_FIELDS):
            if failed.isdisjoint(CONTENT_FIELDS):
                self.report(node, "paper has none of title, title_zh, abstract, abstract_zh")
            return None
        return Paper(origin=Origin(self.path, *self.positions.of(node)), **values)

    def _fields(
        self, node: yaml.MappingNode, converters: dict[str, Converter], extra: set[str], context: str
    ) -> tuple[dict[str, Any], set[str]]:
        """Convert each known key; report duplicates and unknown keys.

        Returns the values, and the keys whose values were wrong (already reported).
        ``extra`` keys are returned as their nodes, unconverted.
        """
        values: dict[str, Any] = {}
        failed: set[str] = set()
        seen: dict[str, yaml.Node] = {}
        known = converters.keys() | extra if extra else converters.keys()  # once, not per key
        for key_node, value_node in node.value:
            key = self._key(key_node, seen, known, context)
            if key is None:
                continue
            if key in extra:
                values[key] = value_node
            elif not fields.is_null(value_node):
                value = converters[key](value_node, key, self.report)
                if value is None:
                    failed.add(key)
                elif value:
                    values[key] = value
        return values, failed

    def _key(self, node: yaml.Node, seen: dict[str, yaml.Node], known: Iterable[str], context: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            kind = "a mapping" if isinstance(node, yaml.MappingNode) else "a list"
            self.report(node, f"a {context} key must be a plain name, not {kind}")
            return None
        if node.tag != TAG_STR:
            self.report(node, f"a {context} key must be a plain name, not {node.value!r}")
            return None
        key = str(node.value)
        if key in seen:
            first_line = self.positions.of(seen[key])[0]
            self.report(node, f"key `{key}` given twice (first on line {first_line}); the second would win")
            return None
        seen[key] = node
        if key not in known:
            self.report(node, _unknown_key_message(key, known, context))
            return None
        return key


def _unknown_key_message(key: str, known: Iterable[str], context: str) -> str:
    known = sorted(known)
    message = f"unknown {context} key `{key}`"
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean `{close[0]}`?"
    if context == "digest" and key in PAPER_FIELDS:
        return f"{message}; it is a paper field: put it under a paper in `papers:`"
    return f"{message}; known keys: {', '.join(known)}"


def load_digest_text(path: str, text: str, data: bytes | None = None) -> Entry:
    """The digest in one file's text (``data``: the same as UTF-8 bytes, if at hand)."""
    root, syntax_problem = compose(path, text, data)
    if syntax_problem:
        return None, [syntax_problem]
    return _records(path, root, data if data is not None else text.encode())


def _records(path: str, root: yaml.Node | None, data: bytes, key: bytes | None = None) -> Entry:
    positions = Positions(data)
    if root is not None and limits.may_have_aliases(data) and (problem := _expansion_problem(path, root, positions)):
        return None, [problem]
    reader = _FileReader(path, content_key(data) if key is None else key, positions)
    digest = reader.digest(root)
    return digest, sorted(reader.problems)


def _expansion_problem(path: str, root: yaml.Node, positions: Positions) -> Problem | None:
    """Aliases that make the document larger than a file may be, or that contain themselves.

    Reported at the anchor (libyaml gives an alias the node of its anchor, and so its place).
    """
    found = limits.expansion(root)
    if found.cycle is not None:
        return Problem(path, *positions.of(found.cycle), "this anchor's value holds an alias of itself")
    if found.characters <= limits.MAX_EXPANDED_CHARACTERS:
        return None
    assert found.shared is not None  # without aliases a document is no larger than its file
    message = (
        f"aliases of this anchor make the document {found.characters:,} characters long; "
        f"at most {limits.MAX_EXPANDED_CHARACTERS:,}: write the values out instead"
    )
    return Problem(path, *positions.of(found.shared), message)


def load_digest_file(path: Path | str) -> Entry:
    """The digest in one file, or None and the problems that keep it from loading."""
    file = read_digest_file(path)
    if file.problem is not None:
        return None, [file.problem]
    return load_digest_bytes(file.name, file.data, file.key)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def load_digest_bytes(name: str, data: bytes, key: bytes | None = None) -> Entry:
    """The digest in one file's bytes, or None and the problems that keep it from loading.

    libyaml reads the bytes and checks that they are UTF-8 itself; only a file it refuses
    is decoded here, to say where and why (decoding every file was 5% of loading).
    ``key``: the bytes' ``content_key``, if already made.
    """
    if not data.startswith(_UTF16_BOMS):  # libyaml would read UTF-16: digests are UTF-8
        try:
            root = node_tree(data)
        except yaml.YAMLError:
            pass  # decoded below, to say where and why
        else:
            return _records(name, root, data, key)
    decoded = decode_utf8(name, data)
    if decoded.text is None:
        assert decoded.problem is not None
        return None, [decoded.problem]
    return load_digest_text(name, decoded.text, data)


def digest_files(folder: Path) -> list[Path]:
    """Every digest file under ``folder``, in a stable order (none if there is no such folder)."""
    return [path for path, refusal in scan_digests(folder) if refusal is None]


def scan_digests(folder: Path) -> list[tuple[Path, str | None]]:
    """Every digest file under ``folder`` and every file that looks like one but is not read, with why.

    Sorted by path. Not read, and so errors of ``check`` and ``build``:

    - a link that leads out of the folder (a file, or a folder of files): what it names
      would be published from outside what the digests' repository holds, so it is an
      error rather than a skip: a skipped digest would vanish from the site without a word;
    - a ``.yml`` or ``.YAML`` file: digest files end in ``.yaml``; renamed, it is read.

    A link to a file inside the folder is read (as ``glob`` did); a link to a folder inside
    it is not walked, its files being found where they are.
    """
    if not folder.is_dir():
        return []
    root = os.path.realpath(folder)
    found: list[tuple[Path, str | None]] = []
    folders = [str(folder)]
    while folders:
        folder_name = folders.pop()
        try:
            entries = os.scandir(folder_name)
        except OSError as err:  # a folder the user may not read: its digests would be missing
            found.append((Path(folder_name), f"cannot read this folder: {err.strerror or err}"))
            continue
        with entries:
            for entry in entries:
                if entry.is_symlink():
                    found.extend(_linked(entry, root))
                elif entry.is_dir():
                    folders.append(entry.path)
                elif entry.is_file() and (refusal := _name_refusal(entry.name)) != "":
                    found.append((Path(entry.path), refusal))
    return sorted(found)


def _name_refusal(name: str) -> str | None:
    """None for a digest's name, why it is not read for a near miss, "" for any other file."""
    if name.endswith(".yaml"):
        return None
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and suffix.lower() in ("yaml", "yml"):
        return f"not read: digest files end in `.yaml`; rename it to `{stem}.yaml`"
    return ""


def _linked(entry: os.DirEntry[str], root: str) -> list[tuple[Path, str | None]]:
    target = os.path.realpath(entry.path)
    inside = target == root or target.startswith(root.rstrip(os.sep) + os.sep)
    if not os.path.exists(target):
        return []  # a broken link: nothing to read (as before)
    if not inside and (os.path.isdir(target) or _name_refusal(entry.name) != ""):
        return [(Path(entry.path), f"not read: a link to {target}, outside the digests folder; copy it in instead")]
    if inside and os.path.isfile(target) and (refusal := _name_refusal(entry.name)) != "":
        return [(Path(entry.path), refusal)]
    return []


def _read_all(folder: Path) -> Iterator[DigestFile]:
    """Every file of ``scan_digests``, read one at a time; a file not read comes with its problem."""
    for path, refusal in scan_digests(folder):
        yield read_digest_file(path) if refusal is None else _unread(str(path), refusal)


@dataclass(frozen=True, slots=True)
class DigestFile:
    """One digest file as read: its name, bytes and their ``content_key``, or why it could not be read."""

    name: str
    data: bytes
    key: bytes
    problem: Problem | None = None
    """Set when the file could not be read (``data`` and ``key`` are then empty)."""


def iter_digest_files(folder: Path) -> Iterator[DigestFile]:
    """``read_digest_files``, one at a time: each file's bytes can go before the next is read."""
    return _read_all(folder)


def read_digest_files(folder: Path) -> list[DigestFile]:
    """Every digest file under ``folder``, read, in ``digest_files`` order (none if no folder).

    A first build keys its inputs with these and loads them: reading 24 MB of digests
    twice cost 18 ms, most of it in page faults for the new buffers.
    """
    return list(_read_all(folder))


FILE_NAME_MAX_BYTES = 200
"""The longest digest file name (in UTF-8 bytes): its page's folder is named after it
(``digests/2024-03-14-NAME/``, a ``-2`` added for a repeat), and file systems take 255."""


def read_digest_file(path: Path | str) -> DigestFile:
    """One digest file, read (or why it could not be); its name is ``path`` as given."""
    name = str(path)
    if (size := len(os.fsencode(Path(path).name))) > FILE_NAME_MAX_BYTES:
        message = f"file name of {size} bytes; at most {FILE_NAME_MAX_BYTES}, as its page is named after it: shorten it"
        return _unread(name, message)
    try:
        with open(path, "rb") as source:
            if (size := os.fstat(source.fileno()).st_size) > limits.MAX_FILE_BYTES:
                return _unread(name, f"{size:,} bytes; at most {limits.MAX_FILE_BYTES:,} in one file: split it")
            data = source.read()
    except OSError as err:
        return _unread(name, f"cannot read: {err.strerror or err}")
    return DigestFile(name, data, content_key(data))


def _unread(name: str, message: str) -> DigestFile:
    return DigestFile(name, b"", b"", Problem(name, 0, 0, message))


class ReadOnce:
    """Digest files read for a build's inputs key, then handed to its load (``take``).

    The holder keeps none after ``take``: held by the build's callers instead, their bytes
    (24 MB per 10,000 papers) would stay in memory through the whole render.
    """

    def __init__(self, files: list[DigestFile]) -> None:
        self._files: list[DigestFile] | None = files

    def take(self) -> list[DigestFile]:
        """The files; a second ``take`` is an error."""
        files, self._files = self._files, None
        if files is None:
            raise RuntimeError("the digest files were taken already")
        return files


PARALLEL_MIN_BYTES = 4_000_000
"""Below this much YAML to parse, starting worker processes costs more than it saves."""


def load_digests(
    folder: Path | str,
    *,
    cache: RecordCache | None = None,
    workers: int | None = None,
    meanwhile: Callable[[], object] | None = None,
    files: Sequence[DigestFile] | None = None,
) -> LoadResult:
    """Load every digest under ``folder``; a broken file never stops the others.

    Files whose bytes are in ``cache`` are not parsed again. Many changed files are parsed
    across processes (``workers``, default: every core): libyaml's composer, not Python,
    is most of the cost. ``meanwhile``: other work of the caller's, done once the worker
    processes are parsing (``digestgen build`` imports its renderer there); else first.
    ``files``: the folder's files already read (``read_digest_files``), else they are read here.
    """
    folder = Path(folder)
    result = LoadResult()
    if not folder.is_dir():
        result.problems.append(Problem(str(folder), 0, 0, "no such folder of digests"))
        return result
    with collector.paused():
        # Read one at a time when not given: only files to parse keep their bytes (a rebuild
        # after one edit finds the others in the cache, and 100,000 papers are 240 MB of YAML).
        read = _read_all(folder) if files is None else files
        entries = _load_files(read, cache, workers, meanwhile or _nothing)
    for digest, problems in entries:
        result.files += 1
        result.problems.extend(problems)
        if digest is not None:
            result.digests.append(digest)
    result.problems.sort()
    result.digests.sort(key=_digest_order)
    return result


def _nothing() -> None:
    pass


def _load_files(
    files: Iterable[DigestFile], cache: RecordCache | None, workers: int | None, meanwhile: Callable[[], object]
) -> list[Entry]:
    entries: list[Entry | None] = []
    misses: list[tuple[int, DigestFile]] = []
    for index, file in enumerate(files):
        if file.problem is not None:
            entries.append((None, [file.problem]))
            continue
        entries.append(cache.lookup(file.name, file.key) if cache else None)
        if entries[-1] is None:
            misses.append((index, file))
    keep_in = cache.writable_folder() if cache and misses else None
    parsed, saved = _parse_all([file for _, file in misses], workers, keep_in, meanwhile)
    for (index, file), entry in zip(misses, parsed, strict=True):
        entries[index] = entry
        if cache:
            cache.store(file.name, file.key, entry, saved=saved)
    if cache:
        cache.forget_unseen()
    return [entry for entry in entries if entry is not None]


BATCH_BYTES = 500_000
"""YAML parsed per claim when several processes share the parsing: a few milliseconds of work."""

Batch = Sequence[DigestFile]


def _parse_all(
    files: list[DigestFile], workers: int | None, keep_in: Path | None, meanwhile: Callable[[], object]
) -> tuple[list[Entry], bool]:
    """Parse ``files`` here and, when there is much of it, in forked children (``workers - 1``).

    The files are cut into batches. Children claim batches from the front, this process
    from the back (``Claims``), so all finish together however busy each core is. Children
    hand their entries over through files (``_Handover``): with a record cache folder
    (``keep_in``) they are saved in it on the way, and this process saves its own there
    too. (Sent through the pool's pipe instead, they waited for this busy process to read
    them, a pipeful at a time.) This process takes the children's batches between its own,
    so that little is left to take when the parsing ends and one core would do it alone.
    Also returns whether every entry is now saved in ``keep_in``.
    """
    workers = min(workers or os.cpu_count() or 1, spare_cores() + 1)
    if workers < 2 or sum(len(file.data) for file in files) < PARALLEL_MIN_BYTES:
        meanwhile()
        return _parse_chunk(files), False
    batches = _batches(files, BATCH_BYTES)
    claims = Claims(len(batches))
    with _handover(keep_in, len(batches)) as handover:
        claimed = partial(_parse_claimed, batches, claims, handover)
        children = Offload([claimed] * (workers - 1), processes=workers - 1)
        try:
            meanwhile()  # the children claim more batches meanwhile
        except BaseException:
            children.cancel()
            raise
        parsed: dict[int, list[Entry]] = {}
        saved = handover.saves
        for index in claims.from_back():
            parsed[index] = _parse_chunk(batches[index])
            if handover.saves:
                saved = handover.put(index, batches[index], parsed[index]) and saved
            _take_handed(handover, batches, parsed)  # now, while the children still parse
        children.results()  # wait for them; a batch a child failed to hand over is parsed below
        _take_handed(handover, batches, parsed)
    for index, batch in enumerate(batches):
        if index not in parsed:  # a child failed, or its entries cannot be read back
            parsed[index], saved = _parse_chunk(batch), False
    return [entry for index in range(len(batches)) for entry in parsed[index]], saved


def _take_handed(handover: _Handover, batches: Sequence[Batch], parsed: dict[int, list[Entry]]) -> None:
    """Take every batch a child has handed over since the last call."""
    for index in handover.handed():
        if index not in parsed and (entries := handover.take(index, batches[index])) is not None:
            parsed[index] = entries


@dataclass(frozen=True, slots=True)
class _Handover:
    """Where a child leaves the entries of a batch it parsed, for this process to take.

    With ``saves``, ``folder`` is the record cache's and each entry is saved there as the
    cache keeps it (``write_entry``). Else it is a temporary folder and a batch is one pickle.
    ``flags`` (shared memory, made before the fork) marks each batch handed over, so that
    this process takes them between batches of its own rather than all at the end, alone.
    """

    folder: Path
    saves: bool
    flags: ctypes.Array[ctypes.c_byte]

    def put(self, index: int, batch: Batch, entries: list[Entry]) -> bool:
        """Leave a batch's entries; whether they all were (a full disk only costs time)."""
        try:
            if self.saves:
                for file, entry in zip(batch, entries, strict=True):
                    write_entry(self.folder, file.name, file.key, entry)
            else:
                (self.folder / f"{index}.pickle").write_bytes(seal(pickle.dumps(entries, protocol=5)))
        except OSError:
            return False
        self.flags[index] = _HANDED
        return True

    def handed(self) -> list[int]:
        """The batches handed over and not yet taken; each is given once."""
        found = [index for index, flag in enumerate(self.flags[:]) if flag == _HANDED]
        for index in found:
            self.flags[index] = _TAKEN
        return found

    def take(self, index: int, batch: Batch) -> list[Entry] | None:
        """The entries ``put`` left for a batch, or None if they cannot be read."""
        if self.saves:
            found = [read_entry(self.folder, file.name, file.key) for file in batch]
            entries = [entry for entry in found if entry is not None]
            return entries if len(entries) == len(batch) else None
        try:
            data = unseal((self.folder / f"{index}.pickle").read_bytes())
            if data is None:
                return None  # damaged: parsed again
            taken: list[Entry] = pickle.loads(data)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None
        return taken


_HANDED, _TAKEN = 1, 2


@contextmanager
def _handover(keep_in: Path | None, batches: int) -> Iterator[_Handover]:
    """Into ``keep_in``, the record cache's folder, or else a temporary folder deleted afterwards."""
    # One byte per batch, each written by one process at a time: no lock needed.
    flags = RawArray(ctypes.c_byte, batches)
    if keep_in is not None:
        yield _Handover(keep_in, True, flags)
        return
    with tempfile.TemporaryDirectory(prefix="digestgen-load-") as folder:
        yield _Handover(Path(folder), False, flags)


def _batches(files: list[DigestFile], size: int) -> list[Batch]:
    """Consecutive files in batches of about ``size`` bytes (a larger file is a batch of its own)."""
    batches: list[Batch] = []
    start = total = 0
    for end, file in enumerate(files, start=1):
        total += len(file.data)
        if total >= size:
            batches.append(files[start:end])
            start, total = end, 0
    if start < len(files):
        batches.append(files[start:])
    return batches


def _parse_claimed(batches: Sequence[Batch], claims: Claims, handover: _Handover) -> None:
    """In a child: claim batches from the front, parse each and hand it over, until none is left.

    A batch that cannot be handed over (a full disk) is not flagged: the parent parses it again.
    """
    for index in claims.from_front():
        handover.put(index, batches[index], _parse_chunk(batches[index]))


def _parse_chunk(files: Batch) -> list[Entry]:
    return [load_digest_bytes(file.name, file.data, file.key) for file in files]


def _digest_order(digest: Digest) -> tuple[str, str]:
    assert digest.date is not None and digest.origin is not None
    return digest.date.isoformat(), digest.origin.path
