"""The generated nginx rules, served by a real nginx on loopback: 303s, negotiation, types, 404s,
and every file of doc/, stored gzip-compressed only, at its name without .gz."""

from __future__ import annotations

import gzip
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from static_hosts import DUMP_TYPES, ENTITY, PACKED_PATHS, Response, copy_site, fetch, served, serving, stored

from lodpub.build import hosting
from lodpub.core.formats import DOCUMENT_FORMATS, HTML, JSONLD, NTRIPLES, RDFXML, TURTLE, WRITTEN_DOCUMENT_FORMATS

BASE = "https://w3id.org/ftsvar/"
SECRET = "lodpub-test: this file lies outside the site"


@pytest.fixture(scope="module")
def site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build/ directory nginx serves: a copy of the real build (static_hosts.copy_site), with a
    file beside it to try to reach."""
    home = tmp_path_factory.mktemp("nginx-site")
    (home / "outside.txt").write_text(SECRET + "\n", encoding="utf-8")
    return copy_site(built_site, home / "build")


@dataclass
class Server:
    host: str
    port: int

    def get(self, path: str, accept: str | None = None, user_agent: str | None = None,
            headers: dict[str, str] | None = None) -> Response:
        """One GET with the path sent exactly as written (no normalisation, no redirects), and no
        Accept-Encoding unless `headers` has one."""
        headers = dict(headers or {})
        if accept is not None:
            headers["Accept"] = accept
        if user_agent is not None:
            headers["User-Agent"] = user_agent
        return fetch(self.port, path, headers)


def nginx_config(run: Path, port: int, root: Path, http_include: Path, server_include: Path) -> str:
    """A whole nginx.conf as a user would write it around the two generated includes."""
    temp = "\n".join(
        f"    {kind}_temp_path {run}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Like a packaged server: the system types first, which the site's rules must override.
    mime = "    include /etc/nginx/mime.types;\n" if Path("/etc/nginx/mime.types").exists() else ""
    # A root master runs its workers as `nobody`, who cannot read pytest's private (0700)
    # temporary directories; keep them root. Not root: nginx ignores `user`, so leave it out.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""\
{user}worker_processes 1;
error_log {run}/error.log info;
events {{
    worker_connections 64;
}}
http {{
{mime}    default_type application/octet-stream;
    access_log {run}/access.log;
{temp}
    include {http_include};
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {root};
        include {server_include};
    }}
}}
"""


def nginx_binary() -> str:
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        pytest.fail("nginx is not installed (Debian: apt-get install nginx); these tests need a real nginx")
    return binary


@contextmanager
def running_nginx(run: Path, root: Path, http_include: Path, server_include: Path) -> Iterator[Server]:
    """Our own nginx master process (not a daemon) on a free loopback port, stopped on exit.

    Fails, never skips, when nginx cannot start, with nginx's own words.
    """
    binary = nginx_binary()

    def prepare(port: int) -> tuple[list[str], list[str]]:
        config = nginx_config(run, port, root.resolve(), http_include.resolve(), server_include.resolve())
        (run / "nginx.conf").write_text(config, encoding="utf-8")
        (run / "error.log").write_text("", encoding="utf-8")
        command = [binary, "-p", f"{run}/", "-c", str(run / "nginx.conf"), "-e", str(run / "error.log"),
                   "-g", f"daemon off; pid {run}/nginx.pid;"]
        return command, [*command, "-t"]

    with serving("nginx", prepare, run / "error.log") as port:
        yield Server("127.0.0.1", port)


