"""The generated static-hosting files as text: sitemap, robots, and the nginx and Apache rules."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lodpub.build import hosting
from lodpub.core.formats import BY_NAME, DOCUMENT_FORMATS, WRITTEN_DOCUMENT_FORMATS

SITE_MD = Path(__file__).resolve().parents[2] / "docs" / "site.md"
BASE = "https://w3id.org/ftsvar/"
NS = {"s": hosting.SITEMAP_NS}


def locs(text: str) -> list[str]:
    return [loc.text for loc in ET.fromstring(text).findall("s:url/s:loc", NS)]


# --- sitemap.xml and robots.txt ------------------------------------------------------------


def test_sitemap_is_well_formed_with_sorted_full_urls():
    text = hosting.sitemap(BASE, ["vocab", "doc/question/20151-uui-896", "", "doc/answer/20151-uui-896"])
    root = ET.fromstring(text)
    assert root.tag == f"{{{hosting.SITEMAP_NS}}}urlset"
    assert locs(text) == [
        BASE,
        BASE + "doc/answer/20151-uui-896",
        BASE + "doc/question/20151-uui-896",
        BASE + "vocab",
    ]


def test_sitemap_escapes_locs():
    text = hosting.sitemap(BASE, ["doc/x?a=1&b=2", "doc/<æ>"])
    assert "&amp;" in text and "<æ>" not in text
    assert locs(text) == [BASE + "doc/%3C%C3%A6%3E", BASE + "doc/x%3Fa=1&b=2"]


def test_sitemap_lists_each_url_once_whatever_the_order():
    one = hosting.sitemap(BASE, ["vocab", "/vocab", "shapes"])
    other = hosting.sitemap(BASE.rstrip("/"), ["shapes", "vocab"])
    assert one == other
    assert locs(one) == [BASE + "shapes", BASE + "vocab"]


def test_sitemap_has_no_lastmod_unless_given():
    assert "lastmod" not in hosting.sitemap(BASE, ["vocab"])
    dated = ET.fromstring(hosting.sitemap(BASE, ["vocab", "shapes"], lastmod="2016-09-07"))
    assert [e.text for e in dated.findall("s:url/s:lastmod", NS)] == ["2016-09-07", "2016-09-07"]


def test_sitemap_of_nothing_is_still_a_sitemap():
    assert locs(hosting.sitemap(BASE, [])) == []


@pytest.mark.parametrize("base", ["w3id.org/ftsvar/", "/ftsvar/", "ftp://example.org/"])
def test_sitemap_needs_an_absolute_http_base(base):
    with pytest.raises(ValueError, match="absolute"):
        hosting.sitemap(base, ["vocab"])


def test_robots_allows_all_and_names_the_sitemap():
    lines = hosting.robots(BASE).splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: https://w3id.org/ftsvar/sitemap.xml" in lines
    assert not any(line.startswith("Disallow:") and line.split(":", 1)[1].strip() for line in lines)


# --- a site too large for one sitemap ------------------------------------------------------

PAGES = ["", "vocab", "shapes", "validation", ".well-known/void", "dumps/"] + [
    f"doc/question/2015{n:02d}-uui-{n}" for n in range(20)
]


def urlset_locs(text: str) -> list[str]:
    """The URLs of a sitemap, checked to be one in the sitemaps namespace (<urlset> of <url>)."""
    root = ET.fromstring(text)
    assert root.tag == f"{{{hosting.SITEMAP_NS}}}urlset"
    assert all(child.tag == f"{{{hosting.SITEMAP_NS}}}url" for child in root)
    assert all(len(url.findall("s:loc", NS)) == 1 for url in root)
    return locs(text)


def index_locs(text: str) -> list[str]:
    """The sitemaps a sitemap index names, checked to be one (<sitemapindex> of <sitemap>)."""
    root = ET.fromstring(text)
    assert root.tag == f"{{{hosting.SITEMAP_NS}}}sitemapindex"
    assert all(child.tag == f"{{{hosting.SITEMAP_NS}}}sitemap" for child in root)
    assert all(len(entry.findall("s:loc", NS)) == 1 for entry in root)
    return [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]


def test_pages_that_fit_keep_one_sitemap_as_before():
    assert hosting.sitemaps(BASE, PAGES) == {"sitemap.xml": hosting.sitemap(BASE, PAGES)}
    assert hosting.sitemaps(BASE, []) == {"sitemap.xml": hosting.sitemap(BASE, [])}


def test_pages_exactly_at_the_limit_still_fit_one_sitemap(monkeypatch):
    monkeypatch.setattr(hosting, "SITEMAP_MAX_URLS", len(PAGES))
    assert list(hosting.sitemaps(BASE, PAGES)) == ["sitemap.xml"]
    assert len(urlset_locs(hosting.sitemaps(BASE, PAGES)["sitemap.xml"])) == len(PAGES)


@pytest.mark.parametrize("limit", [6, 13, len(PAGES) - 1])
def test_more_pages_than_the_limit_give_an_index_of_parts(monkeypatch, limit):
    monkeypatch.setattr(hosting, "SITEMAP_MAX_URLS", limit)
    files = hosting.sitemaps(BASE, PAGES)
    parts = {name: text for name, text in files.items() if name != "sitemap.xml"}
    assert len(parts) > 1
    assert all(re.fullmatch(r"sitemap-[1-9][0-9]*\.xml", name) for name in parts)

    named = index_locs(files["sitemap.xml"])
    assert sorted(named) == sorted(BASE + name for name in parts)
    assert len(named) == len(set(named))

    listed = [url for text in parts.values() for url in urlset_locs(text)]
    assert sorted(listed) == sorted(BASE + page for page in PAGES)  # each page once, no more
    assert all(len(urlset_locs(text)) <= limit for text in parts.values())


def test_parts_stay_within_the_byte_limit(monkeypatch):
    whole = len(hosting.sitemap(BASE, PAGES).encode("utf-8"))
    limit = whole // 3
    monkeypatch.setattr(hosting, "SITEMAP_MAX_BYTES", limit)
    files = hosting.sitemaps(BASE, PAGES)
    assert len(files) > 3
    assert all(len(text.encode("utf-8")) <= limit for text in files.values())
    listed = [url for name, text in files.items() if name != "sitemap.xml" for url in urlset_locs(text)]
    assert sorted(listed) == sorted(BASE + page for page in PAGES)


def test_split_sitemaps_are_the_same_whatever_the_order_of_pages(monkeypatch):
    monkeypatch.setattr(hosting, "SITEMAP_MAX_URLS", 6)
    assert hosting.sitemaps(BASE, PAGES) == hosting.sitemaps(BASE.rstrip("/"), list(reversed(PAGES)) + PAGES)


def test_split_sitemaps_date_their_urls_and_parts_only_when_asked(monkeypatch):
    monkeypatch.setattr(hosting, "SITEMAP_MAX_URLS", 6)
    assert not any("lastmod" in text for text in hosting.sitemaps(BASE, PAGES).values())
    dated = hosting.sitemaps(BASE, PAGES, lastmod="2016-09-07")
    for text in dated.values():
        root = ET.fromstring(text)
        assert [e.text for e in root.iter(f"{{{hosting.SITEMAP_NS}}}lastmod")] == ["2016-09-07"] * len(root)


def test_index_names_parts_below_the_base_path(monkeypatch):
    monkeypatch.setattr(hosting, "SITEMAP_MAX_URLS", 6)
    files = hosting.sitemaps("http://example.org/a/b", PAGES)
    assert all(url.startswith("http://example.org/a/b/sitemap-") for url in index_locs(files["sitemap.xml"]))


def test_a_site_too_large_even_for_an_index_is_refused(monkeypatch):
    monkeypatch.setattr(hosting, "SITEMAP_MAX_URLS", 2)  # 26 pages: 13 parts, more than an index may name
    with pytest.raises(ValueError, match="sitemap"):
        hosting.sitemaps(BASE, PAGES)


def test_robots_names_sitemap_xml_however_the_sitemaps_are_split(monkeypatch):
    monkeypatch.setattr(hosting, "SITEMAP_MAX_URLS", 6)
    assert "sitemap.xml" in hosting.sitemaps(BASE, PAGES)
    assert f"Sitemap: {BASE}sitemap.xml" in hosting.robots(BASE).splitlines()


def test_both_rules_serve_every_sitemap_file_as_xml(monkeypatch):
    monkeypatch.setattr(hosting, "SITEMAP_MAX_URLS", 6)
    for name in hosting.sitemaps(BASE, PAGES):
        ext = name.rsplit(".", 1)[1]
        assert f"        application/xml {ext};\n" in hosting.nginx_rules()
        assert f"AddType application/xml .{ext}\n" in hosting.htaccess()
        assert name not in hosting.nginx_rules() + hosting.htaccess()  # no rule of its own to update


# --- what docs/site.md promises ------------------------------------------------------------


def site_media_types() -> list[str]:
    """The negotiated media types of docs/site.md, in its order of preference."""
    text = SITE_MD.read_text(encoding="utf-8")
    offered = text[text.index("Offered formats"):].split("\n\n", 1)[0]
    return re.findall(r"\(`([a-z]+/[a-z0-9.+-]+)`\)", offered)


def site_extensions() -> set[str]:
    """Every file extension named in docs/site.md (`.ttl`, `index.html`, ...), rules aside."""
    text = SITE_MD.read_text(encoding="utf-8")
    return set(re.findall(r"\.([a-z]+)`", text)) - {"htaccess", "conf", "ext", "toml"}


# The media type each extension must be served as: the formats table, and the usual types.
EXPECTED_TYPES = {f.extension: f.media_type for f in BY_NAME.values()} | {
    "gz": "application/gzip", "css": "text/css", "xml": "application/xml", "txt": "text/plain",
    "csv": "text/csv", "json": "application/json", "js": "text/javascript",
}


def test_site_md_is_read_as_expected():
    assert site_media_types() == [f.media_type for f in DOCUMENT_FORMATS]
    assert {"html", "ttl", "jsonld", "nt", "rdf", "nq", "trig", "gz", "css"} <= site_extensions()
    assert site_extensions() <= EXPECTED_TYPES.keys(), "a new kind of file: say its media type here"


@pytest.mark.parametrize("media_type", site_media_types())
def test_both_rules_negotiate_every_media_type_of_site_md(media_type):
    fmt = next(f for f in DOCUMENT_FORMATS if f.media_type == media_type)
    escaped = hosting.regex_escape(media_type)
    assert re.search(rf'^    "~\*[^"]*{re.escape(escaped)}[^"]*" {fmt.extension};$',
                     hosting.nginx_http_rules(), re.M)
    assert re.search(rf'^RewriteCond %{{HTTP:Accept}} "[^"]*{re.escape(escaped)}[^"]*" \[NC,NV\]\n'
                     rf"RewriteRule \^ - \[E=LODPUB_EXT:{fmt.extension}\]$", hosting.htaccess(), re.M)


@pytest.mark.parametrize("ext", sorted(site_extensions()))
def test_both_rules_type_every_extension_of_site_md(ext):
    media_type = EXPECTED_TYPES[ext]
    assert f"        {media_type} {ext};\n" in hosting.nginx_rules()
    assert f"AddType {media_type} .{ext}\n" in hosting.htaccess()
    if ext != "gz":  # text: UTF-8 said in the header
        assert re.search(rf"charset_types [^;]*\b{re.escape(media_type)}\b", hosting.nginx_rules())
        assert re.search(rf"^AddCharset utf-8 .*\.{ext}\b", hosting.htaccess(), re.M)


def test_gzip_dumps_are_archives_without_a_charset():
    assert "application/gzip" not in re.search(r"charset_types ([^;]*);", hosting.nginx_rules()).group(1)
    assert "ForceType application/gzip" in hosting.htaccess()
    assert "RemoveEncoding .gz" in hosting.htaccess()


# --- the negotiation the rules encode, run in Python ---------------------------------------


def nginx_choice(accept: str | None, variable: str = "lodpub_accept_ext") -> str:
    """What nginx's map picks: the first regex that matches, else the default."""
    text = hosting.nginx_http_rules()
    block = text[text.index(f"map $http_accept ${variable} "):].split("}", 1)[0]
    for pattern, ext in re.findall(r'^    "~\*(.*)" (\w+);$', block, re.M):
        if accept is not None and re.search(pattern, accept, re.I):
            return ext
    return re.search(r"default (\w+);", block).group(1)


