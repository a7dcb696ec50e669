"""`lodpub serve`: the built site with content negotiation and 303s, and the SPARQL endpoint.

Files come from build/ exactly as a static host would serve them; what a static host cannot do
(q-values, 406, ETags from content, the SPARQL endpoint) happens here. The build directory is
looked up per request through the `build` link, so a new build is served as soon as it lands.
Queries and entities' RDF descriptions come from `app.state.repository` (sparql/repository.py):
the embedded store and build/'s files, or an external SPARQL store (`lodpub serve --store`).
"""

from __future__ import annotations

import hashlib
import os
import re
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from ..config import Project
from ..core import layout
from ..core.formats import BY_EXTENSION, DOCUMENT_FORMATS, HTML, JSONLD, Format
from ..core.layout import KEY_RE as KEY
from . import derived, errors, middleware, sparql_endpoint
from .files import (
    CACHE,
    GZIP_MINIMUM,
    NEGOTIATED_VARY,
    OPEN,
    Asked,
    CachedFile,
    Damaged,
    Document,
    FileCache,
    file_headers,
    send_file,
    send_packed,
)
from .negotiate import MalformedAccept, NotAcceptable, negotiate
from .repository import EmbeddedRepository, Repository

FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
READ = ("GET", "HEAD")


@dataclass
class Site:
    """What the request handlers share: the project, and build/'s files as last read."""

    project: Project
    files: FileCache = field(default_factory=FileCache)
    _build: tuple[tuple[int, int] | None, str] = (None, "")

    def build_dir(self) -> str:
        """build/'s real path. The link is followed on every request, so a new build is served as
        soon as it lands; resolving it again is needed only when it points elsewhere."""
        link = self.project.build
        try:
            stat = os.stat(link)
        except OSError:
            return str(link)  # no build: every file is missing
        seen = (stat.st_dev, stat.st_ino)
        if seen != self._build[0]:
            self._build = (seen, str(link.resolve()))
        return self._build[1]

    @property
    def root(self) -> Path:
        return Path(self.build_dir())


async def _file(site: Site, path: Path | str, asked: Asked, packed: bool = False, **where) -> Response:
    """The file at `path` (known to be inside build/ or the package), or 404. `packed`: a gzip
    file of doc/ (layout.stored), sent as the text it holds, typed by its name without .gz."""
    entry = await _entry(site, path, packed)
    if entry is None:
        raise HTTPException(404)
    name = str(path).removesuffix(layout.PACKED) if packed else str(path)
    return await send_file(asked, site.files, entry, layout.content_type(name), **where)


async def _entry(site: Site, path: Path | str, packed: bool = False) -> CachedFile | None:
    """The file at `path` from the cache; a packed file that holds no gzip text is the build's
    fault, not the client's: 500, as a Turtle file the build did not write so."""
    try:
        return await site.files.get(str(path), packed)
    except Damaged:
        raise HTTPException(500) from None


def _stored(root: Path, relative: str) -> tuple[Path, bool] | None:
    """The file of build/ that holds `relative` (any path as served, checked not to leave
    build/) and whether it is packed; None when there is none."""
    found = layout.stored_file(str(root), relative)
    if found is None:
        return None
    path = Path(found[0]).resolve()
    return (path, found[1]) if path.is_relative_to(root) else None


def _page(site: Site, document: str) -> tuple[str, bool] | None:
    """The file of an entity's page (`document` is doc/{kind}/{key}, made of keys: nothing to
    resolve) and whether it is packed."""
    return layout.stored_file(site.build_dir(), f"{document}.{HTML.extension}")


def send_bytes(
    asked: Asked,
    body: bytes,
    fmt: Format,
    *,
    negotiated: bool = False,
    links: list[str] | None = None,
    content_location: str | None = None,
) -> Response:
    """A document made on request (from a store): the same headers as a file, with no Last-Modified."""
    etag = f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = file_headers(etag, NEGOTIATED_VARY if negotiated else None, links, content_location)
    if asked.not_modified(etag):
        return Document(304, headers)
    return Document(200, [
        *headers, (b"content-type", fmt.content_type.encode("latin-1")), (b"content-length", str(len(body)).encode("latin-1"))
    ], body)


