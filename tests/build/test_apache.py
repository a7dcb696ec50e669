"""The generated Apache rules (build/.htaccess, build/dumps/.htaccess), served by a real Apache
on loopback: the 303s and negotiation, each dump at its unpacked name from its gzip file, and
every file of doc/, stored gzip-compressed only, at its name without .gz."""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from static_hosts import DUMP_TYPES, ENTITY, PACKED_PATHS, Response, copy_site, fetch, served, serving, stored

MODULES = Path("/usr/lib/apache2/modules")
# Each module's settings as Debian ships them (mime.conf maps .gz to application/x-gzip,
# deflate.conf compresses HTML on the fly, ...), where installed.
MODULE_SETTINGS = Path("/etc/apache2/mods-available")
# What the rules use, and what Debian's apache2 enables by default: a host like that one.
LOADED = ("mpm_event", "authz_core", "dir", "mime", "rewrite", "headers", "deflate", "filter", "negotiation",
          "setenvif")
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@dataclass
class Server:
    port: int

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        """One GET with exactly these headers: no Accept-Encoding unless one is given."""
        return fetch(self.port, path, headers)


def apache_binary() -> str:
    binary = shutil.which("apache2") or ("/usr/sbin/apache2" if Path("/usr/sbin/apache2").exists() else None)
    if binary is None:
        pytest.fail("Apache is not installed (Debian: apt-get install apache2); these tests need a real Apache")
    return binary


def apache_config(run: Path, port: int, root: Path) -> str:
    modules = "\n".join(f"LoadModule {name}_module {MODULES}/mod_{name}.so" for name in LOADED)
    settings = "".join(
        f"Include {MODULE_SETTINGS / name}.conf\n" for name in LOADED if (MODULE_SETTINGS / f"{name}.conf").is_file()
    )
    # Started as root, Apache serves as another user (it refuses to serve as root); as anyone
    # else it keeps its own user, and `User` is ignored.
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    return f"""\
ServerRoot {run}
ServerName localhost
DefaultRuntimeDir {run}
PidFile {run}/apache.pid
Listen 127.0.0.1:{port}
{modules}
{user}ErrorLog {run}/error.log
LogLevel warn
TypesConfig /etc/mime.types
{settings}DocumentRoot {root}
<Directory {root}>
    AllowOverride FileInfo Indexes Options=MultiViews
    Require all granted
</Directory>
"""


@pytest.fixture(scope="module")
def site(apache_home: Path) -> Path:
    """The build/ Apache serves: a copy of the real build (static_hosts.copy_site)."""
    return apache_home / "www"


@pytest.fixture(scope="module")
def apache_home(built_site: Path) -> Iterator[Path]:
    """A folder outside pytest's private temporary folders, readable by all as a web root is: a
    root-started Apache serves as www-data, who cannot read those."""
    home = Path(tempfile.mkdtemp(prefix="lodpub-apache-"))
    try:
        home.chmod(0o755)
        copy_site(built_site, home / "www")
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="module")
def apache(apache_home: Path, site: Path) -> Iterator[Server]:
    """Apache serving a copy of the build at the root of the host, with the rules the build wrote."""
    binary = apache_binary()
    run = apache_home / "run"
    run.mkdir()

    def prepare(port: int) -> tuple[list[str], list[str]]:
        (run / "apache.conf").write_text(apache_config(run, port, site), encoding="utf-8")
        command = [binary, "-f", str(run / "apache.conf")]
        return [*command, "-DFOREGROUND"], [*command, "-t"]

    with serving("Apache", prepare, run / "error.log") as port:
        yield Server(port)


# --- the dumps -----------------------------------------------------------------------------


@pytest.mark.parametrize(("extension", "content_type"), DUMP_TYPES)
def test_a_dump_at_its_unpacked_name_is_unpacked_for_a_client_that_names_no_encoding(
    apache, site, extension, content_type,
):
    packed = sorted(site.glob(f"dumps/*.{extension}.gz"))
    assert packed
    for dump in packed:
        response = apache.get(f"/dumps/{dump.name.removesuffix('.gz')}")
        assert (response.status, response.header("Content-Type")) == (200, content_type)
        assert response.header("Content-Encoding") == ""
        assert response.body == gzip.decompress(dump.read_bytes())


