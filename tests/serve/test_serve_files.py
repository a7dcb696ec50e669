"""build/'s files as `lodpub serve` sends them: from memory, yet always what build/ holds now."""

from __future__ import annotations

import asyncio
import gzip
import os
import shutil
import time
from pathlib import Path

import httpx
import pytest
from servers import running_server
from starlette.testclient import TestClient

from lodpub import config
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
    assert response.content == (built_site / "doc" / f"{ENTITY}.html").read_bytes()
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
    whole = (built_site / "doc" / f"{ENTITY}.html").read_bytes()
    response = client.get(f"/doc/{ENTITY}.html", headers={"Range": "bytes=10-99"})
    assert response.status_code == 206
    assert response.content == whole[10:100]
    assert response.headers["content-range"] == f"bytes 10-99/{len(whole)}"


def test_entity_uri_redirect_is_open_to_all(client):
    response = client.get(f"/id/{ENTITY}", headers={"Accept": "text/html"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/doc/{ENTITY}.html"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.content == b""


def test_a_new_build_is_served_as_soon_as_the_link_moves(linked_project):
    page = Path(f"doc/{ENTITY}.html")
    app = create_app(config.load(linked_project))
    with TestClient(app, follow_redirects=False) as client:
        before = client.get(f"/doc/{ENTITY}", headers={"Accept": "text/html"})
        assert before.content == (linked_project / ".builds" / "first" / page).read_bytes()
        second = linked_project / ".builds" / "second"
        shutil.copytree(linked_project / ".builds" / "first", second)
        (second / page).write_bytes(before.content.replace(b"</h1>", b" (second build)</h1>", 1))
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
    path = linked_project / "build" / "doc" / f"{ENTITY}.html"
    app = create_app(config.load(linked_project))
    with TestClient(app) as client:
        client.get(f"/doc/{ENTITY}", headers={"Accept": "text/html"})
        path.write_bytes(path.read_bytes() + b"<!-- changed -->\n")
        for encoding in ("identity", "gzip"):
            response = client.get(f"/doc/{ENTITY}", headers={"Accept": "text/html", "Accept-Encoding": encoding})
            assert response.content.endswith(b"<!-- changed -->\n"), encoding


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