def _inside(root: Path, relative: str) -> Path | None:
    """`relative` under `root`, or None when it is missing or would leave it."""
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def _choose(asked: Asked, offers=DOCUMENT_FORMATS) -> Format:
    return negotiate(offers, asked.accept, asked.user_agent, asked.format)


def _alternates(url_stem: str, sent: Format, formats=DOCUMENT_FORMATS) -> list[str] | None:
    """Link: rel="alternate" to each format of a document, except on a JSON-LD answer.

    JSON-LD 1.1 (§9.4.1) reads an alternate link only on an answer that is not JSON; pyld's
    loader reads it on every answer and fails when there are several. A JSON-LD answer needs none.
    """
    if sent is JSONLD:
        return None
    return [f'<{url_stem}.{f.extension}>; rel="alternate"; type="{f.media_type}"' for f in formats]


async def negotiated_file(site: Site, asked: Asked, stem: str, url_stem: str, extension: str | None) -> Response:
    """`stem`.{ext} of build/: the extension given, or the best format for the request."""
    root = site.root
    if extension is not None:
        fmt = BY_EXTENSION.get(extension)
        path = _inside(root, f"{stem}.{extension}") if fmt in DOCUMENT_FORMATS else None
        if path is None:
            raise HTTPException(404)
        return await _file(site, path, asked, links=_alternates(url_stem, fmt))
    if _inside(root, f"{stem}.html") is None:
        raise HTTPException(404)
    fmt = _choose(asked)
    path = _inside(root, f"{stem}.{fmt.extension}")
    if path is None:
        raise HTTPException(404)
    return await _file(
        site, path, asked, negotiated=True, links=_alternates(url_stem, fmt), content_location=f"{url_stem}.{fmt.extension}"
    )


def _split_extension(name: str) -> tuple[str, str | None]:
    stem, dot, extension = name.rpartition(".")
    if dot and extension in BY_EXTENSION:
        return stem, extension
    return name, None


def entity_response(site: Site, asked: Asked, kind: str, key: str) -> Response:
    """/id/{kind}/{key}: the thing itself cannot be sent; 303 to its description."""
    if not KEY.fullmatch(kind) or not KEY.fullmatch(key):
        raise HTTPException(404)
    document = layout.document(kind, key)
    if _page(site, document) is None:
        raise HTTPException(404)
    fmt = _choose(asked)
    target = f"/{document}.{fmt.extension}"
    return Document(303, [
        (b"location", target.encode("latin-1")),
        (b"vary", NEGOTIATED_VARY.encode("latin-1")),
        (b"link", f'<{target}>; rel="describedby"; type="{fmt.media_type}"'.encode("latin-1")),
        (b"cache-control", CACHE.encode("latin-1")),
        (b"content-length", b"0"),
        *OPEN,
    ])


async def document_response(
    site: Site, repository: Repository, asked: Asked, kind: str, name: str, *, files_only: bool = False
) -> Response | None:
    """/doc/{kind}/{key}[.ext]: the page from build/, the RDF description from the repository.

    The build's page says which entities exist, so an unknown key never reaches a store.
    `files_only`: None instead of asking an external store (the caller asks it another way).
    """
    key, extension = _split_extension(name)
    if not KEY.fullmatch(kind) or not KEY.fullmatch(key) or layout.listing_file(kind, f"{key}.html"):
        raise HTTPException(404)  # doc/{kind}/index is the kind's listing (at doc/{kind}/), not an entity
    url_stem = "/" + layout.document(kind, key)
    page = _page(site, url_stem[1:])  # the entity exists when its page does
    if page is None:
        raise HTTPException(404)
    if extension is not None:
        fmt = BY_EXTENSION.get(extension)
        if fmt not in DOCUMENT_FORMATS:
            raise HTTPException(404)
        where = {"links": _alternates(url_stem, fmt)}
    else:
        fmt = _choose(asked)
        where = {"negotiated": True, "links": _alternates(url_stem, fmt), "content_location": f"{url_stem}.{fmt.extension}"}
    if fmt is HTML:
        entry = await _entry(site, *page)
        if entry is None:
            raise HTTPException(404)
        return await send_file(asked, site.files, entry, HTML.content_type, **where)
    if isinstance(repository, EmbeddedRepository):
        found = repository.describe(kind, key, fmt)  # a file of build/: nothing to wait for
    elif files_only:
        return None
    else:
        found = await anyio.to_thread.run_sync(repository.describe, kind, key, fmt)
    if found is None:
        raise HTTPException(404)
    if isinstance(found, Path):
        return await _file(site, found, asked, packed=found.name.endswith(layout.PACKED), **where)
    if isinstance(found, derived.FromTurtle):
        return await _made(site, found, asked, **where)
    return send_bytes(asked, found, fmt, **where)