def test_a_dump_at_its_unpacked_name_is_the_gzip_file_for_a_client_that_takes_gzip(apache, site):
    response = apache.get("/dumps/ftsvar.nq", {"Accept-Encoding": "gzip, deflate"})
    assert (response.status, response.header("Content-Type")) == (200, "application/n-quads; charset=utf-8")
    assert response.header("Content-Encoding") == "gzip"
    assert response.body == (site / "dumps" / "ftsvar.nq.gz").read_bytes()
    assert "accept-encoding" in response.vary()


def test_the_gzip_file_itself_is_the_archive(apache, site):
    for headers in ({}, {"Accept-Encoding": "gzip"}):
        response = apache.get("/dumps/ftsvar.ttl.gz", headers)
        assert (response.status, response.header("Content-Type")) == (200, "application/gzip")
        assert response.header("Content-Encoding") == ""
        assert response.body == (site / "dumps" / "ftsvar.ttl.gz").read_bytes()


def test_a_client_that_refuses_gzip_is_told_so_and_never_sent_gzip(apache):
    """Apache unpacks only for a client that names no encoding (hosting.htaccess_dumps)."""
    response = apache.get("/dumps/ftsvar.nt", {"Accept-Encoding": "identity"})
    assert response.status == 406
    assert response.header("Content-Encoding") == ""


def test_a_dump_that_is_not_there_is_404(apache):
    for path in ("/dumps/nothing.nt", "/dumps/nothing.nt.gz"):
        assert apache.get(path).status == 404


# --- the thing itself: 303 See Other ---------------------------------------------------------


