"""What the tests of the static-host rules share: one web server's process on loopback, and its answers."""

from __future__ import annotations

import http.client
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from oxigraph_server import free_port

# Each dump's extension and the type its unpacked name is served as, written out here rather
# than taken from the code under test.
DUMP_TYPES = [
    ("ttl", "text/turtle; charset=utf-8"),
    ("nt", "application/n-triples; charset=utf-8"),
    ("nq", "application/n-quads; charset=utf-8"),
    ("trig", "application/trig; charset=utf-8"),
    ("jsonld", "application/ld+json; charset=utf-8"),
]


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


@contextmanager
def serving(name: str, prepare: Callable[[int], tuple[list[str], list[str]]], log: Path) -> Iterator[int]:
    """The server's own process (not a daemon) on a free loopback port, stopped on exit; its port.

    `prepare(port)` writes its configuration and gives the command that runs it and the command
    that checks the configuration. Tried again when the port is taken between probing and
    binding. Fails, never skips, when the server cannot start, with its own words and `log`.
    """
    def logged() -> str:
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""

    for attempt in range(3):
        port = free_port()
        command, check = prepare(port)
        checked = subprocess.run(check, capture_output=True, text=True, check=False)
        if checked.returncode != 0:
            pytest.fail(f"{name} rejects the configuration:\n{checked.stderr}{logged()}")
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            problem = _wait_until_listening(process, port, name, logged)
            if problem is None:
                yield port
                return
            if "Address already in use" not in problem or attempt == 2:
                pytest.fail(problem)
        finally:
            stop(process)


def _wait_until_listening(process: subprocess.Popen, port: int, name: str, log: Callable[[], str]) -> str | None:
    """None once the server accepts connections; else what went wrong, in its own words."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _, stderr = process.communicate()
            return f"{name} exited with status {process.returncode}:\n{stderr}{log()}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return None
        except OSError:
            time.sleep(0.05)
    return f"{name} did not listen on 127.0.0.1:{port} within 10 s:\n{log()}"


def stop(process: subprocess.Popen) -> None:
    """SIGTERM (nginx's fast shutdown, Apache's stop, workers included), then SIGKILL after 10 s."""
    if process.poll() is None:
        process.terminate()
    try:
        process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
