"""HTTP to an external SPARQL store: Graph Store Protocol, SPARQL Query and Update, retried.

Credentials come from the environment or a file, never from a URL or an option value, and no
message built here contains them: everything that may quote a request (the store's answer, the
transport's error) is passed through `redact` first.
"""

from __future__ import annotations

import base64
import json
import os
import re
import stat
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping
from urllib.parse import urlsplit

import httpx

from .errors import UserError, display_path

ENV_USER = "LODPUB_STORE_USER"
ENV_PASSWORD = "LODPUB_STORE_PASSWORD"
ENV_TOKEN = "LODPUB_STORE_TOKEN"

NTRIPLES = "application/n-triples"
SPARQL_UPDATE = "application/sparql-update"
SPARQL_JSON = "application/sparql-results+json"

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
class Endpoints:
    """Where the store listens. `gsp` None: no Graph Store Protocol, write with SPARQL Update."""

    query: str
    gsp: str | None = None
    update: str | None = None

    @classmethod
    def of(cls, store: str | None = None, gsp: str | None = None, query: str | None = None,
           update: str | None = None) -> Endpoints:
        """From a server base URL (Oxigraph's /store, /query, /update) and explicit overrides."""
        for name, url in (("--store", store), ("--gsp", gsp), ("--query", query), ("--update", update)):
            if url is not None:
                _check_url(name, url)
        if store is not None:
            root = store.rstrip("/")
            gsp = gsp or root + "/store"
            query = query or root + "/query"
            update = update or root + "/update"
        if query is None:
            raise UserError("give the store's base URL (--store URL) or its query endpoint (--query URL)")
        if gsp is None and update is None:
            raise UserError("give a Graph Store Protocol endpoint (--gsp URL) or an update endpoint (--update URL)")
        return cls(query=query, gsp=gsp, update=update)


def _check_url(name: str, url: str) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number)
    except ValueError:
        raise UserError(f"{name}: not a URL: {_without_userinfo(url)!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(f"{name} needs an http:// or https:// URL, not {_without_userinfo(url)!r}")
    if parts.username is not None or parts.password is not None:
        raise UserError(
            f"{name}: put no user name or password in the URL (shell history and logs keep it); "
            f"use {ENV_USER}/{ENV_PASSWORD}, {ENV_TOKEN} or --auth-file"
        )
    if parts.fragment:
        raise UserError(f"{name}: a store URL has no #fragment")


def _without_userinfo(url: str) -> str:
    """The URL with anything before an @ in its authority replaced, for messages."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rsplit("@", 1)[1]
    return f"{scheme}://{authority}{slash}{path}"


@dataclass(frozen=True)
class Credentials:
    """HTTP Basic (user, password) or a bearer token; none of it appears in repr()."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    source: str = "none"  # where they came from, for messages
    warnings: tuple[str, ...] = ()

    def headers(self) -> dict[str, str]:
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self.user is not None:
            pair = f"{self.user}:{self.password or ''}".encode("utf-8")
            return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
        return {}

    def secrets(self) -> list[str]:
        """Every string that must never be shown: the password, the token, the Basic value."""
        found = [s for s in (self.password, self.token) if s]
        found += [value.split(" ", 1)[1] for value in self.headers().values()]
        return sorted(set(found), key=len, reverse=True)

    def http_auth(self) -> httpx.Auth | None:
        """How an httpx client sends them: the bearer token, or the user and password as Basic, and as
        Digest where the store asks for that instead (Virtuoso's /sparql-auth, /sparql-graph-crud-auth)."""
        if self.token or self.user is None:
            return _Header(self.headers()) if self.token else None
        return _BasicOrDigest(self.user, self.password or "", self.headers()["Authorization"])


class _Header(httpx.Auth):
    def __init__(self, headers: dict[str, str]):
        self._headers = headers

    def auth_flow(self, request: httpx.Request):
        request.headers.update(self._headers)
        yield request


class _BasicOrDigest(httpx.Auth):
    """Basic with every request. A store that refuses it (401) without asking for Basic (Virtuoso
    names no scheme) is asked once more without credentials, to learn the scheme it wants: where
    that is Digest, this request and every one after it answer the store's Digest challenges
    (httpx's DigestAuth); else the request goes again with Basic, and the caller gets the store's
    answer to the credentials."""

    def __init__(self, user: str, password: str, basic: str):
        self._user, self._password, self._basic = user, password, basic
        self._digest: httpx.DigestAuth | None = None

    def auth_flow(self, request: httpx.Request):
        if self._digest is None:
            request.headers["Authorization"] = self._basic
            response = yield request
            if response.status_code != 401 or _scheme(response) == "basic":
                return
            del request.headers["Authorization"]
            response = yield request
            if response.status_code != 401 or _scheme(response) != "digest":
                request.headers["Authorization"] = self._basic
                yield request
                return
            self._digest = httpx.DigestAuth(self._user, self._password)
        yield from self._digest.auth_flow(request)


def _scheme(response: httpx.Response) -> str:
    return response.headers.get("www-authenticate", "").split(" ", 1)[0].lower()


def credentials(environ: Mapping[str, str], auth_file: Path | None = None) -> Credentials:
    """From --auth-file when given, else from LODPUB_STORE_USER/PASSWORD or LODPUB_STORE_TOKEN."""
    if auth_file is not None:
        return _from_file(Path(auth_file))
    user, password, token = environ.get(ENV_USER), environ.get(ENV_PASSWORD), environ.get(ENV_TOKEN)
    if token and (user or password):
        raise UserError(f"set either {ENV_TOKEN} or {ENV_USER}/{ENV_PASSWORD}, not both")
    if token:
        return Credentials(token=token, source=ENV_TOKEN)
    if password and not user:
        raise UserError(f"{ENV_PASSWORD} is set but {ENV_USER} is not")
    if user:
        return Credentials(user=user, password=password or "", source=f"{ENV_USER}/{ENV_PASSWORD}")
    return Credentials()


def _from_file(path: Path) -> Credentials:
    """A TOML file: `[store]` with `user` and `password`, or `token`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError("no such auth file", path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"cannot read the auth file: {error.__class__.__name__}", path) from None
    except tomllib.TOMLDecodeError as error:
        # The decoder's message names the line and column, never the value.
        raise UserError(f"not valid TOML: {error}", path) from None
    table = data.get("store")
    if not isinstance(table, dict):
        raise UserError("the auth file needs a [store] table with user and password, or token", path)
    unknown = sorted(set(table) - {"user", "password", "token"})
    if unknown:
        raise UserError(f"[store] has unknown keys {', '.join(unknown)}; expected user, password or token", path)
    if any(not isinstance(value, str) for value in table.values()):
        raise UserError("[store] user, password and token must be strings", path)
    user, password, token = table.get("user"), table.get("password"), table.get("token")
    if token and (user or password):
        raise UserError("[store] has a token and a user/password; keep one", path)
    if password and not user:
        raise UserError("[store] has a password but no user", path)
    if not token and not user:
        raise UserError("[store] needs user and password, or token", path)
    warnings = ()
    if os.stat(path).st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        warnings = (f"{display_path(path)} can be read by other users; `chmod 600` it",)
    return Credentials(user=user, password=password if user else None, token=token or None,
                       source=display_path(path), warnings=warnings)


def redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


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
            "POST", self.endpoints.query, data={"query": query}, headers={"Accept": SPARQL_JSON},
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
        response = self._send("GET", url, params={"graph": graph}, headers={"Accept": NTRIPLES}, settled=(500, 501))
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
            headers={"Content-Type": f"{NTRIPLES}; charset=utf-8"},
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
