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
from http import HTTPStatus
from dataclasses import dataclass, field
from email.utils import formatdate
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from . import sparql_http
from .config import Project
from .sparql import Busy
from .sparql.remote import StoreTimeout, StoreUnavailable
from .sparql.repository import EmbeddedRepository, Repository
from .formats import BY_EXTENSION, DOCUMENT_FORMATS, HTML, TURTLE, Format
from .negotiate import MalformedAccept, NotAcceptable, negotiate
from .pages import site_info
from .render import render

KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Negotiated resources at the top of the site, and the file stem each comes from.
TOP_RESOURCES = {"vocab": "vocab", "shapes": "shapes", "validation": "validation"}
OTHER_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".gz": "application/gzip",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".conf": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
}
CACHE = "public, max-age=300"


@dataclass
class Site:
    """What the request handlers share: the project, and ETags already computed."""

    project: Project
    etags: dict[tuple[str, int, int, int], str] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.project.build.resolve()

    def etag(self, path: Path, stat: os.stat_result) -> str:
        """A weak ETag from the file's content (gzip may re-encode it; the content is the same)."""
        cache_key = (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)
        tag = self.etags.get(cache_key)
        if tag is None:
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
            tag = self.etags[cache_key] = f'W/"{digest.hexdigest()[:32]}"'
        return tag


def _content_type(path: Path) -> str:
    fmt = BY_EXTENSION.get(path.suffix.lstrip("."))
    if fmt is not None:
        return fmt.content_type
    if path.name == "SHA256SUMS":
        return "text/plain; charset=utf-8"
    return OTHER_TYPES.get(path.suffix, "application/octet-stream")


def _not_modified(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    if header.strip() == "*":
        return True
    weak = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == weak for tag in header.split(","))


def _headers(etag: str, vary: bool, links: list[str] | None, content_location: str | None) -> dict[str, str]:
    """The headers every document carries, from a file or made on request."""
    headers = {"ETag": etag, "Cache-Control": CACHE}
    if vary:
        headers["Vary"] = "Accept"
    if links:
        headers["Link"] = ", ".join(links)
    if content_location:
        headers["Content-Location"] = content_location
    return headers


def send_file(
    request: Request,
    site: Site,
    path: Path,
    *,
    vary: bool = False,
    links: list[str] | None = None,
    content_location: str | None = None,
    status: int = 200,
) -> Response:
    """A file of build/ with content type, content-hash ETag, Last-Modified, caching and links."""
    stat = path.stat()
    headers = _headers(site.etag(path, stat), vary, links, content_location)
    if status == 200 and _not_modified(request, headers["ETag"]):
        headers["Last-Modified"] = formatdate(stat.st_mtime, usegmt=True)
        return Response(status_code=304, headers=headers)
    return FileResponse(path, status_code=status, headers=headers, media_type=_content_type(path), stat_result=stat)


def send_bytes(
    request: Request,
    body: bytes,
    fmt: Format,
    *,
    vary: bool = False,
    links: list[str] | None = None,
    content_location: str | None = None,
) -> Response:
    """A document made on request (from a store): the same headers as a file, with no Last-Modified."""
    headers = _headers(f'W/"{hashlib.sha256(body).hexdigest()[:32]}"', vary, links, content_location)
    if _not_modified(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=fmt.content_type, headers=headers)


def _inside(root: Path, relative: str) -> Path | None:
    """`relative` under `root`, or None when it is missing or would leave it."""
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def _choose(request: Request, offers=DOCUMENT_FORMATS) -> Format:
    return negotiate(
        offers, request.headers.get("accept"), request.headers.get("user-agent"), request.query_params.get("format")
    )


def _alternates(url_stem: str, formats=DOCUMENT_FORMATS) -> list[str]:
    return [f'<{url_stem}.{f.extension}>; rel="alternate"; type="{f.media_type}"' for f in formats]


def negotiated_file(request: Request, site: Site, stem: str, url_stem: str, extension: str | None) -> Response:
    """`stem`.{ext} of build/: the extension given, or the best format for the request."""
    root = site.root
    if extension is not None:
        fmt = BY_EXTENSION.get(extension)
        path = _inside(root, f"{stem}.{extension}") if fmt in DOCUMENT_FORMATS else None
        if path is None:
            raise HTTPException(404)
        return send_file(request, site, path, links=_alternates(url_stem))
    if _inside(root, f"{stem}.html") is None:
        raise HTTPException(404)
    fmt = _choose(request)
    path = _inside(root, f"{stem}.{fmt.extension}")
    if path is None:
        raise HTTPException(404)
    return send_file(
        request, site, path, vary=True, links=_alternates(url_stem), content_location=f"{url_stem}.{fmt.extension}"
    )


