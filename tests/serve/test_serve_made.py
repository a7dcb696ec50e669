"""Descriptions in the formats the build does not write: `lodpub serve` makes them from the
entity's Turtle file, byte for byte what the build's serialiser writes, with a file's headers."""

from __future__ import annotations

import hashlib
import shutil

import httpx
import pytest
from projects import served_files, site_file
from servers import running_server

from lodpub import config
from lodpub.core import dataset, descriptions, entities, packed, serialize
from lodpub.core.formats import DOCUMENT_FORMATS, NTRIPLES, RDFXML, WRITTEN_DOCUMENT_FORMATS

BASE = "https://w3id.org/ftsvar/"
ENTITIES = ["response/20151-uui-896-roede-kors", "organisation/roede-kors", "question/20151-uui-896"]
MADE = [f for f in DOCUMENT_FORMATS if f not in WRITTEN_DOCUMENT_FORMATS]


def test_n_triples_and_rdf_xml_are_the_formats_made_on_request():
    assert MADE == [NTRIPLES, RDFXML]


@pytest.fixture(scope="module")
def expected(built_site):
    """Each entity's description as the build's serialiser writes it, in each made format."""
    project = config.load(built_site.parent)
    index = entities.index(project, dataset.load(project).triples())
    return {
        (path, fmt): serialize.serialize(descriptions.describe(index.entities[BASE + "id/" + path], index), fmt, project)
        for path in ENTITIES for fmt in MADE
    }


@pytest.mark.parametrize("path", ENTITIES)
@pytest.mark.parametrize("fmt", MADE, ids=lambda f: f.name)
def test_a_made_document_is_the_bytes_the_build_serialiser_writes(client, built_site, expected, path, fmt):
    written = served_files(built_site, f"doc/{path}.*")
    assert f"doc/{path}.ttl" in written and f"doc/{path}.{fmt.extension}" not in written
    assert not site_file(built_site, f"doc/{path}.{fmt.extension}").exists()
    assert not (built_site / f"doc/{path}.{fmt.extension}").exists()
    by_extension = client.get(f"/doc/{path}.{fmt.extension}", headers={"Accept-Encoding": "identity"})
    by_accept = client.get(f"/doc/{path}", headers={"Accept": fmt.media_type, "Accept-Encoding": "identity"})
    for response in (by_extension, by_accept):
        assert response.status_code == 200
        assert response.headers["content-type"] == fmt.content_type
        assert response.content == expected[path, fmt]
    assert by_accept.headers["content-location"] == f"/doc/{path}.{fmt.extension}"


@pytest.mark.parametrize("fmt", MADE, ids=lambda f: f.name)
def test_a_made_document_has_the_headers_of_a_file(client, fmt):
    path = ENTITIES[0]
    made = client.get(f"/doc/{path}", headers={"Accept": fmt.media_type, "Accept-Encoding": "identity"})
    written = client.get(f"/doc/{path}", headers={"Accept": "text/turtle", "Accept-Encoding": "identity"})
    # Everything a file's answer says; neither takes ranges (the Turtle is packed, the made has no file).
    assert "accept-ranges" not in written.headers
    assert set(made.headers) == set(written.headers)
    assert made.headers["etag"] == f'W/"{hashlib.sha256(made.content).hexdigest()[:32]}"'
    assert made.headers["last-modified"] == written.headers["last-modified"]  # the Turtle's: made from it
    assert made.headers["vary"] == written.headers["vary"] == "Accept, User-Agent, Accept-Encoding"
    assert made.headers["link"] == written.headers["link"]
    assert made.headers["link"].count('rel="alternate"') == len(DOCUMENT_FORMATS)
    assert made.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("fmt", MADE, ids=lambda f: f.name)
def test_a_made_document_answers_if_none_match_with_304(client, fmt):
    url = f"/doc/{ENTITIES[0]}.{fmt.extension}"
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["last-modified"] == first.headers["last-modified"]


def test_a_made_document_is_gzipped_like_a_file(client):
    url = f"/doc/{ENTITIES[0]}.nt"
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip"
    assert int(packed.headers["content-length"]) < len(plain.content)
    assert packed.content == plain.content and packed.headers["etag"] == plain.headers["etag"]


def test_a_range_of_a_made_document_gets_the_whole_document(client):
    """RFC 9110 §14.2: a server may ignore Range; there is no file to cut the range from."""
    url = f"/doc/{ENTITIES[0]}.nt"
    whole = client.get(url, headers={"Accept-Encoding": "identity"})
    ranged = client.get(url, headers={"Range": "bytes=10-99", "Accept-Encoding": "identity"})
    assert ranged.status_code == 200 and ranged.content == whole.content
    assert "content-range" not in ranged.headers and "accept-ranges" not in ranged.headers


def test_head_of_a_made_document_equals_get_without_a_body(client):
    url = f"/doc/{ENTITIES[0]}.rdf"
    get = client.get(url, headers={"Accept-Encoding": "identity"})
    head = client.head(url, headers={"Accept-Encoding": "identity"})
    assert head.status_code == 200 and head.content == b""
    for name in ("content-type", "etag", "content-length", "last-modified", "link"):
        assert head.headers.get(name) == get.headers.get(name), name


@pytest.mark.parametrize("fmt", MADE, ids=lambda f: f.name)
def test_the_thing_redirects_to_a_made_format_and_a_missing_entity_is_404(client, fmt):
    response = client.get(f"/id/{ENTITIES[0]}", headers={"Accept": fmt.media_type})
    assert (response.status_code, response.headers["location"]) == (303, f"/doc/{ENTITIES[0]}.{fmt.extension}")
    assert client.get(f"/doc/question/no-such-question.{fmt.extension}").status_code == 404


def test_a_real_server_sends_made_documents_as_the_build_would_have_written_them(built_site, expected):
    with running_server(built_site.parent, log_name="serve-made.log") as (url, _):
        for path in ENTITIES:
            for fmt in MADE:
                followed = httpx.get(f"{url}/id/{path}", headers={"Accept": fmt.media_type}, follow_redirects=True)
                assert followed.status_code == 200
                assert followed.headers["content-type"] == fmt.content_type
                assert followed.content == expected[path, fmt]


def test_a_turtle_file_that_does_not_parse_gets_500_and_its_page_is_still_served(built_site, tmp_path):
    from starlette.testclient import TestClient

    from lodpub.serve.app import create_app

    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(built_site.parent / "lodpub.toml", root)
    shutil.copytree(built_site.resolve(), root / "build")
    turtle = site_file(root / "build", f"doc/{ENTITIES[0]}.ttl")
    assert turtle.is_file()
    turtle.write_bytes(packed.pack(b"<a> <b> .\n"))
    with TestClient(create_app(config.load(root)), raise_server_exceptions=False) as client:
        broken = client.get(f"/doc/{ENTITIES[0]}.nt", headers={"Accept": "text/turtle"})
        assert broken.status_code == 500
        # the server's own error answer, in the negotiated format, not a crash
        assert broken.headers["content-type"] == "text/turtle; charset=utf-8"
        assert broken.text.startswith("# 500: ")
        assert client.get(f"/doc/{ENTITIES[0]}.html").status_code == 200
        assert client.get(f"/doc/{ENTITIES[1]}.nt").status_code == 200
