"""Helpers for the workflow tests: a real ``digestgen serve`` process, and the project's files."""

from __future__ import annotations

import http.client
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE_DIGESTS = ROOT / "tests" / "fixtures" / "site" / "digests"
DIGESTGEN = Path(sys.executable).with_name("digestgen")


def project(tmp_path: Path) -> Path:
    """A project folder holding a copy of the fixture site's digests."""
    shutil.copytree(SITE_DIGESTS, tmp_path / "digests")
    return tmp_path


@dataclass(frozen=True)
class Page:
    """One HTTP answer."""

    status: int
    body: str
    headers: dict[str, str]

    @property
    def version(self) -> int:
        """The served version named by the injected reload script."""
        match = re.search(r'data-version="(\d+)"', self.body)
        assert match, "no reload script in the page"
        return int(match.group(1))


def _ctrl_c_as_at_a_terminal() -> None:
    """Let Ctrl+C reach the server as it does at a terminal.

    A shell starts background jobs (``make test &``, nohup, some CI runners) with SIGINT
    ignored, and an ignored signal stays ignored in every program started below it; the
    server would then never see the Ctrl+C that ``stop`` sends.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Server:
    """``digestgen serve --port 0`` running in ``cwd``; its output read line by line."""

    def __init__(self, cwd: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        command = [str(DIGESTGEN), "serve", "--port", "0", *args]
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            preexec_fn=_ctrl_c_as_at_a_terminal,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        match = re.search(r"serving http://127\.0\.0\.1:(\d+)(/\S*)", self.wait_for("serving "))
        assert match
        self.port, self.base = int(match.group(1)), match.group(2)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        """The next output line containing ``text``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            self.output.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} within {timeout} s; output so far: {self.output}")

    def get(self, path: str, method: str = "GET") -> Page:
        """``path`` exactly as given (no normalisation), as a page."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path)
            response = connection.getresponse()
            return Page(response.status, response.read().decode(), dict(response.getheaders()))
        finally:
            connection.close()

    def events(self, since: int) -> EventStream:
        """The reload event stream, opened as a page served at version ``since`` opens it."""
        return EventStream(self.port, since)

    def stop(self) -> int:
        """Ctrl+C, as a person stops it; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=15)
        while not self.lines.empty():
            self.output.append(self.lines.get())
        return code


class EventStream:
    """A server-sent event stream, read line by line."""

    def __init__(self, port: int, since: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        self.connection.request("GET", f"/__digestgen/events?since={since}")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type") == "text/event-stream"
        assert self.response.fp.readline() == b"retry: 1000\n"  # the stream is open

    def next_event(self, timeout: float = 15.0) -> tuple[str, str]:
        """The next event's name and data (comments skipped)."""
        name = data = ""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.response.fp.readline().decode()
            if not line:
                raise AssertionError("the event stream ended without an event")
            if line.startswith("event: "):
                name = line[7:].strip()
            elif line.startswith("data: "):
                data = line[6:].strip()
            elif line == "\n" and name:
                return name, data
        raise AssertionError(f"no event within {timeout} s")

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()
