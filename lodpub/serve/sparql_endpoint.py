"""The SPARQL 1.1 Protocol over HTTP: reading the request, negotiating, answering errors.

Evaluation is the repository's (the embedded store's worker processes that can be killed, or an
external store through RemoteEngine); this module only turns requests into calls and results or
refusals into responses, with the same limits for all.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from .. import sparql
from ..core import layout
from ..core.dataset import merge_graph, shapes_graph
from ..core.formats import (
    GRAPH_RESULT_FORMATS,
    HTML,
    JSONLD,
    NQUADS,
    NTRIPLES,
    RDFXML,
    SELECT_RESULT_FORMATS,
    SPARQL_JSON,
    TURTLE,
    Format,
)
from ..errors import UserError
from ..site.pages import Label, site_info
from ..site.render import render
from ..sparql.remote import RemoteEngine, dump_graphs
from ..store_access import Credentials
from .files import GZIP_MINIMUM, NEGOTIATED_VARY, accepts_gzip
from .negotiate import negotiate

# Browsers asking for a result get a page with a table; programs get the result formats.
SELECT_FORMATS = (*SELECT_RESULT_FORMATS, HTML)
GRAPH_FORMATS = GRAPH_RESULT_FORMATS
DESCRIPTION_FORMATS = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)
FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
# Results are gzipped here, per request, at the level nginx uses by default, not by GZipMiddleware
# at 9: on a 3.5 MB JSON result level 1 takes 17 ms instead of 56 and still makes it ten times smaller.
GZIP_LEVEL = 1


@dataclass(frozen=True)
class Example:
    name: str
    title: Label
    query: str


@dataclass
class Endpoint:
    engine: sparql.Engine | RemoteEngine  # the same contract: run(), close(), graphs, limits
    limits: sparql.Limits
    graphs: frozenset[str]
    base: str
    examples: tuple[Example, ...]
    description: bytes  # the service description, Turtle


def endpoint(project, limits: sparql.Limits, workers: int = 2, query_url: str | None = None,
             auth: Credentials | None = None) -> Endpoint:
    """The SPARQL endpoint of the current build: over the embedded store made from its N-Quads
    dump (cached by the dump's sha256), or over the external store at `query_url` that `lodpub
    publish` filled from it.

    An external store's graphs are the build's (the dump's, plus the shapes graph publish adds),
    read without asking the store, so the server starts even while the store is down.
    """
    dump = project.build / layout.dump(project.name, NQUADS.extension)
    if not dump.is_file():
        raise UserError("no build to serve; run `lodpub build` first", project.build)
    # Relative IRIs in a query resolve against the endpoint's own URL (the service description says so).
    query_base = project.base + "sparql"
    if query_url is None:
        store = sparql.open_store(dump, project.root / sparql.STORES)
        graphs = set(sparql.graph_names(store))
        engine = sparql.Engine(store, set(graphs), limits, workers=workers, base=query_base)
    else:
        graphs = set(dump_graphs(dump, project.root / ".cache" / "graphs"))
        if (project.build / layout.dump("shapes", TURTLE.extension)).is_file():
            graphs.add(shapes_graph(project))
        # Queries that name no default graph get the merge publish wrote into a graph of its own.
        engine = RemoteEngine(query_url, graphs, limits, auth or Credentials(), default_graph=merge_graph(project),
                              base=query_base)
    description = service_description(
        query_base, frozenset(graphs), (*SELECT_RESULT_FORMATS, *GRAPH_RESULT_FORMATS)
    ).encode("utf-8")
    return Endpoint(
        engine=engine, limits=limits, graphs=frozenset(graphs), base=project.base,
        examples=examples(project.root / "queries", project.data_base, project.base), description=description,
    )


def examples(folder: Path, written_base: str | None = None, base: str | None = None) -> tuple[Example, ...]:
    """The example queries under queries/, titled by their `# title-da:` / `# title-en:` lines.

    Published under another base than they are written with, their IRIs (in PREFIX lines, as
    everywhere) follow it, as the data's do.
    """
    found = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        if written_base and base and written_base != base:
            text = text.replace(written_base, base)
        titles = {}
        for line in text.splitlines():
            if line.startswith("# title-da:"):
                titles["da"] = line.split(":", 1)[1].strip()
            elif line.startswith("# title-en:"):
                titles["en"] = line.split(":", 1)[1].strip()
        found.append(Example(path.stem, Label(titles.get("da", path.stem), titles.get("en")), text))
    return tuple(found)


def service_description(endpoint_url: str, graphs: frozenset[str], formats) -> str:
    """SPARQL 1.1 Service Description: what the endpoint speaks, and that the default graph is the union."""
    lines = [
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
        f"<{endpoint_url}> a sd:Service ;",
        f"    sd:endpoint <{endpoint_url}> ;",
        "    sd:supportedLanguage sd:SPARQL11Query ;",
        "    sd:feature sd:UnionDefaultGraph ;",
    ]
    for fmt in formats:
        lines.append(f"    sd:resultFormat <{fmt.w3c}> ;")
    lines += [
        '    rdfs:comment "Read-only. The default graph is the union of all named graphs; each source text is a named graph of its own. '
        f'Relative IRIs in a query resolve against <{endpoint_url}> (the query\'s own BASE, if any, against that)."@en ;',
        "    sd:defaultDataset [",
        "        a sd:Dataset ;",
        "        sd:defaultGraph [ a sd:Graph ] ;",
    ]
    for name in sorted(graphs):
        lines.append(f"        sd:namedGraph [ a sd:NamedGraph ; sd:name <{name}> ] ;")
    lines[-1] = lines[-1].rstrip(" ;")
    lines += ["    ] .", ""]
    return "\n".join(lines)


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None once it passes `limit` bytes (the rest is never held in memory)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def handle(request: Request) -> Response:
    endpoint: Endpoint | None = request.app.state.sparql
    if endpoint is None:
        raise HTTPException(503, "this server runs without a SPARQL endpoint")
    limits = endpoint.limits
    params = {k: request.query_params.getlist(k) for k in request.query_params.keys()}
    if request.method == "POST":
        body = await _read_body(request, limits.max_query_bytes)
        if body is None:
            raise HTTPException(413, f"the request is longer than {limits.max_query_bytes} bytes")
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPException(400, "the request body is not UTF-8")
        if media_type == FORM_TYPE:
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif media_type == QUERY_TYPE:
            params["query"] = [text]
        else:
            raise HTTPException(415, f"POST the query as {FORM_TYPE} or {QUERY_TYPE}")
    elif len(str(request.url.query).encode()) > limits.max_query_bytes:
        raise HTTPException(414, f"the query is longer than {limits.max_query_bytes} bytes; POST it instead")

    if "update" in params:
        raise HTTPException(400, "this endpoint is read-only: SPARQL Update is not accepted")
    queries = params.get("query", [])
    if len(queries) > 1:
        raise HTTPException(400, "give one query, not several")
    if not queries:
        return _describe(request, endpoint)
    query = queries[0]
    format_name = (params.get("format") or [None])[0]
    form = sparql.check(query, set(endpoint.graphs), limits, endpoint.engine.base)  # QueryRefused: http_errors answers it
    offers = SELECT_FORMATS if form in ("SELECT", "ASK") else GRAPH_FORMATS
    fmt = negotiate(offers, request.headers.get("accept"), request.headers.get("user-agent"), format_name)
    asked = SPARQL_JSON if fmt is HTML else fmt
    compress = fmt is not HTML and accepts_gzip(request.headers.get("accept-encoding"))
    # Refusals, timeouts, a busy engine and an unavailable store are raised: http_errors answers them.
    result, body = await anyio.to_thread.run_sync(
        _evaluate, request.app.state.repository, query, asked,
        tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", [])), compress,
    )
    headers = {"Vary": NEGOTIATED_VARY, "Cache-Control": "public, max-age=60"}
    if result.truncated:
        headers["SPARQL-Results-Truncated"] = f"max-rows={limits.max_rows}"
    if fmt is HTML:
        return _results_page(request, endpoint, query, result, headers)
    headers["Vary"] = f"{NEGOTIATED_VARY}, Accept-Encoding"
    if body is not result.body:
        headers["Content-Encoding"] = "gzip"  # GZipMiddleware leaves an encoded body alone
    return Response(body, media_type=_with_charset(result.media_type), headers=headers)


def _evaluate(repository, query: str, fmt: Format, default_graphs: tuple, named_graphs: tuple, compress: bool):
    """The result, and its body as sent: gzipped when `compress` and worth it. Blocking (a thread's)."""
    result = repository.query(query, fmt, default_graphs, named_graphs)
    if not compress or len(result.body) < GZIP_MINIMUM:
        return result, result.body
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # 16+: the gzip container
    return result, packer.compress(result.body) + packer.flush()


def _with_charset(media_type: str) -> str:
    return media_type if "charset" in media_type else f"{media_type}; charset=utf-8"


def _describe(request: Request, endpoint: Endpoint) -> Response:
    """GET /sparql without a query: the query page for people, the service description for programs."""
    fmt = negotiate(DESCRIPTION_FORMATS, request.headers.get("accept"), request.headers.get("user-agent"),
                    request.query_params.get("format"))
    headers = {"Vary": NEGOTIATED_VARY, "Cache-Control": "public, max-age=300"}
    if fmt is HTML:
        html = render("sparql.html", examples=endpoint.examples, endpoint=endpoint.base + "sparql", root="/",
                      site=site_info(request.app.state.site.project))
        return Response(html, media_type=HTML.content_type, headers=headers)
    if fmt is TURTLE:
        return Response(endpoint.description, media_type=TURTLE.content_type, headers=headers)
    triples = [q.triple for q in ox.parse(endpoint.description, format=ox.RdfFormat.TURTLE)]
    return Response(ox.serialize(triples, format=fmt.oxigraph), media_type=fmt.content_type, headers=headers)


def _results_page(request: Request, endpoint: Endpoint, query: str, result, headers: dict) -> Response:
    data = json.loads(result.body)
    variables = data.get("head", {}).get("vars", [])
    rows = []
    for binding in data.get("results", {}).get("bindings", []):
        row = []
        for name in variables:
            cell = binding.get(name)
            if cell is None:
                row.append({"text": "", "href": None, "lang": None})
            elif cell["type"] == "uri":
                local = cell["value"].removeprefix(endpoint.base) if cell["value"].startswith(endpoint.base + "id/") else None
                row.append({"text": cell["value"], "href": "/" + local if local else (cell["value"] if cell["value"].startswith(("http://", "https://")) else None), "lang": None})
            else:
                row.append({"text": cell["value"], "href": None, "lang": cell.get("xml:lang")})
        rows.append(row)
    html = render(
        "sparql_results.html", query=query, variables=variables, rows=rows, boolean=data.get("boolean"),
        truncated=result.truncated, formats=[(f.name, f.label) for f in SELECT_FORMATS if f is not HTML],
        root="/", site=site_info(request.app.state.site.project),
    )
    return Response(html, media_type=HTML.content_type, headers=headers)

