"""Read-only SPARQL on an external store (SPARQL 1.1 Protocol), with the embedded Engine's contract.

RemoteEngine.run() refuses exactly what Engine.run() refuses, before anything is sent: check()'s
refusals, a result format that does not fit the query form, a dataset outside the graphs. Only a
query that passed is forwarded. It asks the store for SPARQL JSON (SELECT, ASK) or N-Triples
(CONSTRUCT, DESCRIBE), parses the answer as it streams in, keeps at most max_rows rows and writes
them in the format asked for with the worker's own writers (results.py), so both engines give
the same bytes for the same rows.

The dataset, as the embedded Engine has it (engine.query_dataset decides which case applies), always
goes as protocol parameters, never rewritten into the query's FROM:

- no default graph given: default-graph-uri names `{namespace}default`, the named graph into
  which `lodpub publish` writes the RDF merge of the dataset's graphs (each triple once), as the
  embedded store's default graph is. The store's own default graph is never used, so its rule for
  it does not matter: Virtuoso's (every graph of the store, system graphs included), Fuseki's
  tdb2:unionDefaultGraph, Oxigraph's --union-default-graph (a bag: a triple in two graphs would
  match twice) answer alike.
- no named graphs given: where the query has a GRAPH pattern, every graph of the dataset goes as
  named-graph-uri (once one part of the dataset is given, a store may take an absent other part
  as empty, as Oxigraph does, or as all its graphs, as Virtuoso does), so `GRAPH ?g` finds the
  dataset's graphs, as in the embedded store, and not the store's others (publish's manifest,
  the merge, whatever else the store holds). A query without GRAPH cannot match a named graph,
  and goes without them: one parameter per source text costs the store time (Virtuoso takes
  four times as long to answer a trivial query with 1,000 of them, and fails with 2,000).
- default graphs given (default-graph-uri or FROM): sent as they are. Oxigraph evaluates a list
  of default graphs as a bag, in the embedded store as in this one.

One rewrite: where default-graph-uri or named-graph-uri are given and the query has FROM or FROM
NAMED too, the query goes without its FROM clauses (blanked out, so lines and columns stay), as
the protocol's dataset overrides them: Virtuoso would take the union of both.

The base: a query's relative IRIs resolve against the endpoint's own URL, as in the embedded
engine, so the query goes to the store with `BASE <that URL>` put before it. Left to the store,
they would resolve against the store's own (internal) URL, and the same query would mean other
IRIs here than in the embedded store. A BASE the query declares itself still counts: a later BASE
resolves against the earlier one, as SPARQL says. The store's syntax errors are given back with
the columns of the query as sent to us.

Time: limits.timeout is a deadline for the whole exchange. Until the store's answer starts, the
HTTP read timeout enforces it; once it streams, a timer shuts the socket down at the deadline, so
a store that trickles rows cannot hold a server thread past it. The store may go on evaluating
(it notices only when it next writes): start it with its own timeout a little longer than ours.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import threading
import time
from pathlib import Path
from typing import Callable, TypeVar
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from ..core.dataset import MERGE
from ..core.formats import NTRIPLES, SPARQL_JSON, Format
from ..core.packed import DAMAGED, open_dump
from ..store_access import ENV_PASSWORD, ENV_TOKEN, ENV_USER, Credentials, redact
from .check import analyse
from .engine import Result, check_result_format, query_dataset
from .limits import Busy, EngineError, Limits, QueryRefused, StoreTimeout, StoreUnavailable
from .results import solutions, syntax_message, triples
from .store_answers import (
    VIRTUOSO_INCOMPLETE,
    VIRTUOSO_TIMEOUT,
    StreamedBody,
    cut_off,
    distinct,
    plain_blank_nodes,
    retry_after_header,
    virtuoso_boolean,
    without_spans,
)

T = TypeVar("T")
CONNECT_SECONDS = 5.0  # a store that does not accept the connection by then is down, not slow
_EXCERPT = 300  # characters of a store's error message passed on
_OXIGRAPH_SYNTAX = re.compile(r"error at \d+:\d+: ")
_VIRTUOSO_SYNTAX = re.compile(r"Virtuoso 37000 Error SP030: SPARQL compiler, line (\d+): (.*)")


class RemoteEngine:
    """Read-only SPARQL over an external store's query endpoint, within `limits`.

    run() is blocking and safe to call from several threads; at most limits.max_concurrent
    requests are with the store at once (queries and entity descriptions alike), more get Busy.
    """

    def __init__(self, query_url: str, graphs: set[str] | frozenset[str], limits: Limits = Limits(),
                 auth: Credentials | None = None, transport: httpx.BaseTransport | None = None,
                 default_graph: str | None = None, base: str | None = None):
        self.query_url = query_url
        self.base = base
        self._prologue = f"BASE <{base}> " if base else ""  # on the query's first line: lines keep their numbers
        self.graphs = frozenset(graphs)
        # The named graph holding the merge that `lodpub publish` wrote: {namespace}default, beside
        # the dataset's graphs ({namespace}reference, {namespace}shapes, ...).
        self.default_graph = default_graph or merge_graph(self.graphs)
        self.limits = limits
        self._auth = auth or Credentials()
        self._secrets = self._auth.secrets()
        self._http = httpx.Client(
            headers={"User-Agent": "lodpub-serve"},
            auth=self._auth.http_auth(),
            transport=transport,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=limits.max_concurrent, max_keepalive_connections=limits.max_concurrent),
        )
        self._lock = threading.Lock()
        self._deadlines: dict[object, float] = {}  # one entry per request with the store
        self._closed = False

    @property
    def running(self) -> int:
        """Requests with the store now (at most limits.max_concurrent)."""
        with self._lock:
            return len(self._deadlines)

    def run(self, query: str, result_format: Format, default_graph_uris=(), named_graph_uris=()) -> Result:
        """Evaluate `query` on the store; raises what Engine.run raises, and StoreUnavailable or StoreTimeout."""
        checked = analyse(query, self.graphs, self.limits, self.base)
        check_result_format(checked.form, result_format)
        default, named = query_dataset(checked, self.graphs, default_graph_uris, named_graph_uris)
        if (default_graph_uris or named_graph_uris) and checked.from_spans:
            query = without_spans(query, checked.from_spans)
        max_rows = self.limits.max_rows

        if checked.form in ("SELECT", "ASK"):
            def read(stream: io.RawIOBase) -> tuple[bytes, int, bool]:
                parsed = ox.parse_query_results(stream, ox.QueryResultsFormat.JSON)
                if checked.form == "ASK" and not isinstance(parsed, ox.QueryBoolean):
                    parsed = virtuoso_boolean(parsed)
                if isinstance(parsed, ox.QueryBoolean):
                    return parsed.serialize(format=result_format.results), 0, False
                return solutions(parsed, result_format, max_rows)
            accept = SPARQL_JSON
        else:
            def read(stream: io.RawIOBase) -> tuple[bytes, int, bool]:
                parsed = ox.parse(stream, format=ox.RdfFormat.N_TRIPLES)
                return triples(distinct(q.triple for q in parsed), result_format, max_rows, checked.prefixes)
            accept = NTRIPLES

        if named is None and not checked.uses_graph:
            named = []  # no GRAPH pattern: the named graphs cannot matter
        body, rows, truncated = self._evaluate(
            self._prologue + query, self._protocol_dataset(default, named), accept, read, shift=len(self._prologue)
        )
        return Result(checked.form, result_format.media_type, body, rows, truncated)

    def construct(self, query: str) -> list[ox.Triple]:
        """All triples of a CONSTRUCT that lodpub wrote itself (entity descriptions): no check, no row cap,
        but the same timeout and concurrency limit as any query."""

        def read(stream: io.RawIOBase) -> list[ox.Triple]:
            return list(distinct(q.triple for q in ox.parse(stream, format=ox.RdfFormat.N_TRIPLES)))

        try:
            return self._evaluate(query, [("default-graph-uri", self.default_graph)], NTRIPLES, read)
        except QueryRefused as refused:  # lodpub's own query: the store, not the client, is at fault
            raise StoreUnavailable(f"the SPARQL store at {self.query_url} refused lodpub's query: {refused.message}") from None

    def check_store(self) -> str | None:
        """None when the store answers a trivial query; else why not (for a warning at start)."""
        try:
            self._evaluate("ASK {}", [], SPARQL_JSON, lambda stream: ox.parse_query_results(stream, ox.QueryResultsFormat.JSON))
        except (StoreUnavailable, StoreTimeout, Busy, QueryRefused) as error:
            return error.message
        return None

    def _protocol_dataset(self, default: list[str] | None, named: list[str] | None) -> list[tuple[str, str]]:
        """The dataset as default-graph-uri / named-graph-uri parameters, always both parts spelt out.

        None means "all graphs": as the default graph their merge, the graph publish wrote it into;
        as named graphs the dataset's graphs (see the module's docstring).
        """
        default = [self.default_graph] if default is None else default
        named = sorted(self.graphs) if named is None else named
        return [("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in named]

    # -- the one place requests go out -----------------------------------------------------

    def _evaluate(self, query: str, dataset: list[tuple[str, str]], accept: Format,
                  read: Callable[[io.RawIOBase], T], shift: int = 0) -> T:
        token = object()
        deadline = time.monotonic() + self.limits.timeout
        with self._lock:
            if self._closed:
                raise EngineError("the SPARQL engine was closed")
            if len(self._deadlines) >= self.limits.max_concurrent:
                raise Busy(self._retry_after())
            self._deadlines[token] = deadline
        try:
            return self._exchange(query, dataset, accept, read, deadline, shift)
        finally:
            with self._lock:
                self._deadlines.pop(token, None)

    def _exchange(self, query: str, dataset: list[tuple[str, str]], accept: Format,
                  read: Callable[[io.RawIOBase], T], deadline: float, shift: int = 0) -> T:
        timeout = self.limits.timeout
        cut = threading.Event()
        timer: threading.Timer | None = None
        try:
            with self._http.stream(
                "POST", self.query_url, content=urlencode([("query", query), *dataset]).encode("ascii"),
                headers={"Accept": accept.media_type, "Content-Type": "application/x-www-form-urlencoded"},
                timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_SECONDS)),
            ) as response:
                if response.status_code != 200:
                    raise self._refusal(response, shift)
                if response.headers.get("x-sql-state", "").strip() == VIRTUOSO_INCOMPLETE:
                    # Virtuoso's "anytime" answer: its MaxQueryExecutionTime ran out, and it sends the
                    # rows found so far as a complete answer. They are not the query's answer.
                    raise StoreTimeout(timeout, self.query_url)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise StoreTimeout(timeout, self.query_url)
                timer = threading.Timer(remaining, cut_off, (response, cut))
                timer.daemon = True
                timer.start()
                chunks = response.iter_bytes()
                if accept is SPARQL_JSON:
                    chunks = plain_blank_nodes(chunks)
                try:
                    return read(StreamedBody(chunks, deadline, timeout, self.query_url))
                except (SyntaxError, ValueError, OSError, httpx.HTTPError) as error:
                    if cut.is_set():
                        raise StoreTimeout(timeout, self.query_url) from None
                    raise StoreUnavailable(
                        f"the SPARQL store at {self.query_url} sent an answer that breaks off or is not "
                        f"{accept.label}: {self._clean(str(error) or error.__class__.__name__)}"
                    ) from None
        except httpx.TimeoutException:
            raise StoreTimeout(timeout, self.query_url) from None
        except httpx.ConnectError as error:
            raise StoreUnavailable(
                f"the SPARQL store at {self.query_url} is not available: cannot connect "
                f"({self._clean(str(error) or 'connection failed')}); is it running?"
            ) from None
        except httpx.TransportError as error:
            if cut.is_set():
                raise StoreTimeout(timeout, self.query_url) from None
            raise StoreUnavailable(
                f"the SPARQL store at {self.query_url} closed the connection: "
                f"{self._clean(str(error) or error.__class__.__name__)}"
            ) from None
        finally:
            if timer is not None:
                timer.cancel()

    def _refusal(self, response: httpx.Response, shift: int = 0) -> Exception:
        """What a non-200 answer means for the caller; `shift`: characters put before the query's first line."""
        status = response.status_code
        text = self._excerpt(response)
        if status == 400:
            if _OXIGRAPH_SYNTAX.match(text):
                first_line = re.match(r"error at 1:(\d+): ", text)
                if first_line and shift:
                    column = max(1, int(first_line.group(1)) - shift)
                    text = f"error at 1:{column}: " + text[first_line.end():]
                return QueryRefused(400, syntax_message(text))
            virtuoso = _VIRTUOSO_SYNTAX.match(text)
            if virtuoso:  # without its echo of the query, which holds the dataset as `define`s
                line, rest = virtuoso.groups()
                return QueryRefused(400, f"The query has a syntax error at line {line}: {rest.split(' SPARQL query:')[0]}")
            return QueryRefused(400, f"The SPARQL store refused the query: {text or 'HTTP 400'}")
        if status == 429:
            return Busy(retry_after_header(response))
        if status in (408, 504) or text.startswith(VIRTUOSO_TIMEOUT):
            return StoreTimeout(self.limits.timeout, self.query_url)
        detail = f" ({text})" if text else ""
        if status in (401, 403):
            how = (f"the credentials from {self._auth.source}" if self._auth.source != "none"
                   else f"no credentials (set {ENV_USER}/{ENV_PASSWORD}, {ENV_TOKEN} or use --auth-file)")
            return StoreUnavailable(f"the SPARQL store at {self.query_url} refused the request with {how} (HTTP {status})")
        if status in (404, 405, 501):
            return StoreUnavailable(f"there is no SPARQL query endpoint at {self.query_url} (HTTP {status}){detail}")
        if status in (406, 415):
            return StoreUnavailable(f"the SPARQL store at {self.query_url} cannot answer in SPARQL JSON and N-Triples (HTTP {status}){detail}")
        return StoreUnavailable(f"the SPARQL store at {self.query_url} failed (HTTP {status}){detail}")

    def _excerpt(self, response: httpx.Response) -> str:
        """The start of an error answer, one line, credentials removed; never more than a few kB read."""
        data = b""
        try:
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > 4 * _EXCERPT:
                    break
        except httpx.HTTPError:
            pass
        return self._clean(data.decode("utf-8", "replace"))

    def _clean(self, text: str) -> str:
        text = " ".join(text.split())
        if len(text) > _EXCERPT:
            text = text[:_EXCERPT] + "..."
        return redact(text, self._secrets)

    def _retry_after(self) -> int:
        """Seconds until the first request with the store ends or is cut, at least 1."""
        now = time.monotonic()
        return max(1, math.ceil(min((d - now for d in self._deadlines.values()), default=self.limits.timeout)))

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._http.close()

    def __enter__(self) -> RemoteEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def merge_graph(graphs: frozenset[str]) -> str:
    """`{namespace}default` for the dataset's graphs `{namespace}reference`, `{namespace}shapes`, ..."""
    namespaces = {g.rsplit("/", 1)[0] + "/" for g in graphs}
    if len(namespaces) != 1:
        raise EngineError(f"the dataset's graphs do not share one namespace: {', '.join(sorted(namespaces))}")
    return namespaces.pop() + MERGE


