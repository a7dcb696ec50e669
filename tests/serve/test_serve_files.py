"""build/'s files as `lodpub serve` sends them: from memory, yet always what build/ holds now."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import os
import shutil
import time
from pathlib import Path

import httpx
import pytest
from projects import served_files, site_bytes, site_file
from rdflib import Graph
from rdflib.compare import isomorphic
from servers import running_server
from starlette.testclient import TestClient

from lodpub import config
from lodpub.core import layout, packed
from lodpub.core.formats import HTML, TURTLE
from lodpub.serve.app import create_app
from lodpub.serve.files import FileCache

ENTITY = "response/20151-uui-896-roede-kors"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"



@pytest.fixture
def linked_project(built_site, tmp_path) -> Path:
    """A project whose build link points to a copy of the built site, free to be moved."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(built_site.parent / "lodpub.toml", root)
    shutil.copytree(built_site.resolve(), root / ".builds" / "first")
    (root / "build").symlink_to(Path(".builds") / "first")
    return root


def _move_link(root: Path, target: str) -> None:
    """Point build at .builds/target in one rename, as `lodpub build` does."""
    (root / "build.new").symlink_to(Path(".builds") / target)
    os.replace(root / "build.new", root / "build")


@pytest.mark.parametrize("path", [f"/doc/{ENTITY}", f"/doc/{ENTITY}.ttl", "/vocab", "/"])
def test_gzip_is_the_same_document_with_the_same_etag(client, path):
    plain = client.get(path, headers={"Accept": "text/html", "Accept-Encoding": "identity"})
    packed = client.get(path, headers={"Accept": "text/html", "Accept-Encoding": "gzip"})
    assert plain.status_code == packed.status_code == 200
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert int(packed.headers["content-length"]) < int(plain.headers["content-length"])
    assert packed.content == plain.content  # httpx undoes the gzip
    assert packed.headers["etag"] == plain.headers["etag"]
    for response in (plain, packed):
        vary = [v.strip() for v in response.headers["vary"].split(",")]
        assert "Accept-Encoding" in vary and len(vary) == len(set(vary)), vary


@pytest.mark.parametrize("path", [f"/doc/{ENTITY}", "/vocab", "/"])
@pytest.mark.parametrize("encoding", ["gzip;q=0, deflate", "*;q=0", "identity"])
def test_gzip_refused_by_the_client_is_not_sent(client, path, encoding):
    response = client.get(path, headers={"Accept": "text/html", "Accept-Encoding": encoding})
    assert response.status_code == 200
    assert "content-encoding" not in response.headers


def test_a_page_is_byte_for_byte_the_file(client, built_site):
    response = client.get(f"/doc/{ENTITY}", headers={"Accept": "text/html"})
    assert response.content == site_bytes(built_site, f"doc/{ENTITY}.html")
    assert response.headers["content-location"] == f"/doc/{ENTITY}.html"


def test_head_of_a_negotiated_page_equals_get(client):
    headers = {"Accept": "text/html", "User-Agent": BROWSER}
    for encoding in ("identity", "gzip"):
        get = client.get(f"/doc/{ENTITY}", headers={**headers, "Accept-Encoding": encoding})
        head = client.head(f"/doc/{ENTITY}", headers={**headers, "Accept-Encoding": encoding})
        assert head.status_code == 200 and head.content == b""
        for name in ("content-type", "content-length", "content-encoding", "etag", "last-modified", "vary",
                     "link", "content-location", "access-control-allow-origin"):
            assert head.headers.get(name) == get.headers.get(name), (encoding, name)


def test_a_range_of_a_page_is_sent_as_asked(client, built_site):
    # A page build/ holds as it is (outside doc/, which is packed: see the range test below).
    assert site_file(built_site, "vocab.html") == built_site / "vocab.html"
    whole = (built_site / "vocab.html").read_bytes()
    response = client.get("/vocab.html", headers={"Range": "bytes=10-99"})
    assert response.status_code == 206
    assert response.content == whole[10:100]
    assert response.headers["content-range"] == f"bytes 10-99/{len(whole)}"
    assert client.get("/vocab.html").headers["accept-ranges"] == "bytes"


