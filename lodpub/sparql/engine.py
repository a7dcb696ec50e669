"""Running checked queries in worker processes that can be killed, within the limits.

Why processes: pyoxigraph has no query timeout and blocks the calling thread until a query
ends (see worker.py), so a thread pool cannot stop a runaway query and a stack overflow in the
engine would take the whole server down. Each query runs in a worker process that opens the
store read-only; on timeout the worker gets SIGKILL and a fresh one is started in its place.

Why the fork server: the caller is a multi-threaded server, and forking a process with threads
copies locks that other threads held (the child can deadlock), so plain fork is out. "spawn"
works but starts a fresh interpreter and imports pyoxigraph again for every replacement; the
fork server forks workers from one small single-threaded process that has pyoxigraph imported
already, so a replacement is ready in tens of milliseconds. As with spawn, each worker imports
the caller's __main__ module by path, so a script that builds an Engine needs the usual
`if __name__ == "__main__":` guard (the `lodpub` command and pytest have it).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.formats import GRAPH_RESULT_FORMATS, SELECT_RESULT_FORMATS, Format
from . import worker as worker_module
from .check import Checked, analyse
from .limits import Busy, EngineError, FormNotAcceptable, Limits, QueryRefused, QueryTimeout
from .store import hold

_STARTUP_SECONDS = 30.0  # a worker that is not ready by then is broken, not slow
_DIED = (
    "The query stopped the engine: it needs more stack or memory than a query may use "
    "(deep nesting or a huge intermediate result); simplify it."
)


@dataclass(frozen=True)
class Result:
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    media_type: str
    body: bytes
    rows: int  # solutions (SELECT) or triples (CONSTRUCT, DESCRIBE) in body; 0 for ASK
    truncated: bool  # True: there were more than Limits.max_rows; the caller must say so


def _context():
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([worker_module.__name__])
        return context
    return multiprocessing.get_context("spawn")


class _Worker:
    """One worker process and the pipe to it; used by one query at a time."""

    def __init__(self, context, store_path: Path, memory_bytes: int | None):
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=worker_module.main, args=(child, str(store_path), memory_bytes, os.getpid()),
            name="lodpub-sparql", daemon=True,
        )
        self.process.start()
        child.close()
        self.ready = False
        self.isolated = False  # True: it has no network at all (see worker._leave_network)
        self.deadline: float | None = None  # while a query runs: when it gets killed

    def wait_ready(self) -> None:
        if self.ready:
            return
        try:
            if not self.conn.poll(_STARTUP_SECONDS):
                raise EngineError(f"a SPARQL worker did not start within {_STARTUP_SECONDS:g} s")
            message = self.conn.recv()
        except (EOFError, OSError):
            self.process.join(1)
            raise EngineError(f"a SPARQL worker stopped while starting (exit code {self.process.exitcode})") from None
        if message[0] != "ready":
            raise EngineError(message[1])
        self.ready, self.isolated = True, message[1]

    def kill(self) -> None:
        self.process.kill()  # SIGKILL: the only thing a query stuck inside Oxigraph obeys
        self.process.join(5)
        self.conn.close()


class Engine:
    """Read-only SPARQL over one store, in up to `limits.max_concurrent` worker processes.

    `workers` processes are started at once and kept warm; more start when queries arrive
    together, up to max_concurrent. run() is blocking and safe to call from several threads.
    """

    def __init__(self, store_path: Path, graphs: set[str], limits: Limits = Limits(), workers: int = 2,
                 base: str | None = None):
        self.store_path = Path(store_path)
        self._held = hold(self.store_path)  # no build removes the store while this engine reads it
        # What relative IRIs in a query resolve against (the endpoint's own URL, as the SPARQL 1.1
        # Protocol tests and Oxigraph's server have it); without one `<s>` is a syntax error.
        self.base = base
        self.graphs = frozenset(graphs)
        self.limits = limits
        self._memory = limits.max_memory_mb * 2**20 if limits.max_memory_mb else None
        self._warm = max(1, min(workers, limits.max_concurrent))
        self._context = _context()
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._closed = False
        self._idle = [self._start() for _ in range(self._warm)]
        try:  # fail here, with the reason, if the store cannot be opened
            for one in self._idle:
                one.wait_ready()
        except EngineError:
            self.close()
            raise

    @property
    def running(self) -> int:
        """Queries evaluating now (at most limits.max_concurrent)."""
        with self._lock:
            return len(self._busy)

    @property
    def isolated(self) -> bool:
        """True when the workers run without any network (Linux, where the kernel allows it)."""
        return all(w.isolated for w in self._idle if w.ready)

    def run(
        self, query: str, result_format: Format, default_graph_uris=(), named_graph_uris=()
    ) -> Result:
        """Evaluate `query` in a worker; raises QueryRefused, FormNotAcceptable, QueryTimeout or Busy."""
        checked = analyse(query, self.graphs, self.limits, self.base)
        check_result_format(checked.form, result_format)
        default, named = query_dataset(checked, self.graphs, default_graph_uris, named_graph_uris)
        request = {
            "query": query, "format": result_format.name, "default": default, "named": named,
            "max_rows": self.limits.max_rows, "prefixes": checked.prefixes, "base": self.base,
        }
        reply = self._evaluate(request)
        if reply[0] == "refused":
            raise QueryRefused(reply[1], reply[2])
        if reply[0] == "failed":
            raise EngineError(reply[1])
        _, body, rows, truncated = reply
        return Result(checked.form, result_format.media_type, body, rows, truncated)

    def _evaluate(self, request: dict) -> tuple:
        one = self._acquire()
        try:
            try:
                one.wait_ready()
                one.conn.send(request)
            except (EngineError, OSError):
                # It died while idle (killed from outside, say): the query never reached it.
                one = self._swap(one)
                one.wait_ready()
                try:
                    one.conn.send(request)
                except OSError:
                    raise EngineError("a SPARQL worker stopped before it got the query") from None
            one.deadline = time.monotonic() + self.limits.timeout
            if not one.conn.poll(self.limits.timeout):
                raise QueryTimeout(self.limits.timeout)
            reply = one.conn.recv()
            if reply[0] == "ok":  # ("ok", rows, truncated), then the body as bytes of its own
                reply = ("ok", one.conn.recv_bytes(), *reply[1:])
        except (EOFError, OSError):
            # The worker died during evaluation: a stack overflow (SIGSEGV) or the memory limit
            # (SIGABRT) inside Oxigraph. Only that process is lost; a fresh one takes its place.
            self._discard(one)
            if self._closed:
                raise EngineError("the SPARQL engine was closed") from None
            raise QueryRefused(400, _DIED) from None
        except BaseException:
            # A timeout, or the caller interrupted: the worker may still be evaluating, or a reply
            # may be on its way that nobody will read. Either way it cannot serve another query.
            self._discard(one)
            raise
        self._release(one)
        return reply

    def _swap(self, one: _Worker) -> _Worker:
        """Kill `one` and give the caller a new worker in its place."""
        one.kill()
        with self._lock:
            self._busy.discard(one)
            if self._closed:
                raise EngineError("the SPARQL engine was closed")
            fresh = self._start()
            self._busy.add(fresh)
            return fresh

    def _acquire(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise EngineError("the SPARQL engine was closed")
            if len(self._busy) >= self.limits.max_concurrent:
                raise Busy(self._retry_after())
            for dead in [w for w in self._idle if not w.process.is_alive()]:
                self._idle.remove(dead)
                dead.kill()
            # A worker that has said "ready" first, the one released last (its store's caches are
            # the warmest); one still starting (a replacement) last.
            ready = [w for w in self._idle if w.ready or w.conn.poll(0)]
            if ready:
                one = ready[-1]
                self._idle.remove(one)
            else:
                one = self._idle.pop() if self._idle else self._start()
            one.deadline = None
            self._busy.add(one)
            return one

    def _release(self, one: _Worker) -> None:
        with self._lock:
            self._busy.discard(one)
            one.deadline = None
            if self._closed:
                one.kill()
            else:
                self._idle.append(one)

    def _discard(self, one: _Worker) -> None:
        """Kill a worker and, while fewer than `workers` remain, start its replacement now."""
        one.kill()
        with self._lock:
            self._busy.discard(one)
            if not self._closed and len(self._idle) + len(self._busy) < self._warm:
                self._idle.append(self._start())

    def _start(self) -> _Worker:
        return _Worker(self._context, self.store_path, self._memory)

    def _retry_after(self) -> int:
        """Seconds until the first running query ends or is killed, at least 1."""
        now = time.monotonic()
        ends = [w.deadline - now for w in self._busy if w.deadline is not None]
        return max(1, math.ceil(min(ends, default=self.limits.timeout)))

    def close(self) -> None:
        """Kill all workers. Queries still running get EngineError."""
        with self._lock:
            self._closed = True
            everyone = [*self._idle, *self._busy]
            self._idle, self._busy = [], set()
        for one in everyone:
            one.kill()
        if self._held is not None:
            os.close(self._held)
            self._held = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def check_result_format(form: str, fmt: Format) -> None:
    """FormNotAcceptable unless `fmt` can carry a `form` result."""
    offers = SELECT_RESULT_FORMATS if form in ("SELECT", "ASK") else GRAPH_RESULT_FORMATS
    if fmt not in offers:
        raise FormNotAcceptable(form, fmt, offers)


def query_dataset(checked: Checked, graphs: frozenset[str], default_uris, named_uris) -> tuple[list | None, list | None]:
    """(default graphs, named graphs) to evaluate over; None: all of them (as default graph, their merge).

    default-graph-uri and named-graph-uri (the protocol) override the query's FROM and FROM NAMED,
    as SPARQL 1.1 Protocol says; each part left out of the protocol keeps the endpoint's default.
    Within the query, SPARQL 1.1 Query's rule holds: FROM NAMED alone leaves the default graph
    empty, FROM alone leaves no named graphs. The worker always passes the default graphs to
    Oxigraph explicitly, so the query's FROM never chooses on its own.
    """
    default_uris, named_uris = list(default_uris), list(named_uris)
    for name, uris in (("default-graph-uri", default_uris), ("named-graph-uri", named_uris)):
        for uri in uris:
            if uri not in graphs:
                raise QueryRefused(
                    400, f"{name} <{uri}> is not a graph of this dataset; the service description lists the graphs."
                )
    if default_uris or named_uris:
        return (default_uris or None), (named_uris or None)
    if checked.from_graphs or checked.from_named:
        return checked.from_graphs, checked.from_named
    return None, None
