"""The generated Apache rules (build/.htaccess, build/dumps/.htaccess), served by a real Apache
on loopback: the 303s and negotiation, and each dump at its unpacked name from its gzip file."""

from __future__ import annotations

import gzip
import http.client
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from static_hosts import DUMP_TYPES, Response, serving

ENTITY = "question/20151-uui-896"
MODULES = Path("/usr/lib/apache2/modules")
# What the rules use, and what Debian's apache2 enables by default: a host like that one.
LOADED = ("mpm_event", "authz_core", "dir", "mime", "rewrite", "headers", "deflate", "filter", "negotiation")


@dataclass
class Server:
    port: int

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        """One GET with exactly these headers: no Accept-Encoding unless one is given."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.putrequest("GET", path, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.endheaders()
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()


def apache_binary() -> str:
    binary = shutil.which("apache2") or ("/usr/sbin/apache2" if Path("/usr/sbin/apache2").exists() else None)
    if binary is None:
        pytest.fail("Apache is not installed (Debian: apt-get install apache2); these tests need a real Apache")
    return binary


def apache_config(run: Path, port: int, root: Path) -> str:
    modules = "\n".join(f"LoadModule {name}_module {MODULES}/mod_{name}.so" for name in LOADED)
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
DocumentRoot {root}
<Directory {root}>
    AllowOverride FileInfo Options=MultiViews
    Require all granted
</Directory>
"""


@pytest.fixture(scope="module")
def apache(built_site: Path) -> Iterator[Server]:
    """Apache serving a copy of the build at the root of the host, with the rules the build wrote.

    The copy is readable by all, as a web root is: a root-started Apache serves as www-data, who
    cannot read pytest's private temporary folders.
    """
    binary = apache_binary()
    home = Path(tempfile.mkdtemp(prefix="lodpub-apache-"))
    try:
        home.chmod(0o755)
        root, run = home / "www", home / "run"
        shutil.copytree(built_site.resolve(), root)
        run.mkdir()
        for path in (home, *root.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)

        def prepare(port: int) -> tuple[list[str], list[str]]:
            (run / "apache.conf").write_text(apache_config(run, port, root), encoding="utf-8")
            command = [binary, "-f", str(run / "apache.conf")]
            return [*command, "-DFOREGROUND"], [*command, "-t"]

        with serving("Apache", prepare, run / "error.log") as port:
            yield Server(port)
    finally:
        shutil.rmtree(home, ignore_errors=True)


# --- the dumps -----------------------------------------------------------------------------


@pytest.mark.parametrize(("extension", "content_type"), DUMP_TYPES)
def test_a_dump_at_its_unpacked_name_is_unpacked_for_a_client_that_names_no_encoding(
    apache, built_site, extension, content_type,
):
    packed = sorted(built_site.glob(f"dumps/*.{extension}.gz"))
    assert packed
    for dump in packed:
        response = apache.get(f"/dumps/{dump.name.removesuffix('.gz')}")
        assert (response.status, response.header("Content-Type")) == (200, content_type)
        assert response.header("Content-Encoding") == ""
        assert response.body == gzip.decompress(dump.read_bytes())


def test_a_dump_at_its_unpacked_name_is_the_gzip_file_for_a_client_that_takes_gzip(apache, built_site):
    response = apache.get("/dumps/ftsvar.nq", {"Accept-Encoding": "gzip, deflate"})
    assert (response.status, response.header("Content-Type")) == (200, "application/n-quads; charset=utf-8")
    assert response.header("Content-Encoding") == "gzip"
    assert response.body == (built_site / "dumps" / "ftsvar.nq.gz").read_bytes()
    assert "accept-encoding" in response.header("Vary").lower()


def test_the_gzip_file_itself_is_the_archive(apache, built_site):
    for headers in ({}, {"Accept-Encoding": "gzip"}):
        response = apache.get("/dumps/ftsvar.ttl.gz", headers)
        assert (response.status, response.header("Content-Type")) == (200, "application/gzip")
        assert response.header("Content-Encoding") == ""
        assert response.body == (built_site / "dumps" / "ftsvar.ttl.gz").read_bytes()


def test_a_client_that_refuses_gzip_is_told_so_and_never_sent_gzip(apache):
    """Apache unpacks only for a client that names no encoding (hosting.htaccess_dumps)."""
    response = apache.get("/dumps/ftsvar.nt", {"Accept-Encoding": "identity"})
    assert response.status == 406
    assert response.header("Content-Encoding") == ""


def test_a_dump_that_is_not_there_is_404(apache):
    for path in ("/dumps/nothing.nt", "/dumps/nothing.nt.gz"):
        assert apache.get(path).status == 404


# --- the rest of the rules, on a real Apache -----------------------------------------------


@pytest.mark.parametrize(("accept", "extension"), [
    ("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("text/html", "html"), (None, "html"),
])
def test_an_entity_uri_is_303_to_its_description_in_the_format_asked_for(apache, accept, extension):
    response = apache.get(f"/id/{ENTITY}", {"Accept": accept} if accept else {})
    assert response.status == 303
    assert response.header("Location").endswith(f"/doc/{ENTITY}.{extension}")
    assert "accept" in response.header("Vary").lower()


def test_a_description_without_a_suffix_is_the_file_of_the_format_asked_for(apache, built_site):
    response = apache.get(f"/doc/{ENTITY}", {"Accept": "text/turtle"})
    assert (response.status, response.header("Content-Type")) == (200, "text/turtle; charset=utf-8")
    assert response.body == (built_site / "doc" / f"{ENTITY}.ttl").read_bytes()


def test_open_to_scripts_on_any_site_and_404_for_what_is_not_there(apache):
    assert apache.get("/dumps/").header("Access-Control-Allow-Origin") == "*"
    assert apache.get("/id/question/no-such-question").status == 404