def test_entity_uri_redirect_is_open_to_all(client):
    response = client.get(f"/id/{ENTITY}", headers={"Accept": "text/html"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/doc/{ENTITY}.html"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.content == b""


def test_a_new_build_is_served_as_soon_as_the_link_moves(linked_project):
    page = f"doc/{ENTITY}.html"
    app = create_app(config.load(linked_project))
    with TestClient(app, follow_redirects=False) as client:
        before = client.get(f"/doc/{ENTITY}", headers={"Accept": "text/html"})
        assert before.content == site_bytes(linked_project / ".builds" / "first", page)
        second = linked_project / ".builds" / "second"
        shutil.copytree(linked_project / ".builds" / "first", second)
        changed = before.content.replace(b"</h1>", b" (second build)</h1>", 1)
        assert changed != before.content
        site_file(second, page).write_bytes(packed.pack(changed))
        _move_link(linked_project, "second")
        after = client.get(f"/doc/{ENTITY}", headers={"Accept": "text/html"})
        assert b"(second build)" in after.content
        assert after.headers["etag"] != before.headers["etag"]
        assert client.get(f"/id/{ENTITY}").status_code == 303
        shutil.rmtree(second / "doc" / "response")
        _move_link(linked_project, "second")
        assert client.get(f"/doc/{ENTITY}", headers={"Accept": "text/html"}).status_code == 404
        assert client.get(f"/id/{ENTITY}").status_code == 404


def test_a_file_changed_in_place_is_sent_changed(linked_project):
    path = site_file(linked_project / "build", f"doc/{ENTITY}.html")
    app = create_app(config.load(linked_project))
    with TestClient(app) as client:
        client.get(f"/doc/{ENTITY}", headers={"Accept": "text/html"})
        path.write_bytes(packed.pack(packed.read(path) + b"<!-- changed -->\n"))
        for encoding in ("identity", "gzip"):
            response = client.get(f"/doc/{ENTITY}", headers={"Accept": "text/html", "Accept-Encoding": encoding})
            assert response.content.endswith(b"<!-- changed -->\n"), encoding


# Everything under doc/ is in build/ packed only (doc/….gz); it is served at its name without .gz.
# A listing's CSV large enough to be worth gzip (GZIP_MINIMUM): doc/answer/'s is not, in the seed.
LISTING_CSV = "doc/response/index.csv"
PACKED_DOCUMENTS = [
    (f"doc/{ENTITY}.html", HTML.content_type),
    (f"doc/{ENTITY}.ttl", TURTLE.content_type),
    (LISTING_CSV, "text/csv; charset=utf-8"),
    # Under a kilobyte: its gzip bytes are there already, so they are sent, as a static host does.
    ("doc/answer/index.csv", "text/csv; charset=utf-8"),
]
# What each is changed to on disk: still its format (the Turtle still parses, for the made N-Triples).
CHANGES = {
    "html": b"<!-- changed -->\n",
    "ttl": b'<https://example.org/changed> <https://example.org/p> "changed on disk" .\n',
    "csv": b"changed,on disk\n",
}


def _fetch(client: httpx.Client, path: str, encoding: str | None, **headers: str) -> tuple[httpx.Response, bytes]:
    """GET `path` with Accept-Encoding `encoding` (None: no such header at all): the response and
    its body as sent, its Content-Encoding not undone."""
    request = client.build_request("GET", path, headers=headers)
    del request.headers["accept-encoding"]  # httpx sends one of its own otherwise
    if encoding is not None:
        request.headers["accept-encoding"] = encoding
    response = client.send(request, stream=True)
    try:
        return response, b"".join(response.iter_raw())
    finally:
        response.close()


def _vary(response: httpx.Response) -> list[str]:
    return [name.strip() for name in response.headers.get("vary", "").split(",")]


def _check_packed_document(client: httpx.Client, site: Path, relative: str, content_type: str) -> None:
    """`relative` (a path as served) is its .gz file's bytes to a gzip client, its text to others."""
    stored = site_file(site, relative)
    assert stored.name == relative.rpartition("/")[2] + ".gz" and not (site / relative).exists()
    text = site_bytes(site, relative)
    assert len(stored.read_bytes()) < len(text)  # worth sending gzipped, whatever its size
    bare, bare_body = _fetch(client, "/" + relative, None)
    plain, plain_body = _fetch(client, "/" + relative, "identity")
    zipped, zipped_body = _fetch(client, "/" + relative, "gzip")
    assert bare.status_code == plain.status_code == zipped.status_code == 200
    for response, body in ((bare, bare_body), (plain, plain_body)):
        assert "content-encoding" not in response.headers
        assert body == text and int(response.headers["content-length"]) == len(text)
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped_body == stored.read_bytes()  # the build's file itself, not gzipped again
    assert gzip.decompress(zipped_body) == text and int(zipped.headers["content-length"]) == len(zipped_body)
    assert bare.headers["etag"] == plain.headers["etag"] == zipped.headers["etag"]
    assert zipped.headers["etag"] == f'W/"{hashlib.sha256(text).hexdigest()[:32]}"'  # the text's
    for response in (bare, plain, zipped):
        assert response.headers["content-type"] == content_type
        assert "Accept-Encoding" in _vary(response), relative
        assert response.headers["last-modified"] == zipped.headers["last-modified"]
        assert "accept-ranges" not in response.headers  # sent whole, never by ranges
    for encoding, body in (("identity", text), ("gzip", stored.read_bytes())):
        ranged, ranged_body = _fetch(client, "/" + relative, encoding, Range="bytes=10-99")
        assert ranged.status_code == 200 and ranged_body == body, (relative, encoding)
        assert "content-range" not in ranged.headers and "accept-ranges" not in ranged.headers
        again, again_body = _fetch(client, "/" + relative, encoding, **{"If-None-Match": zipped.headers["etag"]})
        assert (again.status_code, again_body) == (304, b""), (relative, encoding)


def test_what_is_served_from_doc_is_packed_in_build(built_site):
    stored = [path for path in (built_site / "doc").rglob("*") if path.is_file()]
    assert len(stored) > 100 and all(path.name.endswith(layout.PACKED) for path in stored)
    documents = served_files(built_site, "doc/*/*")  # entities' documents and listings' first pages
    for relative, _ in PACKED_DOCUMENTS:
        assert relative in documents


@pytest.mark.parametrize("relative,content_type", PACKED_DOCUMENTS)
def test_a_packed_document_is_its_gz_file_to_a_gzip_client_and_its_text_to_any_other(client, built_site, relative, content_type):
    _check_packed_document(client, built_site, relative, content_type)


@pytest.mark.parametrize("fmt,parser", [("nt", "nt"), ("rdf", "xml")])
def test_formats_made_from_the_packed_turtle_hold_its_triples(client, built_site, fmt, parser):
    turtle = Graph().parse(data=site_bytes(built_site, f"doc/{ENTITY}.ttl"), format="turtle")
    assert len(turtle) > 10
    plain = client.get(f"/doc/{ENTITY}.{fmt}", headers={"Accept-Encoding": "identity"})
    zipped, zipped_body = _fetch(client, f"/doc/{ENTITY}.{fmt}", "gzip")
    assert plain.status_code == zipped.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip" and gzip.decompress(zipped_body) == plain.content
    assert zipped.headers["etag"] == plain.headers["etag"]
    assert isomorphic(Graph().parse(data=plain.content, format=parser), turtle)


@pytest.mark.parametrize("relative", [relative for relative, _ in PACKED_DOCUMENTS])
def test_a_packed_file_changed_on_disk_is_sent_changed(linked_project, relative):
    site = linked_project / "build"
    stored = site_file(site, relative)
    # The Turtle's N-Triples are made from it: they change with it.
    paths = ["/" + relative] + ([f"/doc/{ENTITY}.nt"] if relative.endswith(".ttl") else [])
    with TestClient(create_app(config.load(linked_project))) as client:
        before = {path: client.get(path, headers={"Accept-Encoding": "identity"}) for path in paths}
        assert before["/" + relative].content == packed.read(stored)
        stored.write_bytes(packed.pack(packed.read(stored) + CHANGES[relative.rpartition(".")[2]]))
        for path in paths:
            for encoding in ("identity", "gzip"):
                response, body = _fetch(client, path, encoding)
                text = gzip.decompress(body) if encoding == "gzip" else body
                assert response.status_code == 200 and text != before[path].content, (path, encoding)
                assert response.headers["etag"] != before[path].headers["etag"], (path, encoding)
                if path == "/" + relative:
                    assert text == packed.read(stored), encoding
                    assert body == (stored.read_bytes() if encoding == "gzip" else packed.read(stored)), encoding
                else:
                    assert b"changed on disk" in text, encoding


def test_the_cache_keeps_to_its_size_and_always_gives_the_current_file(tmp_path):
    files = [tmp_path / f"page-{n}.html" for n in range(40)]
    for n, path in enumerate(files):
        path.write_bytes(f"<p>page {n}</p>\n".encode() * 400)  # about 6 kB each
    cache = FileCache(max_bytes=50_000)

    async def read_all():
        found = []
        for _ in range(2):
            for path in files:
                entry = await cache.get(str(path))
                packed = await cache.gzipped(entry)
                found.append((entry.body, gzip.decompress(packed)))
        return found

    for path, (body, unpacked) in zip(files * 2, asyncio.run(read_all())):
        assert body == unpacked == path.read_bytes()
    assert sum(len(e.body) + len(e.gzipped or b"") for e in cache._entries.values()) <= 50_000
    assert asyncio.run(cache.get(str(tmp_path))) is None
    assert asyncio.run(cache.get(str(tmp_path / "missing.html"))) is None


# A real `lodpub serve` with several processes.


def test_several_processes_serve_pages_and_queries_and_stop_together(built_site):
    with running_server(built_site.parent, "--processes", "2", "--access-log", log_name="serve-2.log") as (url, process):
        pages = [httpx.get(f"{url}/doc/{ENTITY}", headers={"Accept": "text/html"}) for _ in range(20)]
        query = httpx.get(f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }"},
                          headers={"Accept": "application/sparql-results+json"})
        children = _children(process.pid)
    assert all(page.status_code == 200 for page in pages)
    assert query.status_code == 200 and query.json()["boolean"] is True
    assert len(children) >= 2
    deadline = time.monotonic() + 10
    while _alive(children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(children)
    log = (built_site.parent / "serve-2.log").read_text()
    assert f'"GET /doc/{ENTITY} HTTP/1.1" 200' in log


def test_requests_are_not_logged_unless_asked(built_site):
    with running_server(built_site.parent, log_name="serve-quiet.log") as (url, _):
        assert httpx.get(f"{url}/doc/{ENTITY}", headers={"Accept": "text/html"}).status_code == 200
    log = (built_site.parent / "serve-quiet.log").read_text()
    assert "Uvicorn running" in log
    assert f"GET /doc/{ENTITY}" not in log


def test_a_real_server_sends_packed_documents_whole_and_notices_a_changed_gz_file(linked_project):
    site = linked_project / "build"
    with running_server(linked_project, log_name="serve-packed.log") as (url, _), httpx.Client(base_url=url) as http:
        for relative, content_type in PACKED_DOCUMENTS:
            _check_packed_document(http, site, relative, content_type)
        followed = http.get(f"/id/{ENTITY}", headers={"Accept": "text/html"}, follow_redirects=True)
        assert (followed.status_code, followed.content) == (200, site_bytes(site, f"doc/{ENTITY}.html"))
        turtle = site_file(site, f"doc/{ENTITY}.ttl")
        before = {fmt: http.get(f"/doc/{ENTITY}.{fmt}") for fmt in ("ttl", "nt", "rdf")}
        turtle.write_bytes(packed.pack(packed.read(turtle) + CHANGES["ttl"]))
        for fmt, earlier in before.items():
            for encoding in ("identity", "gzip"):
                response, body = _fetch(http, f"/doc/{ENTITY}.{fmt}", encoding)
                text = gzip.decompress(body) if encoding == "gzip" else body
                assert response.status_code == earlier.status_code == 200, (fmt, encoding)
                assert b"changed on disk" in text and b"changed on disk" not in earlier.content, (fmt, encoding)
                assert response.headers["etag"] != earlier.headers["etag"], (fmt, encoding)
        assert http.get(f"/doc/{ENTITY}.ttl", headers={"Accept-Encoding": "identity"}).content == packed.read(turtle)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _alive(pids: list[int]) -> list[int]:
    """Those of `pids` still running (a zombie has ended: it only waits to be reaped)."""
    running = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        if "\nState:\tZ" not in status:
            running.append(pid)
    return running


@pytest.mark.parametrize("relative", [f"doc/{ENTITY}.ttl", "doc/response/index.csv", "doc/response/year/2016/index.html"])
def test_a_file_of_doc_asked_for_by_its_stored_name_is_the_archive(client, built_site, relative):
    """As a static host sends it: the .gz file itself, typed as gzip, with no Content-Encoding."""
    stored = site_file(built_site, relative)
    response, body = _fetch(client, "/" + relative + layout.PACKED, "gzip")
    assert response.status_code == 200, relative
    assert response.headers["content-type"] == "application/gzip"
    assert "content-encoding" not in response.headers
    assert body == stored.read_bytes()


def test_a_build_made_before_doc_was_packed_is_still_served(linked_project):
    """`lodpub serve` started on a build an earlier version wrote, with doc/'s files as text."""
    site = linked_project / "build"
    for stored in [p for p in (site / "doc").rglob(f"*{layout.PACKED}")]:
        stored.with_name(stored.name.removesuffix(layout.PACKED)).write_bytes(packed.read(stored))
        stored.unlink()
    with TestClient(create_app(config.load(linked_project))) as client:
        assert client.get(f"/id/{ENTITY}", follow_redirects=False, headers={"Accept": "text/turtle"}).status_code == 303
        for path, text in ((f"/doc/{ENTITY}", f"doc/{ENTITY}.html"), (f"/doc/{ENTITY}.ttl", f"doc/{ENTITY}.ttl"),
                           ("/doc/response/", "doc/response/index.html"), ("/doc/response/index.csv", "doc/response/index.csv")):
            response = client.get(path, headers={"Accept": "text/html"})
            assert response.status_code == 200, path
            assert response.content == (site / text).read_bytes(), path
        made = client.get(f"/doc/{ENTITY}.nt")
        assert made.status_code == 200 and len(Graph().parse(data=made.content, format="nt")) > 10


@pytest.mark.parametrize("path", [f"/doc/{ENTITY}", f"/doc/{ENTITY}.ttl", f"/doc/{ENTITY}.nt", "/doc/response/index.csv"])
def test_a_packed_file_cut_short_is_a_server_error_not_a_missing_page(linked_project, path):
    site = linked_project / "build"
    for relative in (f"doc/{ENTITY}.html", f"doc/{ENTITY}.ttl", "doc/response/index.csv"):
        stored = site_file(site, relative)
        stored.write_bytes(stored.read_bytes()[:40])
    with TestClient(create_app(config.load(linked_project)), raise_server_exceptions=False) as client:
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.status_code == 500, path
