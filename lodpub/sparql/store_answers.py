"""Reading a store's answer as it streams in: the body cut at the query's deadline, and what
differs between stores (Virtuoso's blank-node labels, its ASK answered as a row, its own timeout)."""

from __future__ import annotations

import io
import math
import socket
import threading
import time
from typing import Iterator

import httpx
import pyoxigraph as ox

from .limits import StoreTimeout

VIRTUOSO_INCOMPLETE = "S1TAT"  # Virtuoso's X-SQL-State on an answer cut short by its own timeout
VIRTUOSO_TIMEOUT = "Virtuoso S1T00"  # how its 500 starts when its own timeout stopped the query
# Virtuoso labels blank nodes in SPARQL JSON results "nodeID://b10002", which is no blank-node
# label in RDF's syntax (pyoxigraph refuses it); the label without the prefix is one.
VIRTUOSO_BNODE = (b'"type": "bnode", "value": "nodeID://', b'"type": "bnode", "value": "')
class StreamedBody(io.RawIOBase):
    """The store's answer as a file for pyoxigraph's streaming parsers, read only as far as needed."""

    def __init__(self, chunks: Iterator[bytes], deadline: float, timeout: float, store: str):
        self._chunks = chunks
        self._pending = b""
        self._deadline, self._timeout, self._store = deadline, timeout, store

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            # Where the socket could not be shut down (another transport), this check is the limit.
            if time.monotonic() > self._deadline:
                raise StoreTimeout(self._timeout, self._store)
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size
def cut_off(response: httpx.Response, cut: threading.Event) -> None:
    """At the deadline: shut the connection down under the thread that is blocked reading it."""
    cut.set()
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
def without_spans(query: str, spans: list[tuple[int, int]]) -> str:
    """The query with these spans blanked out (newlines kept, so positions in messages stay right)."""
    chars = list(query)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)
def virtuoso_boolean(parsed: ox.QuerySolutions) -> ox.QueryBoolean:
    """Virtuoso 7.2 answers an ASK in SPARQL JSON as one solution binding __ASK_RETVAL to 1 or 0."""
    rows = list(parsed)
    if [v.value for v in parsed.variables] != ["__ASK_RETVAL"] or len(rows) > 1:
        raise ValueError("an ASK answered with solutions")
    truth = bool(rows) and rows[0]["__ASK_RETVAL"] is not None and rows[0]["__ASK_RETVAL"].value not in ("0", "false")
    return ox.parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if truth else b"false"), ox.QueryResultsFormat.JSON)
def plain_blank_nodes(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks with Virtuoso's blank-node labels made plain, also where one spans two chunks."""
    old, new = VIRTUOSO_BNODE
    keep = len(old) - 1
    pending = b""
    for chunk in chunks:
        pending = (pending + chunk).replace(old, new)
        if len(pending) > keep:
            yield pending[:-keep]
            pending = pending[-keep:]
    if pending:
        yield pending
def distinct(found: Iterator[ox.Triple]) -> Iterator[ox.Triple]:
    """Each triple once, as a graph is a set: a store may send a CONSTRUCT's triple more than once (one per
    solution, or per graph where its default graph is a list of graphs, a bag)."""
    seen: set[ox.Triple] = set()
    for triple in found:
        if triple not in seen:
            seen.add(triple)
            yield triple
def retry_after_header(response: httpx.Response) -> int:
    try:
        return max(1, math.ceil(float(response.headers.get("retry-after", "1"))))
    except ValueError:
        return 1
