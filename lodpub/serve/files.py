"""build/'s files as HTTP responses: read once, kept in memory with their ETag and gzip variant.

A file is read, hashed and (when asked for) gzipped the first time it is sent; later requests
cost one stat(), which is how a file changed in place is noticed. Files up to SMALL bytes are
kept (at most FileCache.max_bytes of them, least recently sent dropped first) and answered from
memory; larger ones (dumps) keep only their ETag and are streamed from disk, with ranges.
A file build/ holds packed (doc/*.gz, layout.stored) is kept unpacked beside its own bytes,
which are its gzip variant: sent as they are to a client that takes gzip.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections import OrderedDict
from dataclasses import dataclass, field
from email.utils import formatdate
from functools import lru_cache
from typing import Callable
from urllib.parse import parse_qsl

import anyio
from starlette.responses import FileResponse, Response
from starlette.types import Receive, Scope, Send

from ..core.packed import DAMAGED, pack, unpack

SMALL = 2 << 20  # larger files are streamed from disk, never held
GZIP_MINIMUM = 1024  # smaller bodies are sent as they are: gzip would save less than a packet
INLINE = 128 * 1024  # hashing or gzipping more than this happens off the event loop
CACHE = "public, max-age=300"
# What a negotiated answer depends on: Accept, and the User-Agent where Accept names no format
# (no Accept, or only wildcards: browsers get HTML, other clients RDF). A shared cache must key
# on both (RFC 9110 §12.5.5), or it hands a browser's page to curl and curl's Turtle to a browser.
NEGOTIATED_VARY = "Accept, User-Agent"
# Open data: scripts on any site may read every answer and the headers that describe it.
OPEN = (
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", b"ETag, Link, Location, Content-Location, Vary"),
)
UNCOMPRESSED = ("application/gzip",)  # already compressed: gzip would only add bytes
PACKED_KEY = "unpacked"  # a packed file's text is kept under its path and this, never a path


class Damaged(Exception):
    """A file stored packed that holds no gzip text (cut short, or written over): not the client's
    mistake, so not a missing file either."""


@dataclass(frozen=True, slots=True)
class Asked:
    """What the answer to a GET or HEAD depends on, read once from the request's headers."""

    method: str = "GET"
    accept: str | None = None
    user_agent: str | None = None
    format: str | None = None  # ?format=
    if_none_match: str | None = None
    gzip: bool = False
    range: str | None = None

    @classmethod
    def of(cls, scope: Scope) -> Asked:
        accept = user_agent = if_none_match = ranges = None
        encodings = ""
        for name, value in scope["headers"]:
            if name == b"accept":
                if accept is None:
                    accept = value.decode("latin-1")
            elif name == b"user-agent":
                if user_agent is None:
                    user_agent = value.decode("latin-1")
            elif name == b"if-none-match":
                if if_none_match is None:
                    if_none_match = value.decode("latin-1")
            elif name == b"accept-encoding":
                encodings = value.decode("latin-1")
            elif name == b"range":
                ranges = value.decode("latin-1")
        query = scope.get("query_string", b"")
        fmt = None
        if b"format" in query:
            for key, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
                if key == "format":
                    fmt = value  # the last one, as Starlette's query_params.get gives
        return cls(scope["method"], accept, user_agent, fmt or None, if_none_match, accepts_gzip(encodings), ranges)

    def not_modified(self, etag: str) -> bool:
        """If-None-Match names `etag` (weak comparison, RFC 9110 §13.1.2), or is `*`."""
        header = self.if_none_match
        if not header:
            return False
        if header.strip() == "*":
            return True
        weak = etag.removeprefix("W/")
        return any(tag.strip().removeprefix("W/") == weak for tag in header.split(","))