@pytest.mark.parametrize("encoding", [{}, GZIP], ids=["plain", "gzip"])
@pytest.mark.parametrize(("accept", "extension"), [
    ("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("text/html", "html"), (None, "html"),
    ("application/n-triples", "html"), ("image/png", "html"),
])
def test_an_entity_uri_is_303_to_its_description_in_the_format_asked_for(apache, accept, extension, encoding):
    response = apache.get(f"/id/{ENTITY}", {"Accept": accept, **encoding} if accept else encoding)
    assert response.status == 303
    assert response.header("Location").endswith(f"/doc/{ENTITY}.{extension}")
    assert response.vary() == {"accept"}
    assert response.header("Access-Control-Allow-Origin") == "*"


def test_an_unknown_entity_uri_is_404_not_a_redirect(apache):
    for headers in ({}, GZIP, {"Accept": "text/turtle"}):
        response = apache.get("/id/question/no-such-question", headers)
        assert response.status == 404
        assert response.header("Access-Control-Allow-Origin") == "*"


# --- a description without a suffix: negotiated ---------------------------------------------

# Accept header and ?format= -> the file the rules choose (docs/site.md), all of whose types the
# Accept header admits (see the last tests for those it does not).
NEGOTIATED = [
    ({}, "", "html"),
    ({"Accept": "text/turtle"}, "", "ttl"),
    ({"Accept": "application/ld+json"}, "", "jsonld"),
    ({"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, "", "html"),
    ({"Accept": "application/ld+json, text/turtle"}, "", "ttl"),
    ({"Accept": "application/rdf+xml, */*;q=0.1"}, "", "html"),
    ({"Accept": "*/*"}, "?format=jsonld", "jsonld"),
    ({}, "?format=ttl", "ttl"),
]


@pytest.mark.parametrize(("headers", "query", "extension"), NEGOTIATED)
def test_a_description_without_a_suffix_is_the_text_of_the_file_chosen_for_a_client_without_gzip(
    apache, site, headers, query, extension,
):
    response = apache.get(f"/doc/{ENTITY}{query}", headers)
    assert response.status == 200
    assert response.header("Content-Type") == content_type(extension)
    assert response.header("Content-Encoding") == ""
    assert response.body == served(site, f"doc/{ENTITY}.{extension}")
    assert response.vary() == {"accept", "accept-encoding"}
    assert response.header("Access-Control-Allow-Origin") == "*"
    assert response.header("Content-Location") == ""  # Apache's negotiation names no other URL


@pytest.mark.parametrize(("headers", "query", "extension"), NEGOTIATED)
def test_a_description_without_a_suffix_is_the_gzip_file_chosen_for_a_client_that_takes_gzip(
    apache, site, headers, query, extension,
):
    response = apache.get(f"/doc/{ENTITY}{query}", {**headers, **GZIP})
    assert response.status == 200
    assert response.header("Content-Type") == content_type(extension)
    assert response.header("Content-Encoding") == "gzip"
    assert response.body == stored(site, f"doc/{ENTITY}.{extension}").read_bytes()
    assert response.text() == apache.get(f"/doc/{ENTITY}{query}", headers).body
    assert response.vary() == {"accept", "accept-encoding"}
    assert response.header("Access-Control-Allow-Origin") == "*"


@pytest.mark.parametrize("headers", [{}, GZIP], ids=["plain", "gzip"])
def test_a_description_that_is_not_there_is_404(apache, headers):
    for path in ("/doc/question/no-such-question", "/doc/no-such-kind/no-such-question"):
        response = apache.get(path, {"Accept": "text/turtle", **headers})
        assert response.status == 404
        assert "accept" in response.vary()
        assert response.header("Access-Control-Allow-Origin") == "*"


# --- every other file of doc/: the same text with and without gzip ----------------------------


def content_type(extension: str) -> str:
    """Written out here rather than taken from the code under test."""
    return {
        "html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json", "csv": "text/csv",
        "json": "application/json",
    }[extension] + "; charset=utf-8"


@pytest.mark.parametrize(("path", "relative", "media_type"), PACKED_PATHS)
@pytest.mark.parametrize("accept", [None, "*/*", "text/html,application/xhtml+xml,*/*;q=0.8"])
def test_a_file_of_doc_is_its_text_for_a_client_that_names_no_encoding(apache, site, path, relative, media_type, accept):
    response = apache.get(path, {"Accept": accept} if accept else {})
    assert (response.status, response.header("Content-Type")) == (200, media_type)
    assert response.header("Content-Encoding") == ""
    assert response.body == served(site, relative)
    assert response.vary() == {"accept-encoding"}
    assert response.header("Access-Control-Allow-Origin") == "*"
    assert response.header("Content-Location") == ""


@pytest.mark.parametrize(("path", "relative", "media_type"), PACKED_PATHS)
@pytest.mark.parametrize("accept", [None, "text/turtle", "image/png"])
def test_a_file_of_doc_is_the_gzip_file_for_a_client_that_takes_gzip_whatever_accept(
    apache, site, path, relative, media_type, accept,
):
    response = apache.get(path, {"Accept": accept, **GZIP} if accept else GZIP)
    assert (response.status, response.header("Content-Type")) == (200, media_type)
    assert response.header("Content-Encoding") == "gzip"
    assert response.body == stored(site, relative).read_bytes()
    assert response.text() == apache.get(path).body == served(site, relative)
    assert response.vary() == {"accept-encoding"}
    assert response.header("Access-Control-Allow-Origin") == "*"


def test_a_stored_gzip_file_of_doc_asked_for_by_its_own_name_is_the_archive(apache, site):
    """As `lodpub serve` and nginx send it: the file itself, never unpacked, no Content-Encoding."""
    for headers in ({}, GZIP):
        response = apache.get(f"/doc/{ENTITY}.ttl.gz", headers)
        assert (response.status, response.header("Content-Type")) == (200, "application/gzip")
        assert response.header("Content-Encoding") == ""
        assert response.body == stored(site, f"doc/{ENTITY}.ttl").read_bytes()


def test_a_kind_without_a_slash_redirects_to_its_listing(apache):
    for headers in ({}, GZIP):
        response = apache.get("/doc/question", headers)
        assert response.status == 301
        assert response.header("Location").endswith("/doc/question/")


# The site's own resources, each a few files that are not stored packed. /vocab has a folder of
# its name beside it (vocab/, its released versions), which mod_dir would answer with a 301.
@pytest.mark.parametrize("path", ["/vocab", "/shapes", "/validation", "/.well-known/void"])
@pytest.mark.parametrize(("accept", "extension", "media_type"), [
    ("text/turtle", "ttl", "text/turtle"), ("application/ld+json", "jsonld", "application/ld+json"),
    ("application/n-triples", "nt", "application/n-triples"), ("application/rdf+xml", "rdf", "application/rdf+xml"),
    ("text/html", "html", "text/html"), (None, "html", "text/html"),
])
def test_site_resources_are_negotiated(apache, site, path, accept, extension, media_type):
    file = site / f"{path.lstrip('/')}.{extension}"
    response = apache.get(path, {"Accept": accept} if accept else {})
    assert "accept" in response.vary()
    if not file.exists():  # a build may offer fewer formats of, say, the validation report
        assert response.status == 404
        return
    assert (response.status, response.header("Content-Type")) == (200, f"{media_type}; charset=utf-8"), path
    assert response.body == file.read_bytes()


def test_the_folder_beside_the_vocabulary_is_no_page_of_its_own(apache):
    """vocab/ holds the released versions (vocab/0.1.0.ttl); it has no index, so it is 404."""
    assert apache.get("/vocab/").status == 404


@pytest.mark.parametrize("headers", [{}, GZIP], ids=["plain", "gzip"])
@pytest.mark.parametrize("path", [
    "/doc/question/no-such-question.ttl",
    "/doc/question/no-such-question.ttl.gz",
    "/doc/no-such-kind/",
    "/doc/no-such-kind/index.csv",
    "/doc/answer/page/3.html",
    "/doc/",
])
def test_a_file_of_doc_that_is_not_there_is_404(apache, path, headers):
    response = apache.get(path, headers)
    assert response.status == 404
    assert response.header("Access-Control-Allow-Origin") == "*"


def test_other_files_are_sent_as_they_are_and_not_said_to_depend_on_accept(apache, site):
    for path, relative in (("/", "index.html"), ("/vocab.ttl", "vocab.ttl"), ("/search.html", "search.html")):
        for headers in ({}, GZIP):
            response = apache.get(path, headers)
            assert response.status == 200
            assert response.text() == (site / relative).read_bytes()  # gzip on the fly, if the host does
            assert "accept" not in response.vary()
        assert apache.get(path).header("Content-Encoding") == ""


# --- what Apache cannot do (hosting.htaccess says so) --------------------------------------


@pytest.mark.parametrize("refusal", ["identity", "gzip;q=0", "identity, gzip; q=0.0"])
@pytest.mark.parametrize("path", [f"/doc/{ENTITY}", f"/doc/{ENTITY}.ttl", "/doc/answer/", "/doc/answer/index.csv"])
def test_a_client_that_refuses_gzip_gets_406_for_a_file_of_doc(apache, path, refusal):
    """mod_deflate unpacks only for a client that names no encoding, as for the dumps; nginx and
    `lodpub serve` send such a client the text. Naming gzip with weight 0 refuses it too."""
    response = apache.get(path, {"Accept-Encoding": refusal})
    assert response.status == 406
    assert response.header("Content-Encoding") == ""


@pytest.mark.parametrize(("path", "accept", "relative", "extension"), [
    (f"/doc/{ENTITY}", "application/n-triples", f"doc/{ENTITY}.html", "html"),  # not written: the page
    (f"/doc/{ENTITY}", "image/png", f"doc/{ENTITY}.html", "html"),
    (f"/doc/{ENTITY}?format=ttl", "text/html", f"doc/{ENTITY}.ttl", "ttl"),
    (f"/doc/{ENTITY}.ttl", "text/html", f"doc/{ENTITY}.ttl", "ttl"),
    ("/doc/answer/", "text/turtle", "doc/answer/index.html", "html"),
    ("/doc/answer/index.csv", "application/json", "doc/answer/index.csv", "csv"),
])
def test_a_client_without_gzip_whose_accept_leaves_out_the_file_chosen_gets_406(
    apache, site, path, accept, relative, extension,
):
    """Only Apache's own negotiation (MultiViews) takes a .gz file without a rewrite, which
    mod_deflate needs to unpack it; it checks the file's type against Accept. A client that takes
    gzip gets the file the rules choose, as nginx and `lodpub serve` send it to any client."""
    assert apache.get(path, {"Accept": accept}).status == 406
    response = apache.get(path, {"Accept": accept, **GZIP})
    assert (response.status, response.header("Content-Type")) == (200, content_type(extension))
    assert response.text() == served(site, relative)


# --- the rest ---------------------------------------------------------------------------------


def test_open_to_scripts_on_any_site_and_404_for_what_is_not_there(apache):
    assert apache.get("/dumps/").header("Access-Control-Allow-Origin") == "*"
    assert apache.get("/nothing-here").status == 404