def apache_choice(accept: str | None, variable: str = "LODPUB_EXT") -> str:
    """What the .htaccess picks: each matching condition overrides the one before."""
    text = hosting.htaccess()
    ext = re.search(rf"^RewriteRule \^ - \[E={variable}:(\w+)\]$", text, re.M).group(1)  # unconditional
    for pattern, candidate in re.findall(
        rf'^RewriteCond %\{{HTTP:Accept\}} "(.*)" \[NC,NV\]\nRewriteRule \^ - \[E={variable}:(\w+)\]$', text, re.M
    ):
        if re.search(pattern, accept or "", re.I):
            ext = candidate
    return ext


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

CHOICES = [
    (None, "html"),
    ("", "html"),
    ("*/*", "html"),
    (BROWSER, "html"),
    ("text/html", "html"),
    ("application/xhtml+xml", "html"),
    ("text/turtle", "ttl"),
    ("Text/Turtle", "ttl"),
    ("application/x-turtle", "ttl"),
    ("text/turtle;q=0.9", "ttl"),
    (" text/turtle ; charset=utf-8", "ttl"),
    ("application/ld+json", "jsonld"),
    ('application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"', "jsonld"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "rdf"),
    ("application/rdf+xml, application/n-triples, application/ld+json", "jsonld"),
    ("text/turtle, text/html", "html"),  # equal: HTML is preferred
    ("text/turtlex", "html"),
    ("application/json", "html"),
    ("image/png", "html"),
]


