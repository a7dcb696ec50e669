"""The site's URL layout (docs/site.md), coded once: the build writes it, `lodpub serve` and the
static-host rules answer it.

Paths are relative to the base on the web and to build/ on disk, which have the same layout.
Adding a negotiated resource or a file type here is the whole change: the server, the nginx and
Apache rules and the build's writer all read these names.
"""

from __future__ import annotations

import os
import re

from .formats import BY_EXTENSION, DUMP_FORMATS

# Entity kinds and keys. Kinds follow the same pattern, so one pattern serves both.
KEY = "[a-z0-9][a-z0-9-]*"
KEY_RE = re.compile(KEY)

# Single resources served by negotiation besides doc/{kind}/{key}: each path is also the stem
# of its files (vocab.html, vocab.ttl, ...).
VOCAB = "vocab"
SHAPES = "shapes"
VALIDATION = "validation"
VOID = ".well-known/void"
NEGOTIATED = (VOCAB, SHAPES, VALIDATION, VOID)
# Each released version of the vocabulary at its owl:versionIRI, {base}vocab/{version}, negotiated
# like /vocab: files vocab/{version}.html, .ttl, ... The pattern (a regex) is what the server and
# the static-host rules accept as a version: numbers and dots, so that vocab/0.1.0.ttl is a file
# of version 0.1.0 and never a version of its own.
VERSION = r"[0-9]+(?:\.[0-9]+)*"
VERSION_RE = re.compile(VERSION)
NEGOTIATED_PATTERNS = (f"{VOCAB}/{VERSION}",)
# Those of them at the top of the site, where any other name is a plain file.
TOP_NEGOTIATED = tuple(path for path in NEGOTIATED if "/" not in path)

SPARQL = "sparql"  # the endpoint (lodpub serve only)
DUMPS = "dumps/"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
STYLESHEET = "assets/style.css"
# Each dump's sha256, as sha256sum -c reads them.
DUMP_SUMS = "SHA256SUMS"
# Dumps are written compressed only (a tenth of the bytes); each is also served unpacked at its
# name without this suffix, by `lodpub serve` and by the static-host rules (hosting.py).
PACKED = ".gz"
# So is every file under doc/ (entities' documents and pages, listings): nine in ten of build/'s
# files and four fifths of its bytes, a fifth of that packed. Each is served at its name without
# .gz, as gzip to a client that takes it (the file's own bytes) and unpacked for any other.
PACKED_FOLDER = "doc/"
# Files without an extension that are text: the checksums of the dumps.
PLAIN_TEXT_FILES = (DUMPS + DUMP_SUMS,)

# Files of build/ that are neither RDF nor HTML: extension, media type, whether text (gets a
# charset). Dumps are downloaded compressed, so .gz is the archive itself, never a Content-Encoding.
SITE_FILE_TYPES = (
    ("gz", "application/gzip", False),
    ("css", "text/css", True),
    ("xml", "application/xml", True),
    ("txt", "text/plain", True),
    # Each listing page's rows as a table and as data (listing_page below).
    ("csv", "text/csv", True),
    ("json", "application/json", True),
    # The search page's script; the index beside it (pagefind/*.pf_*, *.pagefind) is bytes.
    ("js", "text/javascript", True),
)
# `lodpub serve` also serves the query page's packaged script and notices, and shows the
# static-host rules of build/ as text.
SERVER_FILE_TYPES = SITE_FILE_TYPES + (
    ("conf", "text/plain", True),
    ("md", "text/plain", True),
)


def dump(name: str, extension: str) -> str:
    """The file of a dump, relative to build/: dumps/{name}.{extension}.gz."""
    return f"{DUMPS}{name}.{extension}{PACKED}"


def packed_dump(relative: str) -> str | None:
    """For the unpacked name of a dump (dumps/ftsvar.nt), the file that holds it
    (dumps/ftsvar.nt.gz); None for any other path."""
    if not relative.startswith(DUMPS) or "/" in relative[len(DUMPS):]:
        return None
    suffix = relative.rpartition(".")[2]
    return relative + PACKED if any(fmt.extension == suffix for fmt in DUMP_FORMATS) else None


