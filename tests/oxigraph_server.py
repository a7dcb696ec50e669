"""A real `oxigraph serve` on a free loopback port, for tests: start, wait until it answers, stop or kill.

    with oxigraph_server(tmp_path / "store") as server:
        server.url     # http://127.0.0.1:PORT (GSP at /store, queries at /query, updates at /update)
        server.kill()  # SIGKILL, as a crash
        server.start() # again, on the same directory and port
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
from store_process import StoreProcess


def oxigraph_binary() -> str:
    """The `oxigraph` command of this virtual environment (the `oxigraph` package on PyPI), else PATH's."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the Oxigraph server is not installed: `pip install oxigraph` (the test extras have it)")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OxigraphServer(StoreProcess):
    """One server process over one store directory; the port stays the same across restarts."""

    def __init__(self, location: Path, port: int | None = None, startup_timeout: float = 20.0,
                 union_default_graph: bool = False, timeout_s: float | None = None):
        self.location = Path(location)
        self.port = port or free_port()
        self.startup_timeout = startup_timeout
        # --union-default-graph: queries without a dataset see the union of all graphs, a bag (a triple in two
        # graphs counted twice). lodpub never uses the store's default graph (publish writes the merge into a
        # named graph of its own), so one test sets it to show that nothing changes.
        # --timeout-s: the store stops a query by itself (else it evaluates on after a client gave up).
        self.options = ["--union-default-graph"] if union_default_graph else []
        if timeout_s is not None:
            self.options += ["--timeout-s", f"{timeout_s:g}"]
        self.log = self.location.parent / f"{self.location.name}.oxigraph.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def gsp_url(self) -> str:
        return self.url + "/store"

    @property
    def update_url(self) -> str:
        return self.url + "/update"

    @property
    def endpoints(self):
        from lodpub.store_access import Endpoints

        return Endpoints.of(self.url)

    def start(self) -> OxigraphServer:
        if self.process is not None and self.process.poll() is None:
            raise RuntimeError("the server is already running")
        self.location.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [oxigraph_binary(), "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}",
                 *self.options],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        self._wait_until_ready()
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph exited with {self.process.returncode} on start:\n{self.log.read_text()}")
            try:
                answer = httpx.get(f"{self.url}/query", params={"query": "ASK {}"}, timeout=1.0)
                if answer.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"oxigraph did not answer within {self.startup_timeout} s:\n{self.log.read_text()}")


@contextmanager
def oxigraph_server(location: Path | None = None, **options) -> Iterator[OxigraphServer]:
    """A running server over `location` (default: a fresh temporary directory, removed afterwards);
    `options` as OxigraphServer takes them (timeout_s=..., union_default_graph=True)."""
    if location is not None:
        with OxigraphServer(location, **options) as server:
            yield server
        return
    with tempfile.TemporaryDirectory(prefix="oxigraph-") as folder:
        with OxigraphServer(Path(folder) / "store", **options) as server:
            yield server