@pytest.mark.parametrize(("accept", "ext"), CHOICES)
def test_nginx_and_apache_choose_the_same_format(accept, ext):
    assert nginx_choice(accept) == ext
    assert apache_choice(accept) == ext


# What an entity's description gets on a static host: only formats build/ holds for it, and
# HTML for any other, as for a format nobody offers.
ENTITY_CHOICES = [(accept, ext if ext in {f.extension for f in WRITTEN_DOCUMENT_FORMATS} else "html")
                  for accept, ext in CHOICES]


@pytest.mark.parametrize(("accept", "ext"), ENTITY_CHOICES)
def test_for_an_entity_nginx_and_apache_choose_the_same_written_format(accept, ext):
    assert nginx_choice(accept, "lodpub_doc_accept_ext") == ext
    assert apache_choice(accept, "LODPUB_DOC_EXT") == ext


def test_n_triples_and_rdf_xml_get_html_for_an_entity_and_themselves_for_the_vocabulary():
    for accept in ("application/n-triples", "application/rdf+xml", "text/plain"):
        assert nginx_choice(accept, "lodpub_doc_accept_ext") == apache_choice(accept, "LODPUB_DOC_EXT") == "html"
        assert nginx_choice(accept) == apache_choice(accept) in ("nt", "rdf")


