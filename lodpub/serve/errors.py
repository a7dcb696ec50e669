"""Every error `lodpub serve` answers, answered one way: the status each exception means, and one
response for it, a page for people and a line for programs.

Handlers raise (HTTPException for a bad request, the query engine's and the store's own
exceptions for the rest); Starlette hands each to `HANDLERS`, found by the exception's class
and its bases, so a StoreTimeout (a QueryTimeout) answers 504 and a plain QueryTimeout 503.
"""

from __future__ import annotations

from http import HTTPStatus
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ..core import layout
from ..core.formats import DOCUMENT_FORMATS, HTML, TURTLE
from ..site.pages import site_info
from ..site.render import render
from ..sparql import Busy, EngineError, QueryRefused, QueryTimeout
from ..sparql.remote import StoreTimeout, StoreUnavailable
from .files import NEGOTIATED_VARY
from .negotiate import MalformedAccept, NotAcceptable, negotiate

# Starlette's default details are the bare reason phrases; say a little more.
MESSAGES = {404: "no such page or resource", 405: "method not allowed", 400: "bad request"}


def error_response(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    """An error in the format the client asked for: a page for people, Turtle comments for a
    client of the RDF documents that asks for Turtle, a line of text for any other program."""
    headers = dict(headers or {})
    try:
        fmt = negotiate(DOCUMENT_FORMATS, request.headers.get("accept"), request.headers.get("user-agent"))
    except (MalformedAccept, NotAcceptable):
        fmt = None
    headers["Vary"] = NEGOTIATED_VARY  # the page, Turtle or text: chosen by Accept, else by User-Agent
    if fmt is HTML:
        site = request.app.state.site
        html = render(
            "error.html", status=status, message=message, path=request.url.path, root="/",
            site=site_info(site.project),
        )
        return Response(html, status_code=status, media_type=HTML.content_type, headers=headers)
    # Query results are not RDF documents: a SPARQL client reads the message as text.
    if request.url.path != "/" + layout.SPARQL and fmt in (TURTLE, None):
        body = f"# {status}: {message}\n# {request.url.path}\n"
        return Response(body, status_code=status, media_type=TURTLE.content_type, headers=headers)
    return PlainTextResponse(f"{status}: {message}\n", status_code=status, headers=headers)


async def http_error(request: Request, error: HTTPException) -> Response:
    message = error.detail
    if message == HTTPStatus(error.status_code).phrase:
        message = MESSAGES.get(error.status_code, message)
    return error_response(request, error.status_code, message, getattr(error, "headers", None))


async def query_refused(request: Request, error: QueryRefused) -> Response:
    return error_response(request, error.status, error.message)


async def query_timeout(request: Request, error: QueryTimeout) -> Response:
    limits = request.app.state.sparql.limits
    return error_response(
        request, 503, f"the query ran longer than {limits.timeout:g} s and was stopped; narrow it or add LIMIT"
    )


async def store_timeout(request: Request, error: StoreTimeout) -> Response:
    return error_response(request, 504, error.message)


async def store_unavailable(request: Request, error: StoreUnavailable) -> Response:
    return error_response(request, 502, error.message)


async def engine_error(request: Request, error: EngineError) -> Response:
    return error_response(request, 503, f"the query engine is not available: {error.message}")


async def busy(request: Request, error: Busy) -> Response:
    return error_response(request, 429, error.message, {"Retry-After": str(error.retry_after)})


async def malformed_accept(request: Request, error: MalformedAccept) -> Response:
    """No format can be chosen for a header that cannot be read: the message is plain text.

    This answer and 406 depend on Accept alone (the User-Agent chooses only where Accept names
    nothing), so their Vary names only Accept."""
    return PlainTextResponse(f"400: malformed Accept header: {error}\n", status_code=400, headers={"Vary": "Accept"})


async def not_acceptable(request: Request, error: NotAcceptable) -> Response:
    listed = ", ".join(f.media_type for f in error.alternatives)
    return PlainTextResponse(
        f"406: none of the formats on offer is acceptable; available: {listed}\n",
        status_code=406,
        headers={"Vary": "Accept", "Link": ", ".join(f'<?format={quote(f.name)}>; rel="alternate"; type="{f.media_type}"' for f in error.alternatives)},
    )


HANDLERS = {
    HTTPException: http_error,
    MalformedAccept: malformed_accept,
    NotAcceptable: not_acceptable,
    QueryRefused: query_refused,
    QueryTimeout: query_timeout,
    StoreTimeout: store_timeout,
    StoreUnavailable: store_unavailable,
    EngineError: engine_error,
    Busy: busy,
}