@lru_cache(maxsize=256)  # a client sends the same header every time
def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header (RFC 9110, 12.5.3) allows gzip: named, or `*`, with q > 0."""
    weights: dict[str, float] = {}
    for item in (header or "").lower().split(","):
        coding, *parameters = (part.strip() for part in item.split(";"))
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0  # a weight we cannot read allows nothing
        if coding:
            weights[coding] = weight
    for coding in ("gzip", "x-gzip", "*"):
        if coding in weights:
            return weights[coding] > 0
    return False


@dataclass(eq=False)
class CachedFile:
    """One file of build/ as last read: its ETag, Last-Modified and, when small, its bytes."""

    path: str
    identity: tuple[int, int, int, int]  # st_dev, st_ino, st_size, st_mtime_ns when read
    stat: os.stat_result
    etag: str
    last_modified: str
    body: bytes | None  # None: larger than SMALL, streamed from disk
    gzipped: bytes | None = None  # made on the first request that accepts gzip
    gzip_tried: bool = False
    held: int = 0  # bytes the cache counts for it
    # Made from another file rather than read (FileCache.made), or unpacked from a gzip file
    # (FileCache.get(packed=True)): its bytes are always held and sent whole, since the file on
    # disk is not them; `path` is only the key of a made one.
    made: bool = False

    @property
    def size(self) -> int:
        return len(self.body or b"") if self.made else self.stat.st_size


def _identity(stat: os.stat_result) -> tuple[int, int, int, int]:
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _etag(data: bytes) -> str:
    """A weak ETag from the content (gzip may re-encode it; the content is the same)."""
    return f'W/"{hashlib.sha256(data).hexdigest()[:32]}"'


def _hash_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return f'W/"{digest.hexdigest()[:32]}"'


@dataclass
class FileCache:
    """Files by absolute path, checked against stat() on every use; small ones with their bytes."""

    max_bytes: int = 64 << 20
    _entries: OrderedDict[str, CachedFile] = field(default_factory=OrderedDict)
    _bytes: int = 0

    async def get(self, path: str, packed: bool = False) -> CachedFile | None:
        """The file at `path` as it is now; None when it is not a regular file. `packed`: a gzip
        file, to be sent as the text it holds (Damaged when it holds none)."""
        try:
            stat = os.stat(path)
        except (OSError, ValueError):
            return None
        # The file's text and the file itself (doc/x.html.gz asked for by that name) apart.
        key = f"{path}\n{PACKED_KEY}" if packed else path
        entry = self._entries.get(key)
        if entry is not None and entry.identity == _identity(stat):
            self._entries.move_to_end(key)
            return entry
        if not (stat.st_mode & 0o170000 == 0o100000):  # S_ISREG
            return None
        try:
            entry = await (self._unpack(path, stat) if packed else self._read(path, stat))
        except OSError:
            return None
        self._forget(key)
        self._entries[key] = entry  # a file too large to hold keeps only its ETag: a few hundred bytes
        self._count(entry)
        return entry

    async def made(
        self, source: str, name: str, make: Callable[[bytes], bytes], packed: bool = False
    ) -> CachedFile | None:
        """What `make` makes of the file at `source`, kept as `name` of it like a file of its own:
        its ETag from its bytes, the source's Last-Modified, made again when the source changes.

        For documents the build does not write (derived.py): served as if it had, without the file.
        """
        origin = await self.get(source, packed)
        if origin is None:
            return None
        key = f"{source}\n{name}"  # no path of build/ holds a newline: never a file's key
        entry = self._entries.get(key)
        if entry is not None and entry.identity == origin.identity:
            self._entries.move_to_end(key)
            return entry
        try:
            data = origin.body if origin.body is not None else await anyio.to_thread.run_sync(_read_bytes, source)
        except OSError:
            return None
        body = make(data) if len(data) <= INLINE else await anyio.to_thread.run_sync(make, data)
        entry = CachedFile(key, origin.identity, origin.stat, _etag(body), origin.last_modified, body, made=True)
        self._forget(key)
        self._entries[key] = entry
        self._count(entry)
        return entry

    async def gzipped(self, entry: CachedFile) -> bytes | None:
        """`entry`'s bytes gzipped, or None when that is not smaller (or it is not held in memory)."""
        if entry.body is None:
            return None
        if not entry.gzip_tried:
            body = entry.body
            packed = pack(body) if len(body) <= INLINE else await anyio.to_thread.run_sync(pack, body)
            entry.gzipped = packed if len(packed) < len(body) else None
            entry.gzip_tried = True
            if self._entries.get(entry.path) is entry:
                self._count(entry)
        return entry.gzipped

    async def _read(self, path: str, stat: os.stat_result) -> CachedFile:
        last_modified = formatdate(stat.st_mtime, usegmt=True)
        if stat.st_size > SMALL:
            etag = await anyio.to_thread.run_sync(_hash_file, path)
            return CachedFile(path, _identity(stat), stat, etag, last_modified, None)
        if stat.st_size > INLINE:
            body = await anyio.to_thread.run_sync(_read_bytes, path)
        else:
            body = _read_bytes(path)
        if len(body) != stat.st_size:  # written to while we read: the stat no longer describes it
            stat = os.stat(path)
            last_modified = formatdate(stat.st_mtime, usegmt=True)
        return CachedFile(path, _identity(stat), stat, _etag(body), last_modified, body)

    async def _unpack(self, path: str, stat: os.stat_result) -> CachedFile:
        """A packed file, held whatever its size: its text, and its own bytes as the gzip variant."""
        data = _read_bytes(path) if stat.st_size <= INLINE else await anyio.to_thread.run_sync(_read_bytes, path)
        try:
            body = unpack(data) if len(data) <= INLINE else await anyio.to_thread.run_sync(unpack, data)
        except DAMAGED as error:
            raise Damaged(path) from error
        if len(data) != stat.st_size:
            stat = os.stat(path)
        # The ETag is the text's, as for a file written unpacked: the same text, the same tag.
        return CachedFile(
            f"{path}\n{PACKED_KEY}", _identity(stat), stat, _etag(body), formatdate(stat.st_mtime, usegmt=True), body,
            gzipped=data if len(data) < len(body) else None, gzip_tried=True, made=True,
        )

    def _count(self, entry: CachedFile) -> None:
        held = len(entry.body or b"") + len(entry.gzipped or b"")
        self._bytes += held - entry.held
        entry.held = held
        self._shrink()

    def _forget(self, path: str) -> None:
        old = self._entries.pop(path, None)
        if old is not None:
            self._bytes -= old.held

    def _shrink(self) -> None:
        while self._bytes > self.max_bytes and len(self._entries) > 1:
            path = next(iter(self._entries))
            self._forget(path)


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


