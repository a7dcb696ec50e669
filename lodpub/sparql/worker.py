"""The worker process: opens the store read-only, evaluates one query at a time, writes the result.

It runs in a process of its own because pyoxigraph cannot be interrupted: Store.query() has no
timeout and, once a query is evaluating, holds its thread until it ends, which for a cartesian
product over the data can be hours. Only the OS can stop it, so the engine kills the
whole process (SIGKILL) and starts another. A stack overflow or an allocation failure inside
the engine also ends the process (SIGSEGV, SIGABRT); the caller, in another process, survives.

This module is imported by the fork server before any worker starts; keep its imports light.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import threading
from multiprocessing.connection import Connection

import pyoxigraph as ox

from .. import lifeline
from ..core.formats import RESULT_BY_NAME
from .results import solutions, syntax_message, triples

# Deep but legal queries (20,000 chained `+` or UNION) overflow the default 8 MB main-thread
# stack inside Oxigraph's evaluator; on this stack they run, or time out, instead.
STACK_BYTES = 64 * 2**20


def main(conn: Connection, store_path: str, memory_bytes: int | None, owner: int) -> None:
    """The worker's entry point (multiprocessing target); `owner` is the engine's process."""
    # Ctrl-C at a terminal reaches the whole process group; the engine's owner stops workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker stopped by the memory limit says so in one line on stderr, not in a backtrace.
    os.environ["RUST_BACKTRACE"] = "0"
    isolated = _leave_network()
    # Our parent is the fork server, which lives on while any worker does: so we watch the
    # engine's process itself, or a query running when it dies would run on for hours.
    # After _leave_network, which needs the process to have one thread.
    lifeline.end_with(owner)
    if memory_bytes:
        try:  # Linux counts the heap and anonymous mappings; a failed allocation aborts the worker
            resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
        except (ValueError, OSError):  # a system that will not lower it: no memory limit
            pass
    threading.stack_size(STACK_BYTES)
    thread = threading.Thread(target=_serve, args=(conn, store_path, isolated), name="sparql-worker")
    thread.start()
    thread.join()


def _leave_network() -> bool:
    """Move this process into an empty network namespace, where no connection can be made.

    Defence in depth behind check(), which already refuses SERVICE: Oxigraph has an HTTP client
    and SERVICE SILENT <http://...> would use it. Linux only, and only where the kernel lets us
    (root, or unprivileged user namespaces); elsewhere it returns False and check() stands alone.
    It must run while the process has one thread, before the store starts RocksDB's threads.
    """
    if not hasattr(os, "fork") or not os.path.exists("/proc/self/ns/net"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        clone_newuser, clone_newnet = 0x10000000, 0x40000000
        if libc.unshare(clone_newnet) == 0:
            return True
        uid, gid = os.getuid(), os.getgid()
        if libc.unshare(clone_newuser | clone_newnet) != 0:
            return False
        # Map our own ids so files keep their owner; best effort, reading the store needs no more.
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            try:
                with open(f"/proc/self/{name}", "w") as handle:
                    handle.write(text)
            except OSError:
                pass
        return True
    except (OSError, AttributeError):
        return False


def _serve(conn: Connection, store_path: str, isolated: bool) -> None:
    try:
        store = ox.Store.read_only(store_path)
    except OSError as error:
        conn.send(("failed", f"cannot open the SPARQL store {store_path}: {error}"))
        return
    conn.send(("ready", isolated))
    while True:
        try:
            request = conn.recv()
        except EOFError:  # the engine is gone
            return
        if request is None:
            return
        reply = answer(store, request)
        if reply[0] == "ok":  # the body follows as it is: pickling would copy megabytes twice
            status, body, rows, truncated = reply
            conn.send((status, rows, truncated))
            conn.send_bytes(body)
        else:
            conn.send(reply)


def answer(store: ox.Store, request: dict) -> tuple:
    """("ok", body, rows, truncated) or ("refused", status, message) or ("failed", message)."""
    fmt = RESULT_BY_NAME[request["format"]]
    # Always an explicit dataset, so the query's own FROM (checked, but never trusted) has no say.
    # None: the store's default graph, which holds the merge of all graphs (see store._load).
    default = request["default"]
    dataset: dict = {"default_graph": [ox.DefaultGraph()] if default is None else [ox.NamedNode(g) for g in default]}
    if request["named"] is not None:
        dataset["named_graphs"] = [ox.NamedNode(g) for g in request["named"]]
    try:
        results = store.query(request["query"], base_iri=request.get("base"), **dataset)
        if isinstance(results, ox.QueryBoolean):
            if fmt.results is None:
                return ("refused", 406, f"An ASK result cannot be given as {fmt.label}.")
            return ("ok", results.serialize(format=fmt.results), 0, False)
        if isinstance(results, ox.QuerySolutions):
            if fmt.results is None:
                return ("refused", 406, f"A SELECT result cannot be given as {fmt.label}.")
            return ("ok", *solutions(results, fmt, request["max_rows"]))
        if fmt.oxigraph is None:
            return ("refused", 406, f"A graph result cannot be given as {fmt.label}.")
        return ("ok", *triples(results, fmt, request["max_rows"], request["prefixes"]))
    except SyntaxError as error:
        return ("refused", 400, syntax_message(str(error)))
    except OSError as error:
        return ("failed", f"the store could not be read: {error}")
    except (ValueError, TypeError, RuntimeError) as error:
        return ("refused", 400, f"The query could not be evaluated: {error}")
