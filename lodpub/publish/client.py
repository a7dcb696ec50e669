"""HTTP to an external SPARQL store: Graph Store Protocol, SPARQL Query and Update, retried.

No message built here contains credentials (credentials.py): everything that may quote a
request (the store's answer, the transport's error) is passed through `redact` first.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Callable

import httpx

from ..core.formats import NTRIPLES, SPARQL_JSON
from ..store_access import (
    ENV_PASSWORD,
    ENV_TOKEN,
    ENV_USER,
    Credentials,
    Endpoints,
    redact,
)

SPARQL_UPDATE = "application/sparql-update"

# Statuses that say "this server has no such endpoint or method" rather than "no such graph".
NO_ENDPOINT = {404, 405, 501}
# Triples per INSERT DATA operation: Virtuoso's SPARQL parser gives up ("memory exhausted") at
# about 5,000 in one block, and takes any number of blocks in one request.
INSERT_BLOCK = 2000
# A line of N-Triples with a blank node: its subject, or its object (a literal ends in ", > or a
# language tag before " .", never in a blank-node label).
_BLANK = re.compile(rb"^_:|\s_:\S+\s*\.\s*$")


class StoreError(Exception):
    """A request the store did not complete; `message` is safe to show (no credentials)."""

    def __init__(self, message: str, status: int | None = None, transient: bool = False):
        super().__init__(message)
        self.message = message
        self.status = status
        self.transient = transient  # connection trouble or 5xx after every retry: a rerun may succeed


@dataclass(frozen=True)
class Retry:
    """Bounded exponential backoff for connection errors, 5xx and 429."""

    tries: int = 5
    first_wait: float = 0.5  # seconds before the second try; doubles after each failure
    max_wait: float = 8.0

    def waits(self) -> list[float]:
        return [min(self.first_wait * 2 ** n, self.max_wait) for n in range(self.tries - 1)]


class StoreClient:
    """One store: its endpoints, credentials and retry policy, and an HTTP connection pool."""

    def __init__(self, endpoints: Endpoints, auth: Credentials | None = None, retry: Retry | None = None,
                 timeout: float = 60.0, sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None):
        self.endpoints = endpoints
        self.auth = auth or Credentials()
        self.retry = retry or Retry()
        self._sleep = sleep
        self._secrets = self.auth.secrets()
        self._http = httpx.Client(
            headers={"User-Agent": "lodpub-publish"},
            auth=self.auth.http_auth(),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            follow_redirects=False,
        )
        self.sent = 0  # HTTP requests, retries included

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> StoreClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reads ---------------------------------------------------------------------------

    def select(self, query: str) -> list[dict[str, str]]:
        """A SELECT's solutions as {variable: lexical value}."""
        response = self._send(
            "POST", self.endpoints.query, data={"query": query}, headers={"Accept": SPARQL_JSON.media_type},
        )
        self._expect(response, "POST", self.endpoints.query, ok=(200,))
        try:
            bindings = json.loads(response.content)["results"]["bindings"]
        except (ValueError, KeyError, TypeError):
            raise StoreError(
                f"the query endpoint {self.endpoints.query} did not answer with SPARQL JSON results "
                f"(Content-Type: {response.headers.get('content-type', 'none')})"
            ) from None
        return [{name: term["value"] for name, term in row.items()} for row in bindings]

    def has_graph_store(self, graph: str) -> bool:
        """Whether the GSP endpoint exists, asked without writing: HEAD ?default answers 2xx there, 404
        where nothing is. A store may not implement HEAD, or have no default graph on its endpoint
        (Virtuoso answers 501 and 500): then GET ?graph=`graph` (a small graph, lodpub's manifest)
        decides, 200 or 404 (no such graph yet) on a Graph Store, anything else where there is none."""
        url = self.endpoints.gsp
        if url is None:
            return False
        response = self._send("HEAD", url, params={"default": ""}, settled=(500, 501))
        if response.status_code in (200, 204):
            return True
        if response.status_code not in (405, 500, 501):
            if response.status_code in NO_ENDPOINT:
                return False
            self._expect(response, "HEAD", url, ok=(200, 204))
        response = self._send("GET", url, params={"graph": graph}, headers={"Accept": NTRIPLES.media_type}, settled=(500, 501))
        if response.status_code in (200, 404):
            return True
        if response.status_code in (401, 403):
            self._expect(response, "GET", url, ok=(200,))
        return False

    # -- writes: each replaces or removes one graph whole ---------------------------------

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """GSP PUT: the graph becomes exactly these triples."""
        url = self._gsp()
        response = self._send(
            "PUT", url, params={"graph": graph}, content=ntriples,
            headers={"Content-Type": NTRIPLES.content_type},
        )
        self._expect(response, "PUT", url, ok=(200, 201, 204))

    def delete_graph(self, graph: str) -> None:
        """GSP DELETE; a graph that is already gone (404) is fine."""
        url = self._gsp()
        response = self._send("DELETE", url, params={"graph": graph})
        self._expect(response, "DELETE", url, ok=(200, 202, 204, 404))

    def delete_default(self) -> None:
        """GSP DELETE ?default: the store's own default graph emptied."""
        url = self._gsp()
        response = self._send("DELETE", url, params={"default": ""})
        self._expect(response, "DELETE", url + "?default", ok=(200, 202, 204, 404))

    def replace_by_update(self, graph: str, ntriples: bytes) -> None:
        """The same as put_graph in one SPARQL Update request (one transaction on most stores)."""
        self._update(update_replacing(graph, ntriples))

    def drop_by_update(self, graph: str) -> None:
        self._update(f"DROP SILENT GRAPH <{graph}>\n".encode("utf-8"))

    def drop_default_by_update(self) -> None:
        self._update(b"DROP SILENT DEFAULT\n")

    def _update(self, body: bytes) -> None:
        url = self.endpoints.update
        if url is None:
            raise StoreError("the store has no Graph Store Protocol endpoint and no update endpoint was given (--update URL)")
        response = self._send("POST", url, content=body, headers={"Content-Type": f"{SPARQL_UPDATE}; charset=utf-8"})
        self._expect(response, "POST", url, ok=(200, 204))

    def _gsp(self) -> str:
        assert self.endpoints.gsp is not None, "GSP writes need a GSP endpoint"
        return self.endpoints.gsp

    # -- the one place requests go out -----------------------------------------------------

    def _send(self, method: str, url: str, settled: tuple[int, ...] = (), **kwargs) -> httpx.Response:
        """Send, retrying connection errors, 5xx and 429 with backoff; StoreError when all tries fail.
        A status in `settled` is an answer, not a failure to retry."""
        waits = self.retry.waits()
        waited = 0.0
        for attempt in range(self.retry.tries):
            self.sent += 1
            try:
                response = self._http.request(method, url, **kwargs)
            except httpx.TransportError as error:
                problem = self._describe(error)
            else:
                if (response.status_code < 500 and response.status_code != 429) or response.status_code in settled:
                    return response
                problem = f"HTTP {response.status_code}{self._excerpt(response)}"
                if response.status_code == 429:
                    waits = [max(w, min(_retry_after(response), self.retry.max_wait)) for w in waits]
            if attempt < len(waits):
                self._sleep(waits[attempt])
                waited += waits[attempt]
        tries = f"{self.retry.tries} tries over {waited:.1f} s" if self.retry.tries > 1 else "1 try"
        raise StoreError(f"{method} {url}: {problem} ({tries})", transient=True)

    def _expect(self, response: httpx.Response, method: str, url: str, ok: tuple[int, ...]) -> None:
        status = response.status_code
        if status in ok:
            return
        if status in (401, 403):
            how = (f"the credentials from {self.auth.source}" if self.auth.source != "none"
                   else f"no credentials (set {ENV_USER}/{ENV_PASSWORD}, {ENV_TOKEN} or use --auth-file)")
            raise StoreError(f"{method} {url}: the store refused the request (HTTP {status}) with {how}"
                             f"{self._excerpt(response)}", status)
        if status in NO_ENDPOINT:
            raise StoreError(f"{method} {url}: HTTP {status}: no such endpoint on the store{self._excerpt(response)}", status)
        raise StoreError(f"{method} {url}: HTTP {status}{self._excerpt(response)}", status)

    def _excerpt(self, response: httpx.Response) -> str:
        text = response.text.strip().replace("\n", " ")
        if not text:
            return ""
        text = text[:300] + ("..." if len(text) > 300 else "")
        return ": " + redact(text, self._secrets)

    def _describe(self, error: httpx.TransportError) -> str:
        if isinstance(error, httpx.ConnectError):
            what = "cannot connect (is the store running?)"
        elif isinstance(error, httpx.TimeoutException):
            what = "no answer in time"
        elif isinstance(error, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)):
            what = "the store closed the connection"
        else:
            what = "the request failed"
        detail = str(error) or error.__class__.__name__
        return redact(f"{what}: {detail}", self._secrets)


def update_replacing(graph: str, ntriples: bytes, block: int = INSERT_BLOCK) -> bytes:
    """A SPARQL Update that makes `graph` exactly these triples: DROP SILENT GRAPH, then the ground
    triples as INSERT DATA operations of at most `block` triples each, and those with a blank node
    as one INSERT {...} WHERE {} (Virtuoso refuses blank nodes in INSERT DATA; in a template, each
    label is one new node, so they cannot be split: only the vocabulary and the shapes have them)."""
    ground, blank = [], []
    for line in ntriples.splitlines(keepends=True):
        if line.strip():
            (blank if _BLANK.search(line) else ground).append(line)
    parts = [f"DROP SILENT GRAPH <{graph}>".encode("utf-8")]
    for start in range(0, len(ground), block):
        parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n".encode("utf-8") + b"".join(ground[start:start + block]) + b"} }")
    if blank:
        parts.append(f"INSERT {{ GRAPH <{graph}> {{\n".encode("utf-8") + b"".join(blank) + b"} } WHERE {}")
    return b" ;\n".join(parts) + b"\n"


def _retry_after(response: httpx.Response) -> float:
    try:
        return float(response.headers.get("retry-after", "0"))
    except ValueError:
        return 0.0
