"""Records indexed by the ``pagefind`` command over a scratch folder of their documents, in memory if possible.

The build used to send its records to ``pagefind --service`` (``search.service``), which
answers with every file of the index base64-encoded. The command over a folder makes the
same files for about 30% less CPU (``bench/search_cost.py --cli``: 3,000 papers, 5.8 CPU-s
against 7.9-8.8 in the same run), so each shard's documents (``records.record_html``) are
written to a scratch folder, in ``/dev/shm`` where there is one (no disk: a shard is some
3,000 small files, made and deleted at once), Pagefind writes its bundle beside them, and
the bundle is read back.

Pagefind numbers the pages in the order its walk of the folder finds them, which is the
order the file system lists them in: the same for the same records on one machine (the
documents are written in the records' order), not necessarily on another (two machines'
cold builds may then differ in the word index too, besides Pagefind's hash-map order).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from digestgen.render.searchpage import BUNDLE
from digestgen.search.records import LANGUAGE, SearchRecord, record_html
from digestgen.search.service import PagefindError, pagefind_executable

UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
"""Pagefind's ready-made interfaces; the site has its own search page, so they are not shipped."""
_MEMORY = "/dev/shm"
_PREFIX = "digestgen-pagefind-"


def index_with_command(
    records: Sequence[SearchRecord], folder: str = BUNDLE, language: str = LANGUAGE
) -> dict[str, bytes]:
    """Index ``records`` as ``language`` in a new Pagefind bundle; its files under ``folder``, in memory."""
    executable = pagefind_executable()
    documents = []
    for record in records:
        if not record.url.startswith("/") or not record.url.endswith("/"):
            raise PagefindError(f"a search record's URL must begin and end with '/': {record.url!r}")
        documents.append((record.url.strip("/") + "/index.html", record_html(record).encode()))
    scratch = _scratch(documents)
    remove_stale()
    with tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-", dir=scratch) as tmp:
        site, out = Path(tmp, "site"), Path(tmp, "bundle")
        for path, html in documents:
            page = site / path
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_bytes(html)
        command = [str(executable), "--site", str(site), "--output-path", str(out), "--force-language", language]
        try:
            done = subprocess.run([*command, "--silent"], capture_output=True, check=False)
        except OSError as error:
            raise PagefindError(f"pagefind could not start: {error}") from error
        if done.returncode != 0 or not out.is_dir():
            text = (done.stderr or done.stdout)[-2000:].decode(errors="replace").strip()
            raise PagefindError(f"pagefind failed (exit {done.returncode}){': ' + text if text else ''}")
        return _read_bundle(out, folder)


def _scratch(documents: Sequence[tuple[str, bytes]]) -> str | None:
    """/dev/shm when it has room for the documents and their bundle (a container's may hold only
    64 MB) with a margin for the shards indexed beside this one; else the system's temporary folder."""
    need = 8 * sum(len(html) for _, html in documents) + (1 << 20)  # the bundle is ~1.5x the documents
    try:
        found = os.statvfs(_MEMORY)
    except OSError:
        return None
    return _MEMORY if os.access(_MEMORY, os.W_OK) and found.f_bavail * found.f_frsize > need else None


def remove_stale() -> None:
    """Remove the scratch folders of processes that are gone: a build that fails stops its search
    child at once (``runtime.offload``), before the child can remove its folder (in /dev/shm: memory)."""
    for base in {_MEMORY, tempfile.gettempdir()}:
        try:
            names = [name for name in os.listdir(base) if name.startswith(_PREFIX)]
        except OSError:
            continue
        for name in names:
            owner = name.removeprefix(_PREFIX).partition("-")[0]
            if owner.isdigit() and not _alive(int(owner)):
                shutil.rmtree(os.path.join(base, name), ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def _read_bundle(out: Path, folder: str) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for root, _dirs, names in os.walk(out):
        relative = os.path.relpath(root, out).replace(os.sep, "/")
        base = folder if relative == "." else f"{folder}{relative}/"
        for name in sorted(names):
            if relative == "." and name.startswith(UNUSED):
                continue
            with open(os.path.join(root, name), "rb") as stream:
                files[base + name] = stream.read()
    return dict(sorted(files.items()))