def test_format_parameter_names_every_document_format():
    formats = re.findall(r"format=\(([^)]*)\)", hosting.htaccess())
    assert [names.split("|") for names in formats] == [
        [f.name for f in DOCUMENT_FORMATS], [f.name for f in WRITTEN_DOCUMENT_FORMATS]]
    for fmt in DOCUMENT_FORMATS:
        assert f"    {fmt.name} {fmt.extension};\n" in hosting.nginx_http_rules()


# --- which URLs the rules cover ------------------------------------------------------------


def nginx_location(pattern_start: str, base_path: str = "/") -> re.Pattern[str]:
    line = next(line for line in hosting.nginx_rules(base_path).splitlines()
                if line.strip().startswith(f"location ~ ^{pattern_start}"))
    pcre = line.strip().removeprefix("location ~ ").removesuffix(" {")
    return re.compile(pcre.replace("(?<", "(?P<"))  # Python spells named groups its own way


def test_negotiated_urls_are_those_of_site_md():
    documents, negotiated = nginx_location("/doc"), nginx_location("/(vocab")
    for path in ("/doc/question/20151-uui-896", "/doc/offer-kind/mother-group"):
        assert documents.match(path) and not negotiated.match(path), path
    for path in ("/vocab", "/shapes", "/validation", "/.well-known/void", "/vocab/0.1.0"):
        assert negotiated.match(path) and not documents.match(path), path
    for path in ("/doc/question/20151-uui-896.ttl", "/doc/question/", "/doc/Question/x", "/doc/q/-x",
                 "/vocabx", "/.well-knownXvoid", "/dumps/ftsvar"):
        assert not negotiated.match(path) and not documents.match(path), path


