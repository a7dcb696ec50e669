"""What the tests of the static-host rules share: one web server's process on loopback, and its answers."""

from __future__ import annotations

import http.client
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


def wait_until_listening(process: subprocess.Popen, port: int, name: str, log: Callable[[], str]) -> str | None:
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
