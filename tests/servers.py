"""A real `lodpub serve` in its own process on a free loopback port, as a user starts it."""

from __future__ import annotations

import concurrent.futures
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx
from oxigraph_server import free_port


@contextmanager
def running_server(root: Path, *extra: str, timeout: float = 2.0, log_name: str = "serve.log",
                   env: dict[str, str] | None = None, port: int | None = None,
                   startup: float = 30) -> Iterator[tuple[str, subprocess.Popen]]:
    """`lodpub -C root serve --timeout TIMEOUT *extra`; yields (base URL, process) once / answers.

    The server's output goes to root/log_name (read it for what the server logged). `port`: the
    port to listen on, when the caller needs it beforehand; default a free one.
    """
    port = port or free_port()
    script = Path(sys.executable).with_name("lodpub")
    log_path = root / log_name
    log = log_path.open("w")
    process = subprocess.Popen(
        [script, "-C", root, "serve", "--port", str(port), "--timeout", str(timeout), *extra],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup
        while True:
            if process.poll() is not None:
                raise AssertionError("lodpub serve exited: " + log_path.read_text())
            try:
                if httpx.get(url + "/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("lodpub serve did not answer: " + log_path.read_text())
            time.sleep(0.1)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextmanager
def listener():
    """A loopback socket that records whether anyone connected to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.2)
    seen: list[bool] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            seen.append(True)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], seen
    finally:
        stop.set()
        thread.join(2)
        sock.close()


# Queries nested deeper than any real one: refused before they reach an engine.
NESTED_QUERIES = (
    "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "SELECT * WHERE { BIND(" + "IF(true, " * 1000 + "1" + ", 0)" * 1000 + " AS ?x) }",
)


@dataclass
class Alongside:
    """A slow query and a page fetched while it ran, each with how long it took."""

    response: httpx.Response
    seconds: float
    page: httpx.Response
    page_seconds: float


def query_alongside_a_page(url: str, query: str, page_path: str, timeout: float) -> Alongside:
    """POST `query` to url/sparql and, 0.3 s into it, GET url/page_path: is the server still answering?"""
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        slow = pool.submit(httpx.post, url + "/sparql", data={"query": query}, timeout=timeout + 10)
        time.sleep(0.3)
        page_started = time.monotonic()
        page = httpx.get(url + page_path, timeout=5)
        page_seconds = time.monotonic() - page_started
        response = slow.result()
        return Alongside(response, time.monotonic() - started, page, page_seconds)