class Document(Response):
    """Bytes with headers made beforehand. HEAD gets the body too, as from any Starlette Response:
    the server drops it, after the middlewares have seen the same answer as for GET."""

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes = b""):
        self.status_code = status
        self.raw_headers = headers
        self.body = body
        self.background = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        await send({"type": "http.response.body", "body": self.body})


def file_headers(
    etag: str, vary: str | None, links: list[str] | None, content_location: str | None
) -> list[tuple[bytes, bytes]]:
    """The headers every document carries, from a file or made on request."""
    headers = [(b"etag", etag.encode("latin-1")), (b"cache-control", CACHE.encode("latin-1"))]
    if vary:
        headers.append((b"vary", vary.encode("latin-1")))
    if links:
        headers.append((b"link", ", ".join(links).encode("latin-1")))
    if content_location:
        headers.append((b"content-location", content_location.encode("latin-1")))
    return headers


async def send_file(
    asked: Asked,
    files: FileCache,
    entry: CachedFile,
    content_type: str,
    *,
    negotiated: bool = False,
    links: list[str] | None = None,
    content_location: str | None = None,
) -> Response:
    """`entry` with content type, content-hash ETag, Last-Modified, caching, links and CORS.

    gzip when the client takes it and it makes the body smaller; ranges and files too large to
    hold are streamed from disk by Starlette's FileResponse with the same headers.
    """
    # A file stored packed has its gzip bytes already: sent to a gzip client whatever the size
    # (unless they are no fewer than the text's), as a static host sends them.
    compressible = (entry.size >= GZIP_MINIMUM or entry.gzipped is not None) and not content_type.startswith(UNCOMPRESSED)
    vary = ", ".join(name for name, used in ((NEGOTIATED_VARY, negotiated), ("Accept-Encoding", compressible)) if used)
    headers = file_headers(entry.etag, vary, links, content_location)
    if asked.not_modified(entry.etag):
        headers.append((b"last-modified", entry.last_modified.encode("latin-1")))
        return Document(304, headers + list(OPEN))
    # A document made on request has no file to take ranges from: it is sent whole (RFC 9110
    # §14.2 lets a server ignore Range), and says so by not offering ranges.
    if entry.body is None or (asked.range is not None and not entry.made):
        named = {name.decode("latin-1"): value.decode("latin-1") for name, value in (*headers, *OPEN)}
        return FileResponse(entry.path, headers=named, media_type=content_type, stat_result=entry.stat)
    body = entry.body
    if asked.gzip and compressible:
        packed = await files.gzipped(entry)
        if packed is not None:
            body = packed
            headers.append((b"content-encoding", b"gzip"))
    headers += [
        (b"content-type", content_type.encode("latin-1")),
        (b"content-length", str(len(body)).encode("latin-1")),
        (b"last-modified", entry.last_modified.encode("latin-1")),
        *(() if entry.made else ((b"accept-ranges", b"bytes"),)),
        *OPEN,
    ]
    return Document(200, headers, body)


async def send_packed(asked: Asked, entry: CachedFile, content_type: str) -> Response:
    """A dump at its unpacked name, from the gzip file `entry` that holds it (layout.PACKED).

    A client that takes gzip gets the file's bytes as a gzip Content-Encoding, with ranges over
    them; any other client gets them unpacked as they are read, in blocks, whole (RFC 9110
    §14.2 lets a server ignore Range). The ETag is the file's, weak: both carry the same text.
    """
    headers = file_headers(entry.etag, "Accept-Encoding", None, None)
    headers.append((b"last-modified", entry.last_modified.encode("latin-1")))
    if asked.not_modified(entry.etag):
        return Document(304, headers + list(OPEN))
    if asked.gzip:
        named = {name.decode("latin-1"): value.decode("latin-1") for name, value in (*headers, *OPEN)}
        named["content-encoding"] = "gzip"
        return FileResponse(entry.path, headers=named, media_type=content_type, stat_result=entry.stat)
    headers += [(b"content-type", content_type.encode("latin-1")), (b"accept-ranges", b"none"), *OPEN]
    if asked.method == "HEAD":  # the same headers, without unpacking the file for nothing
        return Document(200, headers)
    return _Unpacked(entry.path, headers)


class _Unpacked(Response):
    """The text of a gzip file, unpacked a block at a time off the event loop, sent chunked."""

    def __init__(self, path: str, headers: list[tuple[bytes, bytes]]):
        self.path = path
        self.status_code = 200
        self.raw_headers = headers
        self.background = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        stream = await anyio.to_thread.run_sync(gzip.open, self.path, "rb")
        try:
            await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
            while block := await anyio.to_thread.run_sync(stream.read, _UNPACK_BLOCK):
                await send({"type": "http.response.body", "body": block, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            await anyio.to_thread.run_sync(stream.close)


_UNPACK_BLOCK = 1 << 20