async def _made(site: Site, found: derived.FromTurtle, asked: Asked, **where) -> Response:
    """A description in a format the build does not write: made from its Turtle file, then kept
    and sent like a file (ETag, Last-Modified, gzip), so no client can tell it was not written."""
    fmt, project = found.fmt, site.project
    try:
        entry = await site.files.made(
            str(found.turtle), fmt.name, lambda turtle: derived.from_turtle(turtle, fmt, project),
            packed=found.turtle.name.endswith(layout.PACKED),
        )
    except (SyntaxError, Damaged):  # a Turtle file not as the build wrote it: no document to make
        raise HTTPException(500) from None
    if entry is None:
        raise HTTPException(404)
    return await send_file(asked, site.files, entry, fmt.content_type, **where)


async def entity(request: Request) -> Response:
    site: Site = request.app.state.site
    return entity_response(site, Asked.of(request.scope), request.path_params["kind"], request.path_params["key"])


async def document(request: Request) -> Response:
    state = request.app.state
    name = request.path_params["name"]
    if layout.listing_file(request.path_params["kind"], name) or name.endswith(layout.PACKED):
        # A listing's index.csv or index.json, not an entity; or a file of doc/ by its stored
        # name (x.ttl.gz), sent as the archive it is, as static hosts send it.
        return await plain_file(request)
    return await document_response(
        state.site, state.repository, Asked.of(request.scope), request.path_params["kind"], request.path_params["name"]
    )


async def listing(request: Request) -> Response:
    kind = request.path_params["kind"]
    site: Site = request.app.state.site
    found = _stored(site.root, layout.listing(kind)) if KEY.fullmatch(kind) else None
    if found is None:
        raise HTTPException(404)
    return await _file(site, found[0], Asked.of(request.scope), packed=found[1])


async def top(request: Request) -> Response:
    """/vocab, /shapes, /validation, /.well-known/void, with or without an extension."""
    site: Site = request.app.state.site
    asked = Asked.of(request.scope)
    name = request.path_params.get("name", "void")
    stem, extension = _split_extension(name)
    if request.url.path.startswith("/.well-known/"):
        stem = ".well-known/" + stem
    if stem not in layout.NEGOTIATED:
        raise HTTPException(404)
    return await negotiated_file(site, asked, stem, f"/{stem}", extension)


async def vocab_version(request: Request) -> Response:
    """/vocab/{version}[.ext]: a released version of the vocabulary at its owl:versionIRI, negotiated."""
    stem, extension = _split_extension(request.path_params["name"])
    if not layout.VERSION_RE.fullmatch(stem):
        raise HTTPException(404)
    path = layout.vocab_version(stem)
    return await negotiated_file(request.app.state.site, Asked.of(request.scope), path, f"/{path}", extension)


async def plain_file(request: Request) -> Response:
    """Files served as they are: the home page, dumps, assets, context, sitemap, robots."""
    site: Site = request.app.state.site
    relative = request.url.path.lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"  # a folder's page: the dumps, a listing's facet or page
    if relative.startswith("assets/yasgui/"):
        return await _packaged(request, site, relative.removeprefix("assets/yasgui/"))
    parts = relative.split("/")
    if not all(FILE_NAME.fullmatch(part) for part in parts):
        raise HTTPException(404)
    found = _stored(site.root, relative)
    if found is not None:
        return await _file(site, found[0], Asked.of(request.scope), packed=found[1])
    packed = layout.packed_dump(relative)
    path = _inside(site.root, packed) if packed else None
    if path is None:
        raise HTTPException(404)
    # A dump asked for by its unpacked name: build/ holds it compressed only.
    entry = await site.files.get(str(path))
    if entry is None:
        raise HTTPException(404)
    return await send_packed(Asked.of(request.scope), entry, layout.content_type(relative))