def dump_graphs(nquads: Path, cache_dir: Path) -> list[str]:
    """The named graphs of the build's N-Quads dump, sorted: what `lodpub publish` put in the store.

    Read once per dump file and remembered (a build never changes a file in place: each build is
    a new folder), so a server restart does not read a large dump again.
    """
    nquads = Path(nquads).resolve()
    try:
        stat = nquads.stat()
    except OSError as error:
        raise EngineError(f"cannot read the dump: {error.strerror}", nquads) from None
    key = hashlib.sha256(f"{nquads}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()[:32]
    remembered = Path(cache_dir) / f"{key}.txt"
    if remembered.is_file():
        return [line for line in remembered.read_text(encoding="utf-8").splitlines() if line]
    try:
        with open_dump(nquads) as stream:
            names = sorted({q.graph_name.value for q in ox.parse(stream, format=ox.RdfFormat.N_QUADS)
                            if isinstance(q.graph_name, ox.NamedNode)})
    except SyntaxError as error:
        raise EngineError(f"the dump is not valid N-Quads: {error}", nquads) from None
    except DAMAGED as error:
        raise EngineError(f"the dump is not a whole gzip file: {error}", nquads) from None
    try:
        remembered.parent.mkdir(parents=True, exist_ok=True)
        scratch = remembered.with_suffix(f".{os.getpid()}.tmp")
        scratch.write_text("".join(f"{name}\n" for name in names), encoding="utf-8")
        os.replace(scratch, remembered)
    except OSError:
        pass  # no cache: read again next time
    return names