def _split_extension(name: str) -> tuple[str, str | None]:
    stem, dot, extension = name.rpartition(".")
    if dot and extension in BY_EXTENSION:
        return stem, extension
    return name, None


async def entity(request: Request) -> Response:
    """/id/{kind}/{key}: the thing itself cannot be sent; 303 to its description."""
    kind, key = request.path_params["kind"], request.path_params["key"]
    if not KEY.fullmatch(kind) or not KEY.fullmatch(key):
        raise HTTPException(404)
    site: Site = request.app.state.site
    if _inside(site.root, f"doc/{kind}/{key}.html") is None:
        raise HTTPException(404)
    fmt = _choose(request)
    target = f"/doc/{kind}/{key}.{fmt.extension}"
    return RedirectResponse(
        target, status_code=303,
        headers={"Vary": "Accept", "Link": f'<{target}>; rel="describedby"; type="{fmt.media_type}"', "Cache-Control": CACHE},
    )


async def document(request: Request) -> Response:
    """/doc/{kind}/{key}[.ext]: the page from build/, the RDF description from the repository.

    The build's page says which entities exist, so an unknown key never reaches a store.
    """
    kind, name = request.path_params["kind"], request.path_params["name"]
    key, extension = _split_extension(name)
    if not KEY.fullmatch(kind) or not KEY.fullmatch(key):
        raise HTTPException(404)
    site: Site = request.app.state.site
    stem, url_stem = f"doc/{kind}/{key}", f"/doc/{kind}/{key}"
    if _inside(site.root, f"{stem}.html") is None:
        raise HTTPException(404)
    if extension is not None:
        fmt = BY_EXTENSION.get(extension)
        if fmt not in DOCUMENT_FORMATS:
            raise HTTPException(404)
        where = {"links": _alternates(url_stem)}
    else:
        fmt = _choose(request)
        where = {"vary": True, "links": _alternates(url_stem), "content_location": f"{url_stem}.{fmt.extension}"}
    if fmt is HTML:
        return negotiated_file(request, site, stem, url_stem, extension)
    repository: Repository = request.app.state.repository
    found = await anyio.to_thread.run_sync(repository.describe, kind, key, fmt)
    if found is None:
        raise HTTPException(404)
    if isinstance(found, Path):
        return send_file(request, site, found, **where)
    return send_bytes(request, found, fmt, **where)


async def listing(request: Request) -> Response:
    kind = request.path_params["kind"]
    site: Site = request.app.state.site
    path = _inside(site.root, f"doc/{kind}/index.html") if KEY.fullmatch(kind) else None
    if path is None:
        raise HTTPException(404)
    return send_file(request, site, path)


async def top(request: Request) -> Response:
    """/vocab, /shapes, /validation, /.well-known/void, with or without an extension."""
    site: Site = request.app.state.site
    name = request.path_params.get("name", "void")
    stem, extension = _split_extension(name)
    if request.url.path.startswith("/.well-known/"):
        if stem != "void":
            raise HTTPException(404)
        return negotiated_file(request, site, ".well-known/void", "/.well-known/void", extension)
    if stem not in TOP_RESOURCES:
        raise HTTPException(404)
    return negotiated_file(request, site, TOP_RESOURCES[stem], f"/{stem}", extension)


async def plain_file(request: Request) -> Response:
    """Files served as they are: the home page, dumps, assets, context, sitemap, robots."""
    site: Site = request.app.state.site
    relative = request.url.path.lstrip("/")
    if relative in ("", "dumps/"):
        relative += "index.html"
    if relative.startswith("assets/yasgui/"):
        return _packaged(request, site, relative.removeprefix("assets/yasgui/"))
    parts = relative.split("/")
    if not all(FILE_NAME.fullmatch(part) for part in parts):
        raise HTTPException(404)
    path = _inside(site.root, relative)
    if path is None:
        raise HTTPException(404)
    return send_file(request, site, path)


def _packaged(request: Request, site: Site, name: str) -> Response:
    """YASGUI ships with the package (no CDN); served from there."""
    if not FILE_NAME.fullmatch(name):
        raise HTTPException(404)
    folder = Path(str(resources.files("lodpub").joinpath("static/yasgui")))
    path = _inside(folder.resolve(), name)
    if path is None:
        raise HTTPException(404)
    return send_file(request, site, path)