@pytest.fixture(scope="module")
def nginx(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """nginx serving the site at the root of the host, with the rules the build wrote."""
    run = tmp_path_factory.mktemp("nginx")
    with running_nginx(run, site, site / "nginx-http.conf", site / "nginx.conf") as server:
        yield server


@pytest.fixture(scope="module")
def nginx_below_base(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """nginx serving the site under /ftsvar/, as a host with other things at its root would."""
    run = tmp_path_factory.mktemp("nginx-base")
    www = run / "www"
    www.mkdir()
    (www / "ftsvar").symlink_to(site.resolve(), target_is_directory=True)
    (run / "site-http.conf").write_text(hosting.nginx_http_rules(), encoding="utf-8")
    (run / "site.conf").write_text(hosting.nginx_rules("/ftsvar/"), encoding="utf-8")
    with running_nginx(run, www, run / "site-http.conf", run / "site.conf") as server:
        yield server


def vary(response: Response) -> set[str]:
    return response.vary()


GZIP = {"Accept-Encoding": "gzip"}


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

# Accept header -> the format the rules choose (docs/site.md: named types, no q-values).
ACCEPTS = [
    ("text/turtle", TURTLE),
    ("text/html", HTML),
    (None, HTML),
    ("*/*", HTML),
    (BROWSER, HTML),
    ("application/ld+json", JSONLD),
    ("application/n-triples", NTRIPLES),
    ("text/plain", NTRIPLES),  # N-Triples' media type before RDF 1.1, as rdflib asks for it
    ("application/rdf+xml", RDFXML),
    ("application/x-turtle", TURTLE),
    ("TEXT/Turtle", TURTLE),
    ("text/turtle;q=0.9, application/rdf+xml;q=0.5", TURTLE),
    ("application/rdf+xml, application/ld+json", JSONLD),
    ("image/png", HTML),
    ("text/turtlex", HTML),
]
# An entity's description: build/ holds it as HTML, Turtle and JSON-LD only (`lodpub serve` makes
# the others), so a static host answers any other format as it answers a format nobody offers.
ENTITY_ACCEPTS = [(accept, fmt if fmt in WRITTEN_DOCUMENT_FORMATS else HTML) for accept, fmt in ACCEPTS]
NOT_WRITTEN = [f for f in DOCUMENT_FORMATS if f not in WRITTEN_DOCUMENT_FORMATS]


# --- the thing itself: 303 See Other -------------------------------------------------------


@pytest.mark.parametrize(("accept", "fmt"), ENTITY_ACCEPTS)
def test_id_redirects_303_to_the_document_in_the_accepted_format(nginx, accept, fmt):
    response = nginx.get(f"/id/{ENTITY}", accept)
    assert response.status == 303
    assert response.header("Location") == f"/doc/{ENTITY}.{fmt.extension}"
    assert "accept" in vary(response)
    assert response.header("Access-Control-Allow-Origin") == "*"


def test_turtle_accept_on_id_gets_303_to_turtle(nginx):
    response = nginx.get(f"/id/{ENTITY}", "text/turtle")
    assert (response.status, response.header("Location")) == (303, f"/doc/{ENTITY}.ttl")


def test_format_parameter_beats_accept_on_id(nginx):
    response = nginx.get(f"/id/{ENTITY}?format=jsonld", "text/html")
    assert (response.status, response.header("Location")) == (303, f"/doc/{ENTITY}.jsonld")


@pytest.mark.parametrize("fmt", NOT_WRITTEN, ids=lambda f: f.name)
def test_id_asked_for_a_format_not_on_disk_gets_303_to_the_page(nginx, fmt):
    for response in (nginx.get(f"/id/{ENTITY}", fmt.media_type), nginx.get(f"/id/{ENTITY}?format={fmt.name}")):
        assert (response.status, response.header("Location")) == (303, f"/doc/{ENTITY}.html")


def test_unknown_id_is_404_not_a_redirect(nginx):
    assert nginx.get("/id/question/no-such-question", "text/turtle").status == 404


def test_id_that_is_not_a_key_is_404(nginx):
    assert nginx.get("/id/question/20151-UUI-896").status == 404
    assert nginx.get(f"/id/{ENTITY}/more").status == 404


# --- descriptions: negotiated and by suffix ------------------------------------------------


@pytest.mark.parametrize(("accept", "fmt"), ENTITY_ACCEPTS)
def test_document_is_negotiated(nginx, site, accept, fmt):
    response = nginx.get(f"/doc/{ENTITY}", accept)
    assert response.status == 200
    assert response.header("Content-Type") == fmt.content_type
    assert response.header("Content-Encoding") == ""
    assert response.body == served(site, f"doc/{ENTITY}.{fmt.extension}")
    assert {"accept", "accept-encoding"} <= vary(response)
    assert response.header("Access-Control-Allow-Origin") == "*"


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", TURTLE), (None, HTML), ("application/ld+json", JSONLD)])
def test_a_negotiated_document_is_the_gzip_file_for_a_client_that_takes_gzip(nginx, site, accept, fmt):
    response = nginx.get(f"/doc/{ENTITY}", accept, headers=GZIP)
    assert (response.status, response.header("Content-Type")) == (200, fmt.content_type)
    assert response.header("Content-Encoding") == "gzip"
    assert response.body == stored(site, f"doc/{ENTITY}.{fmt.extension}").read_bytes()
    assert {"accept", "accept-encoding"} <= vary(response)
    assert response.text() == nginx.get(f"/doc/{ENTITY}", accept).body


@pytest.mark.parametrize("fmt", WRITTEN_DOCUMENT_FORMATS, ids=lambda f: f.name)
def test_format_parameter_beats_accept_on_document(nginx, site, fmt):
    for headers in ({}, GZIP):
        response = nginx.get(f"/doc/{ENTITY}?format={fmt.name}", "text/html", headers=headers)
        assert (response.status, response.header("Content-Type")) == (200, fmt.content_type)
        assert response.text() == served(site, f"doc/{ENTITY}.{fmt.extension}")


@pytest.mark.parametrize("fmt", NOT_WRITTEN, ids=lambda f: f.name)
def test_document_asked_for_a_format_not_on_disk_gets_the_page(nginx, site, fmt):
    for response in (nginx.get(f"/doc/{ENTITY}", fmt.media_type), nginx.get(f"/doc/{ENTITY}?format={fmt.name}")):
        assert (response.status, response.header("Content-Type")) == (200, HTML.content_type)
        assert response.body == served(site, f"doc/{ENTITY}.html")
        assert "accept" in vary(response)


@pytest.mark.parametrize("accept", [None, "text/html", "application/ld+json", "*/*"])
def test_ttl_suffix_gets_turtle_whatever_accept(nginx, site, accept):
    response = nginx.get(f"/doc/{ENTITY}.ttl", accept)
    assert response.status == 200
    assert response.header("Content-Type") == "text/turtle; charset=utf-8"
    assert response.body == served(site, f"doc/{ENTITY}.ttl")
    assert "accept" not in vary(response)


@pytest.mark.parametrize("fmt", WRITTEN_DOCUMENT_FORMATS, ids=lambda f: f.name)
def test_each_suffix_has_its_content_type(nginx, fmt):
    response = nginx.get(f"/doc/{ENTITY}.{fmt.extension}", "text/html")
    assert (response.status, response.header("Content-Type")) == (200, fmt.content_type)


@pytest.mark.parametrize("fmt", NOT_WRITTEN, ids=lambda f: f.name)
def test_a_suffix_of_a_format_not_on_disk_is_404(nginx, fmt):
    assert nginx.get(f"/doc/{ENTITY}.{fmt.extension}", fmt.media_type).status == 404


@pytest.mark.parametrize("path", ["/vocab", "/shapes", "/validation", "/.well-known/void"])
@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", TURTLE), ("application/ld+json", JSONLD),
                                             ("text/html", HTML), (None, HTML),
                                             ("application/n-triples", NTRIPLES), ("application/rdf+xml", RDFXML)])
