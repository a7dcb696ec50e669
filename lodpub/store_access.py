"""How to reach an external store: its endpoints, credentials from the environment or a file, URL checks.

Shared by `lodpub publish` (which writes to the store) and `lodpub serve --store` (which reads
from it). Credentials never come from a URL or an option value, and `redact` takes them out of
any text that may quote a request.
"""

from __future__ import annotations

import base64
import os
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit

import httpx

from .errors import UserError, display_path

ENV_USER = "LODPUB_STORE_USER"
ENV_PASSWORD = "LODPUB_STORE_PASSWORD"
ENV_TOKEN = "LODPUB_STORE_TOKEN"


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
                check_url(name, url)
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


def check_url(name: str, url: str) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number)
    except ValueError:
        raise UserError(f"{name}: not a URL: {without_userinfo(url)!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(f"{name} needs an http:// or https:// URL, not {without_userinfo(url)!r}")
    if parts.username is not None or parts.password is not None:
        raise UserError(
            f"{name}: put no user name or password in the URL (shell history and logs keep it); "
            f"use {ENV_USER}/{ENV_PASSWORD}, {ENV_TOKEN} or --auth-file"
        )
    if parts.fragment:
        raise UserError(f"{name}: a store URL has no #fragment")


def without_userinfo(url: str) -> str:
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