def error_response(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    """An error in the format the client asked for: a page for people, a line for programs."""
    headers = dict(headers or {})
    try:
        fmt = negotiate(DOCUMENT_FORMATS, request.headers.get("accept"), request.headers.get("user-agent"))
    except (MalformedAccept, NotAcceptable):
        fmt = TURTLE
    headers["Vary"] = "Accept"
    if fmt is HTML:
        site: Site = request.app.state.site
        html = render(
            "error.html", status=status, message=message, path=request.url.path, root="/",
            site=site_info(site.project),
        )
        return Response(html, status_code=status, media_type="text/html; charset=utf-8", headers=headers)
    if fmt is TURTLE:
        body = f"# {status}: {message}\n# {request.url.path}\n"
        return Response(body, status_code=status, media_type=TURTLE.content_type, headers=headers)
    return PlainTextResponse(f"{status}: {message}\n", status_code=status, headers=headers)


MESSAGES = {404: "no such page or resource", 405: "method not allowed", 400: "bad request"}


async def http_error(request: Request, error: HTTPException) -> Response:
    message = error.detail
    if message == HTTPStatus(error.status_code).phrase:  # Starlette's default: say more
        message = MESSAGES.get(error.status_code, message)
    return error_response(request, error.status_code, message, getattr(error, "headers", None))


async def store_unavailable(request: Request, error: StoreUnavailable) -> Response:
    return error_response(request, 502, error.message)


async def store_timeout(request: Request, error: StoreTimeout) -> Response:
    return error_response(request, 504, error.message)


async def busy(request: Request, error: Busy) -> Response:
    return error_response(request, 429, error.message, {"Retry-After": str(error.retry_after)})


async def malformed_accept(request: Request, error: MalformedAccept) -> Response:
    return PlainTextResponse(f"400: malformed Accept header: {error}\n", status_code=400, headers={"Vary": "Accept"})


async def not_acceptable(request: Request, error: NotAcceptable) -> Response:
    listed = ", ".join(f.media_type for f in error.alternatives)
    return PlainTextResponse(
        f"406: none of the formats on offer is acceptable; available: {listed}\n",
        status_code=406,
        headers={"Vary": "Accept", "Link": ", ".join(f'<?format={quote(f.name)}>; rel="alternate"; type="{f.media_type}"' for f in error.alternatives)},
    )


class OpenToAll:
    """Access-Control-Allow-Origin: * on every response, with or without an Origin header.

    CORSMiddleware answers preflights and requests that carry Origin; open data should say it
    is open to anyone who looks (curl, a crawler), so this adds the header everywhere else.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                if not any(name.lower() == b"access-control-allow-origin" for name, _ in headers):
                    headers.append((b"access-control-allow-origin", b"*"))
            await send(message)

        return await self.app(scope, receive, sending)


def create_app(
    project: Project, sparql: sparql_http.Endpoint | None = None, repository: Repository | None = None
) -> Starlette:
    """The ASGI application for `project`'s build/; `sparql` answers /sparql when given.

    `repository` answers queries and RDF descriptions; by default the embedded one: `sparql`'s
    engine and build/'s files.
    """
    read = ["GET", "HEAD"]
    routes = [
        Route("/id/{kind}/{key}", entity, methods=read),
        Route("/doc/{kind}/", listing, methods=read),
        Route("/doc/{kind}/{name}", document, methods=read),
        Route("/.well-known/void", top, methods=read),
        Route("/.well-known/{name}", top, methods=read),
        Route("/sparql", sparql_http.handle, methods=["GET", "HEAD", "POST"]),
        Route("/{name}", _top_or_file, methods=read),
        Route("/{path:path}", plain_file, methods=read),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(OpenToAll),
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                       allow_headers=["*"], expose_headers=["ETag", "Link", "Location", "Content-Location", "Vary"],
                       allow_credentials=False, max_age=86400),
            Middleware(GZipMiddleware, minimum_size=1024),
        ],
        exception_handlers={
            HTTPException: http_error, MalformedAccept: malformed_accept, NotAcceptable: not_acceptable,
            StoreUnavailable: store_unavailable, StoreTimeout: store_timeout, Busy: busy,
        },
    )
    site = app.state.site = Site(project)
    app.state.sparql = sparql
    app.state.repository = repository or EmbeddedRepository(lambda: site.root, sparql.engine if sparql else None)
    return app


async def _top_or_file(request: Request) -> Response:
    stem, _ = _split_extension(request.path_params["name"])
    if stem in TOP_RESOURCES:
        return await top(request)
    return await plain_file(request)