def test_site_resources_are_negotiated(nginx, site, path, accept, fmt):
    file = site / f"{path.lstrip('/')}.{fmt.extension}"
    response = nginx.get(path, accept)
    assert "accept" in vary(response)
    if not file.exists():  # a build may offer fewer formats of, say, the validation report
        assert response.status == 404
        return
    assert response.status == 200
    assert response.header("Content-Type") == fmt.content_type
    assert response.body == file.read_bytes()


def test_kind_listing_is_its_index_page(nginx, site):
    response = nginx.get("/doc/question/")
    assert response.status == 200
    assert response.header("Content-Type") == "text/html; charset=utf-8"
    assert response.body == served(site, "doc/question/index.html")


# --- doc/ is stored packed: the same text with and without gzip ------------------------------

# The files of doc/ as every host serves them, and an entity's description negotiated, which
# gets its page when Accept names nothing.
WITH_NEGOTIATED = [*PACKED_PATHS, (f"/doc/{ENTITY}", f"doc/{ENTITY}.html", "text/html; charset=utf-8")]


@pytest.mark.parametrize(("path", "relative", "content_type"), WITH_NEGOTIATED)
def test_a_file_of_doc_is_its_text_for_a_client_without_gzip(nginx, site, path, relative, content_type):
    for headers in ({}, {"Accept-Encoding": "identity"}, {"Accept-Encoding": "deflate, gzip;q=0"}):
        response = nginx.get(path, headers=headers)
        assert (response.status, response.header("Content-Type")) == (200, content_type)
        assert response.header("Content-Encoding") == "", headers
        assert response.body == served(site, relative)
        assert "accept-encoding" in vary(response)
        assert response.header("Access-Control-Allow-Origin") == "*"


