"""A small client for ``pagefind --service``, the protocol behind Pagefind's Python and Node APIs.

Why not ``pagefind.index.PagefindIndex``: its reader sleeps 0.1 s before reading each
response, so indexing costs at least 0.1 s per record (1,000 s for 10,000 papers,
measured), and it reads a response with a 2 MiB line limit that the index of a few
thousand papers exceeds. This client speaks the same messages (base64-encoded JSON,
each followed by a comma), sends every record at once from a writer thread and reads the
answers as they come, so the binary indexes at its own speed. The binary is Pagefind's
standard one (``pagefind[bin]``): the build cuts Chinese into words itself
(``search.chinese``), which the extended binary would do more slowly.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

Message = dict[str, Any]
"""One request or response payload (``{"type": "AddRecord", ...}``)."""

_SEPARATOR = b","
_CHUNK = 1 << 20


class PagefindError(Exception):
    """Pagefind is missing, failed, or answered a request with an error."""


def pagefind_executable() -> Path:
    """``PAGEFIND_BINARY_PATH`` when set, else the standard Pagefind binary (``pagefind_bin``), else
    the one the ``pagefind`` package finds (the extended binary, one on ``PATH``)."""
    found: str | Path | None = os.environ.get("PAGEFIND_BINARY_PATH")
    if not found:
        try:
            from pagefind_bin import get_executable as standard  # type: ignore[import-untyped]
        except ImportError:
            try:
                from pagefind.service import get_executable
            except ImportError as error:
                raise PagefindError(_MISSING) from error
            found = get_executable()
        else:
            found = standard()
    if found is None or not Path(found).exists():
        raise PagefindError(_MISSING)
    return Path(found)


_MISSING = "Pagefind is not installed: pip install 'pagefind[bin]', or build with --no-search"


@contextmanager
def pagefind_service(executable: Path | None = None) -> Iterator[PagefindService]:
    """A running ``pagefind --service``, stopped when the block ends."""
    with tempfile.TemporaryFile() as errors:
        service = PagefindService(executable or pagefind_executable(), errors)
        try:
            yield service
        finally:
            service.close()


class PagefindService:
    """One ``pagefind --service`` process; requests are answered in any order, matched by id."""

    def __init__(self, executable: Path, errors: IO[bytes]) -> None:
        self._errors = errors
        """Where the process's error output goes (a file: a pipe nobody reads could fill up)."""
        self._process = subprocess.Popen(
            [str(executable), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
        )
        self._next_id = 1
        self._buffer = bytearray()

    def request(self, payload: Message) -> Message:
        """Send one request and return its answer."""
        return self.requests([payload])[0]

    def requests(self, payloads: Sequence[Message]) -> list[Message]:
        """Send every request at once; return the answers in the order of ``payloads``."""
        first = self._next_id
        self._next_id += len(payloads)
        data = b"".join(_encode(first + number, payload) for number, payload in enumerate(payloads))
        writer = threading.Thread(target=self._send, args=(data,), daemon=True)
        writer.start()
        answers: dict[int, Message] = {}
        while len(answers) < len(payloads):
            message_id, payload = self._receive()
            answers[message_id] = payload
        writer.join()
        return [answers[first + number] for number in range(len(payloads))]

    def close(self) -> None:
        """Stop the process."""
        if self._process.stdin is not None and not self._process.stdin.closed:
            with suppress(BrokenPipeError):
                self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()

    def _send(self, data: bytes) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(data)
            stdin.flush()
        except (BrokenPipeError, ValueError):
            pass  # the process died; the reader reports it with its error output

    def _receive(self) -> tuple[int, Message]:
        frame = self._read_frame()
        response = json.loads(base64.b64decode(frame))
        payload: Message = response["payload"]
        message_id = response.get("message_id")
        if payload.get("type") == "Error":
            raise PagefindError(f"pagefind: {payload.get('message', 'unknown error')}")
        if not isinstance(message_id, int):
            raise PagefindError(f"pagefind answered without a message id: {payload}")
        return message_id, payload

    def _read_frame(self) -> bytes:
        stdout = self._process.stdout
        assert stdout is not None
        searched = 0
        while (end := self._buffer.find(_SEPARATOR, searched)) < 0:
            searched = len(self._buffer)
            chunk = os.read(stdout.fileno(), _CHUNK)
            if not chunk:
                raise PagefindError(f"pagefind stopped unexpectedly{self._error_output()}")
            self._buffer += chunk
        frame = bytes(self._buffer[:end])
        del self._buffer[: end + 1]
        return frame

    def _error_output(self) -> str:
        self._errors.seek(0)
        text = self._errors.read()[-2000:].decode(errors="replace").strip()
        return f": {text}" if text else ""


def _encode(message_id: int, payload: Message) -> bytes:
    request = {"message_id": message_id, "payload": payload}
    return base64.b64encode(json.dumps(request, ensure_ascii=False).encode()) + _SEPARATOR
