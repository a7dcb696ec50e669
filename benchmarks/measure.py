"""Measuring child processes: wall time, peak RSS and a time limit; servers started, waited for and stopped.

Peak memory is reported two ways, because lodpub splits work over processes:
`max_rss_mb` is ru_maxrss from os.wait4 (the largest single process of the tree), and
`tree_rss_mb` is the largest sum of VmRSS over the process and all its descendants, sampled
every 0.1 s (shared pages of forked workers are counted once per process, so it errs high).
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import httpx


class BenchmarkError(RuntimeError):
    """A step failed or lost facts: the run stops, loudly."""


@dataclass
class Run:
    """One measured process."""

    command: list[str]
    wall_s: float
    max_rss_mb: float
    tree_rss_mb: float
    returncode: int | None
    timed_out: bool = False
    output_tail: str = ""

    def as_dict(self) -> dict:
        return {
            "wall_s": round(self.wall_s, 2), "max_rss_mb": round(self.max_rss_mb, 1),
            "tree_rss_mb": round(self.tree_rss_mb, 1), "timed_out": self.timed_out,
        }


# --- The process tree ------------------------------------------------------------------------


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                # the command name may hold spaces and parentheses: the ppid follows the last ')'
                ppid = int(stat.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def tree(pid: int) -> list[int]:
    """pid and all its descendants."""
    children = _children_map()
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, ()))
    return found


def rss_mb(pid: int) -> float:
    """VmRSS of one process in MB (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_rss_mb(pid: int) -> float:
    return sum(rss_mb(p) for p in tree(pid))


class _Sampler(threading.Thread):
    """Keeps the largest VmRSS sum of a process tree until stopped."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0.0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            self._halt.wait(self.interval)

    def stop(self) -> float:
        self._halt.set()
        self.join()
        return self.peak


# --- One measured command --------------------------------------------------------------------


def measure(command: list, limit_s: float, log: Path | None = None, env: dict | None = None,
            check: bool = True) -> Run:
    """Run `command` to the end (or `limit_s`, then kill its process group); its time and memory."""
    command = [str(part) for part in command]
    out = open(log, "wb") if log else subprocess.DEVNULL
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               env={**os.environ, **(env or {})}, start_new_session=True)
    sampler = _Sampler(process.pid)
    sampler.start()
    timer = threading.Timer(limit_s, lambda: _kill_group(process.pid))
    timer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
        wall = time.perf_counter() - start
        peak = sampler.stop()
        _kill_group(process.pid)  # workers a killed parent left behind
        if log:
            out.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    timed_out = wall >= limit_s and process.returncode < 0
    tail = _tail(log) if log else ""
    run = Run(command, wall, usage.ru_maxrss / 1024, max(peak, usage.ru_maxrss / 1024),
              process.returncode, timed_out, tail)
    if check and not timed_out and process.returncode != 0:
        raise BenchmarkError(f"{' '.join(command)} exited with {process.returncode}:\n{tail}")
    return run


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _tail(log: Path, lines: int = 15) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- Servers ---------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    url: str
    ready_s: float
    log: Path
    extra: dict = field(default_factory=dict)

    @property
    def rss_mb(self) -> float:
        return tree_rss_mb(self.process.pid)


def wait_until(url: str, process: subprocess.Popen, timeout: float, log: Path,
               params: dict | None = None, ok=lambda status: status == 200) -> float:
    """Seconds until `url` answers `ok`; raises if the process exits or the time runs out."""
    start = time.perf_counter()
    while True:
        if process.poll() is not None:
            raise BenchmarkError(f"{url}: the server exited with {process.returncode}:\n{_tail(log)}")
        try:
            if ok(httpx.get(url, params=params, timeout=2).status_code):
                return time.perf_counter() - start
        except httpx.HTTPError:
            pass
        if time.perf_counter() - start > timeout:
            raise BenchmarkError(f"{url} did not answer within {timeout:.0f} s:\n{_tail(log)}")
        time.sleep(0.05)


@contextmanager
def server(name: str, command: list, probe: str, log: Path, timeout: float,
           params: dict | None = None, ok=lambda status: status == 200) -> Iterator[Server]:
    """Start `command` in its own process group, wait until `probe` answers, kill the group on exit."""
    command = [str(part) for part in command]
    out = open(log, "wb")
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        wait_until(probe, process, timeout, log, params, ok)
        base = probe.split("/", 3)
        yield Server(name, process, "/".join(base[:3]), time.perf_counter() - start, log)
    finally:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                pass
        _kill_group(process.pid)
        process.wait()
        out.close()