@pytest.mark.parametrize("via", [None, "1.1 cdn.example"])
@pytest.mark.parametrize(("path", "relative", "content_type"), WITH_NEGOTIATED)
def test_a_file_of_doc_is_the_gzip_file_for_a_client_that_takes_gzip(nginx, site, path, relative, content_type, via):
    """Also through a proxy or CDN (a Via header), which would otherwise keep the text."""
    response = nginx.get(path, headers={"Accept-Encoding": "gzip, deflate, br", **({"Via": via} if via else {})})
    assert (response.status, response.header("Content-Type")) == (200, content_type)
    assert response.header("Content-Encoding") == "gzip"
    assert response.body == stored(site, relative).read_bytes()
    assert response.text() == nginx.get(path).body == served(site, relative)
    assert "accept-encoding" in vary(response)
    assert response.header("Access-Control-Allow-Origin") == "*"


def test_a_stored_gzip_file_of_doc_asked_for_by_its_own_name_is_the_archive(nginx, site):
    """As `lodpub serve` sends it: the file itself, never unpacked and never a Content-Encoding."""
    for headers in ({}, GZIP):
        response = nginx.get(f"/doc/{ENTITY}.ttl.gz", headers=headers)
        assert (response.status, response.header("Content-Type")) == (200, "application/gzip")
        assert response.header("Content-Encoding") == ""
        assert response.body == stored(site, f"doc/{ENTITY}.ttl").read_bytes()


def test_kind_without_slash_redirects_to_the_listing(nginx):
    response = nginx.get("/doc/question")
    assert response.status == 301
    assert response.header("Location") == "/doc/question/"


# --- other files ---------------------------------------------------------------------------


@pytest.mark.parametrize(("extension", "content_type"), DUMP_TYPES)
def test_a_dump_at_its_unpacked_name_is_unpacked_for_a_client_without_gzip(nginx, site, extension, content_type):
    packed = sorted(site.glob(f"dumps/*.{extension}.gz"))
    assert packed, f"no dumps/*.{extension}.gz in {site}"
    for dump in packed:
        response = nginx.get(f"/dumps/{dump.name.removesuffix('.gz')}", "text/html")
        assert (response.status, response.header("Content-Type")) == (200, content_type)
        assert response.header("Content-Encoding") == ""
        assert response.body == gzip.decompress(dump.read_bytes())
        assert "accept-encoding" in vary(response)


def test_a_dump_at_its_unpacked_name_is_the_gzip_file_for_a_client_that_takes_gzip(nginx, site):
    dump = site / "dumps" / "ftsvar.nt.gz"
    response = nginx.get("/dumps/ftsvar.nt", headers={"Accept-Encoding": "gzip"})
    assert (response.status, response.header("Content-Type")) == (200, "application/n-triples; charset=utf-8")
    assert response.header("Content-Encoding") == "gzip"
    assert response.body == dump.read_bytes()


