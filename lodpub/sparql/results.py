"""Capping a query's result at max_rows and writing it in the format asked for.

Shared by the worker process (results from the embedded store) and the remote engine (results
parsed, as they stream in, from an external store's SPARQL JSON or N-Triples): both keep at most
max_rows rows, say whether there were more, and write the same bytes for the same rows.
"""

from __future__ import annotations

import re
from typing import Iterable

import pyoxigraph as ox

_PARSER_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def syntax_message(parser: str) -> str:
    """Oxigraph's "error at 3:1: expected ..." in the words the other refusals use."""
    where = _PARSER_POSITION.match(parser)
    if where is None:
        return f"The query has a syntax error: {parser}"
    line, column, rest = where.groups()
    return f"The query has a syntax error at line {line}, column {column}: {rest}"


def solutions(results: ox.QuerySolutions, fmt, max_rows: int) -> tuple[bytes, int, bool]:
    """At most max_rows solutions in `fmt`, and whether there were more.

    pyoxigraph's writers do the work, never Python per term: the solutions are written as TSV
    into a sink that stops the writer (and with it the evaluation) once it holds max_rows rows
    and sees one more. TSV is the one result format with one line per row (SPARQL 1.1 TSV escapes
    newlines and tabs in terms), so counting and cutting rows is counting newlines; it reads back
    losslessly, so another format is pyoxigraph's writer run on the kept rows.
    """
    sink = _RowCap(max_rows)
    try:
        results.serialize(sink, format=ox.QueryResultsFormat.TSV)
    except _Full:
        pass
    body, rows, truncated = sink.kept()
    if fmt.results != ox.QueryResultsFormat.TSV:
        body = ox.parse_query_results(body, ox.QueryResultsFormat.TSV).serialize(format=fmt.results)
    return body, rows, truncated


class _Full(Exception):
    """Raised by _RowCap.write to stop pyoxigraph's writer: the cap is reached and one more row seen."""


class _RowCap:
    """A binary file for pyoxigraph's TSV writer that keeps the header line and up to max_rows rows."""

    def __init__(self, max_rows: int):
        self.buffer = bytearray()
        self.lines = 0  # complete lines in buffer, the header's included
        self.cap = max_rows + 1  # lines to keep
        self.complete = False  # True once cap lines are kept: any byte more starts a row beyond them
        self.more = False  # True: there was such a row

    def write(self, chunk) -> int:
        if self.complete:
            if chunk:
                self.more = True
                raise _Full
            return 0
        newlines = chunk.count(b"\n")
        if self.lines + newlines < self.cap:
            self.buffer += chunk
            self.lines += newlines
            return len(chunk)
        end = -1  # this chunk ends the last line to keep: find that line's end
        for _ in range(self.cap - self.lines):
            end = chunk.index(b"\n", end + 1)
        self.buffer += chunk[: end + 1]
        self.lines, self.complete = self.cap, True
        if end + 1 < len(chunk):
            self.more = True
            raise _Full
        return len(chunk)

    def flush(self) -> None:
        pass

    def kept(self) -> tuple[bytes, int, bool]:
        """The TSV kept, its rows, and whether there were more."""
        lines = self.lines
        if self.buffer and not self.buffer.endswith(b"\n"):
            lines += 1  # a writer that leaves the last line open
        return bytes(self.buffer), max(0, lines - 1), self.more


def triples(results: Iterable[ox.Triple], fmt, max_rows: int, prefixes: dict[str, str]) -> tuple[bytes, int, bool]:
    """At most max_rows triples in `fmt` (Turtle with the query's prefixes), and whether there were more."""
    kept, truncated = [], False
    for triple in results:
        if len(kept) == max_rows:
            truncated = True
            break
        kept.append(triple)
    if fmt.oxigraph == ox.RdfFormat.TURTLE and prefixes:
        try:  # the query's own prefixes make the Turtle readable
            return ox.serialize(kept, format=fmt.oxigraph, prefixes=prefixes), len(kept), truncated
        except ValueError:  # a prefix the writer will not take (a relative IRI): write IRIs in full
            pass
    return ox.serialize(kept, format=fmt.oxigraph), len(kept), truncated
