"""What the tests of the static-host rules share: one web server's process on loopback, and its answers."""

from __future__ import annotations

import gzip
import http.client
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from oxigraph_server import free_port
from projects import site_bytes, site_file

from lodpub.core import layout

# Each dump's extension and the type its unpacked name is served as, written out here rather
# than taken from the code under test.
DUMP_TYPES = [
    ("ttl", "text/turtle; charset=utf-8"),
    ("nt", "application/n-triples; charset=utf-8"),
    ("nq", "application/n-quads; charset=utf-8"),
    ("trig", "application/trig; charset=utf-8"),
    ("jsonld", "application/ld+json; charset=utf-8"),
]


# A listing long enough for a second page, in a copy of the build served by a test's host: the
# seed project's listings fit on one page, so the copy gets page 2 of one (the first page's files).
SECOND_PAGE = "doc/answer/page/2"
ENTITY = "question/20151-uui-896"
# Every kind of file of doc/, at a path a client asks for (not negotiated), the file whose text
# it is, and its type, written out here too.
PACKED_PATHS = [
    (f"/doc/{ENTITY}.html", f"doc/{ENTITY}.html", "text/html; charset=utf-8"),
    (f"/doc/{ENTITY}.ttl", f"doc/{ENTITY}.ttl", "text/turtle; charset=utf-8"),
    (f"/doc/{ENTITY}.jsonld", f"doc/{ENTITY}.jsonld", "application/ld+json; charset=utf-8"),
    ("/doc/answer/", "doc/answer/index.html", "text/html; charset=utf-8"),
    ("/doc/answer/index.html", "doc/answer/index.html", "text/html; charset=utf-8"),
    ("/doc/answer/index.csv", "doc/answer/index.csv", "text/csv; charset=utf-8"),
    ("/doc/answer/index.json", "doc/answer/index.json", "application/json; charset=utf-8"),
    (f"/{SECOND_PAGE}.html", f"{SECOND_PAGE}.html", "text/html; charset=utf-8"),
    (f"/{SECOND_PAGE}.csv", f"{SECOND_PAGE}.csv", "text/csv; charset=utf-8"),
    (f"/{SECOND_PAGE}.json", f"{SECOND_PAGE}.json", "application/json; charset=utf-8"),
    ("/doc/answer/year/2016/", "doc/answer/year/2016/index.html", "text/html; charset=utf-8"),
    ("/doc/answer/year/2016/index.csv", "doc/answer/year/2016/index.csv", "text/csv; charset=utf-8"),
    ("/doc/answer/year/2016/index.json", "doc/answer/year/2016/index.json", "application/json; charset=utf-8"),
    ("/doc/person/", "doc/person/index.html", "text/html; charset=utf-8"),
]


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    def vary(self) -> set[str]:
        """Every name the Vary headers list (a server may send more than one), in lower case."""
        return {name.strip().lower() for value in self.headers.get_all("Vary") or [] for name in value.split(",")} - {""}

    def text(self) -> bytes:
        """The body as the client reads it: unpacked when it came with Content-Encoding: gzip."""
        return gzip.decompress(self.body) if self.header("Content-Encoding") == "gzip" else self.body


def fetch(port: int, path: str, headers: dict[str, str] | None = None) -> Response:
    """One GET with exactly these headers (no Accept-Encoding unless one is given), the path sent
    as written (no normalisation, no redirects followed)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        answer = connection.getresponse()
        return Response(answer.status, answer.headers, answer.read())
    finally:
        connection.close()


# What a build serves at a path (doc/ unpacked), and the file that holds it (projects.py).
served, stored = site_bytes, site_file


def copy_site(built: Path, target: Path) -> Path:
    """A copy of a build for a host to serve, readable by all as a web root is, with SECOND_PAGE."""
    shutil.copytree(built.resolve(), target)
    for extension in layout.LISTING_FORMATS:
        page = stored(target, f"{SECOND_PAGE}.{extension}")
        page.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stored(target, layout.listing_page("answer", ext=extension)), page)
    for path in (target, *target.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


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