def test_a_dump_that_is_not_there_is_404_under_either_name(nginx):
    for path in ("/dumps/nothing.nt", "/dumps/nothing.nt.gz"):
        assert nginx.get(path, headers={"Accept-Encoding": "gzip"}).status == 404


@pytest.mark.parametrize(("path", "content_type"), [
    ("/", "text/html; charset=utf-8"),
    ("/dumps/", "text/html; charset=utf-8"),
    ("/dumps/SHA256SUMS", "text/plain; charset=utf-8"),
    ("/context.jsonld", "application/ld+json; charset=utf-8"),
    ("/sitemap.xml", "application/xml; charset=utf-8"),
    ("/robots.txt", "text/plain; charset=utf-8"),
    ("/assets/style.css", "text/css; charset=utf-8"),
    ("/doc/answer/index.csv", "text/csv; charset=utf-8"),
    ("/doc/answer/index.json", "application/json; charset=utf-8"),
    ("/doc/answer/year/2016/", "text/html; charset=utf-8"),
    ("/doc/answer/year/2016/index.csv", "text/csv; charset=utf-8"),
    ("/search.html", "text/html; charset=utf-8"),
    ("/assets/search.js", "text/javascript; charset=utf-8"),
    ("/pagefind/indexes.json", "application/json; charset=utf-8"),
    ("/pagefind/answers-0/pagefind.js", "text/javascript; charset=utf-8"),
])
def test_files_have_their_content_type(nginx, path, content_type):
    response = nginx.get(path)
    assert (response.status, response.header("Content-Type")) == (200, content_type)
    assert response.header("Access-Control-Allow-Origin") == "*"
    assert "accept" not in vary(response)


def test_gzip_dumps_are_served_as_the_archives_themselves(nginx, site):
    dumps = sorted(site.glob("dumps/*.gz"))
    assert dumps, f"no dumps/*.gz in {site}"
    for dump in dumps:
        response = nginx.get(f"/dumps/{dump.name}", "text/turtle")
        assert response.status == 200
        assert response.header("Content-Type") == "application/gzip"
        assert response.header("Content-Encoding") == ""
        assert response.body == dump.read_bytes()


# --- what is not there ---------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/doc/question/no-such-question",
    "/doc/question/no-such-question.ttl",
    "/doc/question/no-such-question.ttl.gz",
    "/doc/no-such-kind/",
    "/doc/no-such-kind/index.csv",
    "/doc/answer/page/3.html",
    "/doc/",
    "/.well-known/",
    "/nothing-here",
    "/vocab/",
])
def test_missing_is_404(nginx, path):
    for headers in ({}, GZIP):
        response = nginx.get(path, "text/turtle", headers=headers)
        assert response.status == 404
        assert response.header("Access-Control-Allow-Origin") == "*"


@pytest.mark.parametrize("path", [
    "/doc/../../etc/passwd",
    "/doc/%2e%2e/%2e%2e/etc/passwd",
    "/doc/..%2f..%2fetc/passwd",
    "/doc/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
    "/../outside.txt",
    "/%2e%2e/outside.txt",
    "/doc/..%2f..%2foutside.txt",
    "/id/..%2f..%2foutside",
    "/doc/question/..%2f..%2f..%2foutside",
])
def test_path_traversal_never_reaches_outside_the_site(nginx, path):
    response = nginx.get(path)
    assert response.status in (400, 404)
    assert b"root:" not in response.body
    assert SECRET.encode() not in response.body


# --- a site below the root of the host -----------------------------------------------------