def test_entity_documents_are_negotiated_among_the_formats_written_the_rest_among_all():
    nginx, apache = hosting.nginx_rules(), hosting.htaccess()
    # An entity's files are under doc/, in build/ as .gz only, which try_files cannot see: the
    # chosen format's name is rewritten to and sent from its .gz file as every file of doc/ is.
    assert "rewrite ^ $uri.$lodpub_doc_ext break;" in nginx
    assert "return 303 /doc/$lodpub_kind/$lodpub_key.$lodpub_doc_ext;" in nginx
    assert "try_files $uri.$lodpub_ext =404;" in nginx
    # Apache likewise: to a client that takes gzip, the chosen written format's .gz file.
    assert "RewriteRule ^(doc/[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*)$ $1.%{ENV:LODPUB_DOC_EXT}.gz [E=LODPUB_VARY:1,END]" in apache
    # and to any other, the file Apache's negotiation takes, among the written formats too.
    assert set(re.findall(r"LODPUB_DOC_CHOICE=(\w+)", apache)) == {f.extension for f in WRITTEN_DOCUMENT_FORMATS}
    assert "doc/$1/$2.%{ENV:LODPUB_DOC_EXT} [R=303," in apache
    assert re.search(r"^RewriteRule \^\(vocab\|.*\$ \$1\.%\{ENV:LODPUB_EXT\} ", apache, re.M)


def test_id_rule_takes_only_keys():
    ids = nginx_location("/id/")
    assert ids.match("/id/question/20151-uui-896").group("lodpub_kind", "lodpub_key") == (
        "question", "20151-uui-896")
    for path in ("/id/question/20151-UUI-896", "/id/question/a.b", "/id/question/x/y", "/id/question/-x"):
        assert not ids.match(path), path


def test_base_path_prefixes_every_rule():
    rules = hosting.nginx_rules("ftsvar")
    assert rules == hosting.nginx_rules("/ftsvar/")
    assert "location /ftsvar/ {" in rules
    assert "return 303 /ftsvar/doc/$lodpub_kind/$lodpub_key.$lodpub_doc_ext;" in rules
    assert "location = /ftsvar/dumps/SHA256SUMS {" in rules
    assert nginx_location("/ftsvar/id/", "/ftsvar/").match("/ftsvar/id/question/20151-uui-896")
    assert not nginx_location("/ftsvar/id/", "/ftsvar/").match("/id/question/20151-uui-896")


@pytest.mark.parametrize("base_path", ["/../etc/", "/a b/", "/x;y/", "/{x}/", "/a/./b/"])
def test_base_path_that_needs_escaping_is_refused(base_path):
    with pytest.raises(ValueError, match="base path"):
        hosting.nginx_rules(base_path)


def test_both_nginx_files_agree_on_the_variable():
    for variable in ("$lodpub_ext", "$lodpub_doc_ext"):
        assert f"{variable} {{" in hosting.nginx_http_rules()
        assert f"{variable};" in hosting.nginx_rules() or f"{variable} " in hosting.nginx_rules()
    assert "map " not in hosting.nginx_rules()  # map is http-level only


# --- every rule says why -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["nginx_http_rules", "nginx_rules", "htaccess"])
def test_every_rule_has_a_comment(name):
    """Each paragraph of directives starts with a comment (closing braces aside)."""
    text = getattr(hosting, name)()
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in paragraph.splitlines()]
        assert lines[0].startswith("#") or all(line == "}" for line in lines), paragraph