async def _packaged(request: Request, site: Site, name: str) -> Response:
    """YASGUI ships with the package (no CDN); served from there."""
    if not FILE_NAME.fullmatch(name):
        raise HTTPException(404)
    folder = Path(str(resources.files("lodpub").joinpath("static/yasgui")))
    path = _inside(folder.resolve(), name)
    if path is None:
        raise HTTPException(404)
    return await _file(site, path, Asked.of(request.scope))


class Front:
    """Entity URIs and documents answered from build/ without Starlette's layers, else `app`.

    They are most of what is asked, and routing, the request object, four middlewares and the
    exception handlers cost more than the answer itself, a file held in memory (files.py). The
    answers are made by the same functions the routes call; anything else (an error, a range,
    a file too large to hold, a description from an external store) goes to `app`, which
    answers it again in full, errors in the negotiated format included.
    """

    def __init__(self, app: Starlette, site: Site, repository: Repository):
        self.app = app
        self.site = site
        self.repository = repository

    @property
    def state(self):
        return self.app.state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in READ and not scope.get("root_path"):
            response = await self._from_files(scope)
            if response is not None:
                return await response(scope, receive, send)
        await self.app(scope, receive, send)

    async def _from_files(self, scope: Scope) -> Document | None:
        path: str = scope["path"]
        if not path.startswith(("/doc/", "/id/")):
            return None
        parts = path.split("/")  # "", "doc" or "id", kind, key
        if len(parts) != 4 or not parts[3]:
            return None
        try:
            if parts[1] == "doc" and layout.listing_file(parts[2], parts[3]):
                return None  # a listing's page or table, a plain file: the app's routes send it
            if parts[1] == "id":
                response = entity_response(self.site, Asked.of(scope), parts[2], parts[3])
            else:
                response = await document_response(
                    self.site, self.repository, Asked.of(scope), parts[2], parts[3], files_only=True
                )
        except (HTTPException, MalformedAccept, NotAcceptable):
            return None
        return response if isinstance(response, Document) else None


def create_app(
    project: Project, sparql: sparql_endpoint.Endpoint | None = None, repository: Repository | None = None
) -> Front:
    """The ASGI application for `project`'s build/; `sparql` answers /sparql when given.

    `repository` answers queries and RDF descriptions; by default the embedded one: `sparql`'s
    engine and build/'s files.
    """
    read = list(READ)
    routes = [
        Route("/id/{kind}/{key}", entity, methods=read),
        Route("/doc/{kind}/", listing, methods=read),
        Route("/doc/{kind}/{name}", document, methods=read),
        Route("/.well-known/void", top, methods=read),
        Route("/.well-known/{name}", top, methods=read),
        Route("/sparql", sparql_endpoint.handle, methods=["GET", "HEAD", "POST"]),
        Route(f"/{layout.VOCAB}/{{name}}", vocab_version, methods=read),
        Route("/{name}", _top_or_file, methods=read),
        Route("/{path:path}", plain_file, methods=read),
    ]

    @asynccontextmanager
    async def lifespan(_):
        yield
        # The query engine's worker processes (or its connections to a store) end with the server.
        app.state.repository.close()

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(middleware.OpenToAll),
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                       allow_headers=["*"], expose_headers=["ETag", "Link", "Location", "Content-Location", "Vary"],
                       allow_credentials=False, max_age=86400),
            Middleware(middleware.Compress, minimum_size=GZIP_MINIMUM),
        ],
        exception_handlers=errors.HANDLERS,
    )
    site = app.state.site = Site(project)
    app.state.sparql = sparql
    repository = app.state.repository = repository or EmbeddedRepository(
        lambda: site.root, sparql.engine if sparql else None
    )
    return Front(app, site, repository)


async def _top_or_file(request: Request) -> Response:
    stem, _ = _split_extension(request.path_params["name"])
    if stem in layout.TOP_NEGOTIATED:
        return await top(request)
    return await plain_file(request)