def test_below_a_base_path_id_redirects_within_the_base(nginx_below_base):
    response = nginx_below_base.get(f"/ftsvar/id/{ENTITY}", "text/turtle")
    assert (response.status, response.header("Location")) == (303, f"/ftsvar/doc/{ENTITY}.ttl")
    assert "accept" in vary(response)


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", TURTLE), (None, HTML)])
def test_below_a_base_path_documents_are_negotiated(nginx_below_base, site, accept, fmt):
    response = nginx_below_base.get(f"/ftsvar/doc/{ENTITY}", accept)
    assert (response.status, response.header("Content-Type")) == (200, fmt.content_type)
    assert response.body == served(site, f"doc/{ENTITY}.{fmt.extension}")
    packed = nginx_below_base.get(f"/ftsvar/doc/{ENTITY}", accept, headers=GZIP)
    assert packed.header("Content-Encoding") == "gzip"
    assert packed.text() == response.body
    assert nginx_below_base.get("/ftsvar/vocab", accept).body == (site / f"vocab.{fmt.extension}").read_bytes()


def test_below_a_base_path_id_is_404_for_an_unknown_key(nginx_below_base):
    assert nginx_below_base.get("/ftsvar/id/question/no-such-question", "text/turtle").status == 404


def test_below_a_base_path_listings_are_served(nginx_below_base, site):
    for path, relative in [("/ftsvar/doc/question/", "doc/question/index.html"),
                           ("/ftsvar/doc/answer/index.csv", "doc/answer/index.csv")]:
        assert nginx_below_base.get(path).body == served(site, relative)
        assert nginx_below_base.get(path, headers=GZIP).text() == served(site, relative)


def test_below_a_base_path_nothing_is_served_outside_it(nginx_below_base):
    assert nginx_below_base.get(f"/id/{ENTITY}", "text/turtle").status == 404
    assert nginx_below_base.get("/doc/question/").status == 404
    assert nginx_below_base.get("/ftsvar/doc/question/").status == 200


# --- when nginx cannot start ---------------------------------------------------------------


def test_a_configuration_nginx_rejects_fails_with_nginx_own_words(site, tmp_path):
    (tmp_path / "broken.conf").write_text(hosting.nginx_rules() + "lodpub_no_such_directive on;\n")
    with (
        pytest.raises(pytest.fail.Exception, match='unknown directive "lodpub_no_such_directive"'),
        running_nginx(tmp_path, site, site / "nginx-http.conf", tmp_path / "broken.conf"),
    ):
        pass


# --- caching: what the rules' answers depend on ------------------------------------------------

NEGOTIATED_PATHS = [f"/id/{ENTITY}", f"/doc/{ENTITY}", "/vocab", "/shapes", "/validation", "/.well-known/void"]


@pytest.mark.parametrize("path", NEGOTIATED_PATHS)
@pytest.mark.parametrize("accept", [None, "*/*"])
def test_the_rules_choose_by_accept_alone_so_vary_names_accept_alone(nginx, path, accept):
    """Unlike `lodpub serve`, the rules never read User-Agent: a browser and curl get the same answer,
    and Vary: Accept is the whole truth for a shared cache; with Accept-Encoding where the answer is
    a file of doc/, sent as gzip or unpacked."""
    browser = nginx.get(path, accept, "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")
    program = nginx.get(path, accept, "curl/8.5.0")
    assert (browser.status, browser.header("Location"), browser.body) == (program.status, program.header("Location"), program.body)
    packed = {"accept-encoding"} if path.startswith("/doc/") else set()
    assert vary(browser) == vary(program) == {"accept"} | packed


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", TURTLE), (None, HTML), ("application/ld+json", JSONLD)])
def test_the_vocabulary_version_iri_is_negotiated(nginx, site, accept, fmt):
    response = nginx.get("/vocab/0.1.0", accept)
    assert response.status == 200
    assert response.body == (site / f"vocab/0.1.0.{fmt.extension}").read_bytes()
    assert "accept" in vary(response)


def test_a_vocabulary_version_file_is_served_by_its_suffix(nginx, site):
    response = nginx.get("/vocab/0.1.0.ttl", "text/html")
    assert response.status == 200
    assert response.body == (site / "vocab/0.1.0.ttl").read_bytes()
    assert nginx.get("/vocab/0.1.0.x").status == 404