def stored(relative: str) -> str:
    """The file of build/ that holds `relative`, a path as served: doc/answer/x.html is in
    doc/answer/x.html.gz; any other path (doc/answer/x.html.gz, the archive itself, too) is its
    own file."""
    packed = relative.startswith(PACKED_FOLDER) and not relative.endswith(PACKED)
    return relative + PACKED if packed else relative


def stored_file(root: str, relative: str) -> tuple[str, bool] | None:
    """The file under `root` that holds `relative` (a path as served) and whether it is packed;
    in a build made before doc/ was stored packed, the file of that name; None when neither is
    a file. One stat() when the file is there: it is asked on every request for an entity."""
    name = stored(relative)
    if os.path.isfile(path := f"{root}/{name}"):
        return path, name != relative
    if name != relative and os.path.isfile(path := f"{root}/{relative}"):
        return path, False
    return None


def served(relative: str) -> str:
    """The path a file of build/ is served at: `stored` undone."""
    return relative.removesuffix(PACKED) if relative.startswith(PACKED_FOLDER) else relative


def document(kind: str, key: str) -> str:
    """Its description, without extension: doc/{kind}/{key} (the files add .html, .ttl, ...)."""
    return f"doc/{kind}/{key}"


def vocab_version(version: str) -> str:
    """A released version of the vocabulary, without extension: vocab/{version}."""
    return f"{VOCAB}/{version}"


def listing(kind: str) -> str:
    """The file listing every entity of a kind."""
    return f"doc/{kind}/index.html"


# Listings: every kind's entities in pages of LISTING_PAGE_SIZE rows, each page as HTML, CSV
# and JSON; answers and questions also per facet value (docs/site.md). A listing lives in a
# folder of its own, doc/{kind}/ or doc/{kind}/{facet}/{value}/: its first page is index.{ext},
# the others page/{n}.{ext}. Entity documents are files doc/{kind}/{key}.{ext}, never folders,
# so no listing can take an entity's URL whatever its key.
LISTING_PAGE_SIZE = 100
LISTING_FORMATS = ("html", "csv", "json")
FACETS = ("year", "committee", "minister", "party", "organisation")
# The overview of the operators' responses, one row per operator.
OVERVIEW = "overview.html"
# The search page, and the index it reads (written by Pagefind at build time).
SEARCH = "search.html"
SEARCH_INDEX = "pagefind/"
SEARCH_SCRIPT = "assets/search.js"


def listing_folder(kind: str, facet: str | None = None, value: str | None = None) -> str:
    """The folder of a listing: doc/{kind}/, or doc/{kind}/{facet}/{value}/ for one facet value."""
    return f"doc/{kind}/" + (f"{facet}/{value}/" if facet else "")


def listing_page(kind: str, number: int = 1, facet: str | None = None, value: str | None = None, ext: str = "html") -> str:
    """One page of a listing: {folder}index.{ext} for the first, {folder}page/{n}.{ext} after it."""
    folder = listing_folder(kind, facet, value)
    return f"{folder}index.{ext}" if number == 1 else f"{folder}page/{number}.{ext}"


def listing_file(kind: str, name: str) -> bool:
    """Whether doc/{kind}/{name} is a file of the kind's listing rather than an entity's document."""
    return name in {f"index.{ext}" for ext in LISTING_FORMATS}


def is_key(text: str) -> bool:
    return KEY_RE.fullmatch(text) is not None


def content_type(path: str) -> str:
    """The Content-Type `lodpub serve` sends for a file of the site (or of the package)."""
    name = path.rpartition("/")[2]
    stem, dot, suffix = name.rpartition(".")
    fmt = BY_EXTENSION.get(suffix) if dot else None
    if fmt is not None:
        return fmt.content_type
    if any(path.endswith("/" + plain) or path == plain for plain in PLAIN_TEXT_FILES):
        return "text/plain; charset=utf-8"
    for extension, media_type, text in SERVER_FILE_TYPES:
        if dot and suffix == extension:
            return f"{media_type}; charset=utf-8" if text else media_type
    return "application/octet-stream"
