"""An entity's files, and a listing page's, taken over from the previous build when nothing
they are made from changed.

Each entity gets a key that changes whenever anything its files (its page and its RDF
documents) are made from changes. After a build is swapped in, the keys are recorded with the
name of the build's folder (.cache/pages/record.json); the next build hard-links an entity's
files from that folder when build/ still points to it and the entity's key is unchanged, and
makes them as before otherwise. A link costs a twentieth of writing the file. The new build is
still a fresh folder swapped in whole; the shared files are never written again (nothing writes
into a file of a build once it is written), so the old build stays what it was.

What an entity's files read (core/descriptions.py, site/pages.py, site/statements.py and the
template): its own triples and those of its hash parts; the labels of every IRI it links to;
the entities that link to it (incoming links, with their labels); for a citation, the verbatim
text and source of the cited document; for an organisation, its statements: each one's triples,
the labels of what a statement links to, and the date of the statement's answer, which the
listings take from the answer's question; and the site (title, base, date, licence), the
project's settings, the prefixes, the code and the templates.

The key, in two hops:

    h(e)    = e's IRI, its own triples and the date the listings give it
    key1(e) = h(e), and (n, h(n)) for every neighbour n of e
    key(e)  = globals, key1(e), and (s, key1(s)) for every entity s that links to e

e links to n when an IRI in e's triples (predicate or object, e's hash parts included) is n or
one of n's hash parts; the neighbours of e are the entities it links to and those that link to
it. Why two hops are enough:

- The label of an IRI is read from the triples whose subject is that IRI: those of the entity
  it belongs to (for a hash part too), or triples outside every entity, which `globals` hashes
  whole (the vocabulary, reference data outside id/). So whatever e shows of a neighbour n
  (label, triples, a cited document's verbatim text and source, an incoming triple, which is n's
  own) is in h(n), and which entities are e's neighbours is in key1(e).
- Only an organisation's page reads two hops out: a statement s links to it (one hop), and the
  page shows the labels of what s links to and the date of s's answer a (two hops, both in
  key1(s)). The date of a comes from a's question, a third hop; but it is in h(a), because h
  folds in the date the listings give each entity. So every read lies within key(e).
- Nothing else reads the index: descriptions leave incoming links out, pages read nothing of
  entities beyond their neighbours, and the listings, the home page and the overview have keys
  of their own or are written afresh by every build.

A listing page's three files (HTML, CSV, JSON) are made from its model alone (site/listings.py:
rows, links, facets, its neighbours' numbers) and the site around it, so the page's key is the
hash of those and `common`; a changed answer whose label and date stay the same leaves every
listing page as it was. The record holds an entity's key by IRI, a page's by path, a search
index shard's by its folder (search.py: a shard is linked whole while none of its pages
changed). One more key covers all listings at once (`listings_fingerprint`: the entities, what
the listings file them under, the labels they show, the site, `common`); while it holds, every
listing file is linked without a page's model being made.

The second hop follows incoming links only, which is all the statements need: following every
neighbour would tie each entity to everything around the hubs it links to (an offer kind, a
large operator), and one changed answer would make a good part of the site again.

`globals` is everything every page reads: the site info as entity pages show it (without the
build's date, the latest date in the data: with it, every answer newer than the others would
make every page again; the date is on the home page, the downloads and the dataset
description), every field of the project (paths relative to its folder), the triples outside
all entities, the bytes of lodpub's modules and templates, and the versions of the libraries
that serialise and render.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import marshal
import os
import pickle
import sys
from collections import defaultdict
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox

from .. import sparql
from ..config import Project
from ..core import digests, layout, packed
from ..core import kept as written
from ..core.dataset import Dataset
from ..core.entities import Entity, Index
from ..core.formats import HTML, RDF_FORMATS, WRITTEN_DOCUMENT_FORMATS
from ..core.triples import oxigraph

RECORD = Path(".cache") / "pages" / "record.json"
KNOWN = Path(".cache") / "pages" / "known.marshal"  # Known, of the last build
# The overview's rows by their responses' keys (site/overview.py): made again only for a response
# whose key changed. At 10,000 answers, making every row took 4.8 to 6.9 s of every build (py-spy);
# the kept rows are 25 MB, read in 1.2 s and written in 0.6 s.
ROWS = Path(".cache") / "pages" / "overview-rows.pickle"
_VERSION = 2  # of the record's layout: a record of another layout is not read
_LIBRARIES = ("pyoxigraph", "jinja2", "markupsafe")


def entity_files(entity: Entity) -> list[str]:
    """The files of an entity under a build, as `_write_entities` writes them: its RDF documents and its page."""
    return [layout.stored(f"{entity.path}.{fmt.extension}") for fmt in WRITTEN_DOCUMENT_FORMATS]


@dataclasses.dataclass(frozen=True)
class Known:
    """What `keys` reads of each entity's own triples, in the dataset of `state` (core/dataset.py):
    a digest of them, and the IRIs under id/ they name, as entities' IRIs (no hash part), its own
    left out. Kept between builds (`KNOWN`): the next build takes each entity's from here unless
    its triples may have changed, where finding them for every entity took 8.8 s of a one-answer
    rebuild at 10,000 answers (py-spy), the largest part of the build's own process."""

    state: bytes
    own: dict[str, bytes]
    named: dict[str, tuple[str, ...]]


def known(index: Index, data: Dataset, before: Known | None = None) -> Known:
    """`Known` of every entity of `index`, made from `data`: taken from `before` for an entity
    whose IRI and hash parts are the subject of no triple changed since (Dataset.changed),
    where `before` is of the dataset the load started from."""
    prefix = index.project.base + "id/"
    reused = before is not None and data.changed is not None and bool(data.since) and before.state == data.since
    touched = {subject[1:-1].split("#", 1)[0] for subject in data.changed if subject[0] == "<"} if reused else set()
    own: dict[str, bytes] = {}
    named: dict[str, tuple[str, ...]] = {}
    for iri, entity in index.entities.items():
        if reused and iri not in touched and iri in before.own:
            own[iri], named[iri] = before.own[iri], before.named[iri]
            continue
        own[iri] = _own(entity)
        values = {t.predicate.value for t in entity.triples}
        values.update(t.object.value for t in entity.triples if isinstance(t.object, ox.NamedNode))
        # Interned, so that each IRI is one string however many entities name it, here and as
        # marshal writes and reads it back: 96 MB at 10,000 answers where they were not.
        named[iri] = tuple(sorted(
            {sys.intern(value.split("#", 1)[0]) for value in values if value.startswith(prefix)} - {iri}
        ))
    return Known(data.state, own, named)


_KNOWN_VERSION = 1  # of the kept file's layout


def read_known(path: Path) -> Known | None:
    """The `Known` kept at `path`, if it is there whole and of this layout."""
    try:
        version, state, own, named = marshal.loads(path.read_bytes())
        if version != _KNOWN_VERSION or not (isinstance(state, bytes) and isinstance(own, dict) and isinstance(named, dict)):
            return None
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return Known(state, own, named)


def keep_known(path: Path, made: Known) -> None:
    if made.state:  # a dataset of no known state: nothing the next build could match it with
        written.write_bytes(path, marshal.dumps((_KNOWN_VERSION, made.state, made.own, made.named)))


def keys(index: Index, common: bytes, dates: dict[str, str], facts: Known) -> dict[str, str]:
    """Every entity's key (hex), by IRI: unchanged only if none of what its files are made from
    changed. `common` is the `fingerprint` of the build, `facts` what `known` found of the
    entities' own triples."""
    entities = index.entities
    own = {
        iri: hashlib.blake2b(facts.own[iri] + dates.get(iri, "").encode("utf-8"), digest_size=16).digest()
        for iri in entities
    }
    linked_from: dict[str, set[str]] = defaultdict(set)  # entity -> the entities that link to it
    neighbours: dict[str, set[str]] = defaultdict(set)
    for iri, named in facts.named.items():
        for other in named:
            if other in entities:
                linked_from[other].add(iri)
                neighbours[iri].add(other)
                neighbours[other].add(iri)
    hop1 = _combined(own, own, neighbours)
    return {iri: key.hex() for iri, key in _combined({iri: common + key for iri, key in hop1.items()}, hop1, linked_from).items()}


def fingerprint(project: Project, index: Index, triples: list[ox.Triple], site) -> bytes:
    """What every entity's files read besides the entities: site, settings, data outside entities, code."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(json.dumps([digests.settings(project), dataclasses.asdict(site)], sort_keys=True, default=str).encode("utf-8"))
    outside, subject, inside = [], None, False
    for triple in triples:  # sorted, so a subject's triples come together
        if triple.subject != subject:
            subject = triple.subject
            inside = isinstance(subject, ox.NamedNode) and subject.value.split("#", 1)[0] in index.entities
        if not inside:
            outside.append(triple)
    digest.update(ox.serialize(oxigraph(outside), format=ox.RdfFormat.N_TRIPLES) or b"")
    package = Path(__file__).resolve().parent.parent
    for path in sorted([*package.rglob("*.py"), *(package / "templates").rglob("*")]):
        if path.is_file():
            digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name} {metadata.version(name)}\0".encode("utf-8"))
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -\0".encode("utf-8"))
    # What packs every file of doc/ reused by these keys (core/packed.py).
    digest.update(f"{packed.VERSION}\0".encode("utf-8"))
    return digest.digest()


LISTINGS = "listings"  # the record's key of all listings together (entities' keys are IRIs, pages' are paths)


def listings_fingerprint(common: bytes, site, index: Index, cases: dict) -> str:
    """A key of every listing at once: what all listing pages are made from. Which entities there
    are (their kinds and keys are in their IRIs), the cases the listings sort and file them by,
    the labels of what they list and of what their rows and facets link (the cases' IRIs), the
    site and `common` (which holds the vocabulary). When it is unchanged no listing page is
    either, and their models need not be made at all: at 10,000 answers, making them to key each
    page takes half a minute. Other labels (an extraction's, a quotation's) are on the pages of
    the entities they belong to alone."""
    digest = hashlib.blake2b(common + repr(site).encode("utf-8"), digest_size=16)
    digest.update("\n".join(index.entities).encode("utf-8"))
    digest.update(repr(cases).encode("utf-8"))
    shown = set(index.entities)
    for case in cases.values():
        for field in dataclasses.fields(case):
            value = getattr(case, field.name)
            if isinstance(value, tuple):
                shown.update(value)
    digest.update(repr([(iri, index.labels[iri]) for iri in sorted(shown) if iri in index.labels]).encode("utf-8"))
    return digest.hexdigest()


# The validation report's files (build/__init__.py), kept together under one key.
REPORT_FILES = [f"{layout.VALIDATION}.{fmt.extension}" for fmt in (*RDF_FORMATS, HTML)]


def report_key(common: bytes, site, digest: bytes, shapes: bytes) -> str:
    """The key of the validation report's files: the report (validate.Report.digest), the shapes
    it was made with (their text), the site around it (with the build's date) and `common`."""
    summed = hashlib.blake2b(common + repr(site).encode("utf-8") + digest, digest_size=16)
    summed.update(shapes)
    return summed.hexdigest()


class ListingKeys:
    """The key of each listing page's files: its model says all they show (rows, links, facets,
    neighbours), the site all around it (with the build's date), `common` the code and settings.

    The facets are the same model on every page of a listing's folder (site/listings.py), and
    most of a page's model at 10,000 answers; they are hashed once per folder.
    """

    def __init__(self, common: bytes, site):
        self.start = hashlib.blake2b(common + repr(site).encode("utf-8"), digest_size=16).digest()
        self._facets: tuple | None = None  # held, so the identity check cannot match a newer model
        self._facets_digest = b""

    def key(self, page, rows: list[bytes]) -> str:
        """The key of `page` (its model without items) whose rows' items have the digests `rows`
        (Listings.row_digest)."""
        if page.facets is not self._facets:
            self._facets = page.facets
            self._facets_digest = hashlib.blake2b(repr(page.facets).encode("utf-8"), digest_size=16).digest()
        digest = hashlib.blake2b(self.start + self._facets_digest, digest_size=16)
        digest.update(repr(dataclasses.replace(page, facets=(), items=())).encode("utf-8"))
        digest.update(b"".join(rows))
        return digest.hexdigest()


def _own(entity: Entity) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{entity.iri}\0".encode("utf-8"))
    digest.update(ox.serialize(oxigraph(entity.triples), format=ox.RdfFormat.N_TRIPLES) or b"")
    return digest.digest()


def _combined(first: dict[str, bytes], values: dict[str, bytes], others: dict[str, set[str]]) -> dict[str, bytes]:
    """For each entity, a digest of its `first` and, for each of its `others` in order, that
    one's IRI and its `values`. Each entity's part is made once, where most are hashed in by
    thousands of others (the hubs' neighbours)."""
    parts = {iri: iri.encode("utf-8") + b"\0" + value for iri, value in values.items()}
    return {
        iri: hashlib.blake2b(start + b"".join([parts[other] for other in sorted(others.get(iri, ()))]), digest_size=16).digest()
        for iri, start in first.items()
    }


class Reuse:
    """The previous build's files of unchanged entities and listing pages, linked into a new build."""

    def __init__(self, project: Project, builds: Path, cache: bool):
        self.record = project.root / RECORD
        self.folder: Path | None = None
        self.known: dict[str, str] = {}
        self.keys: dict[str, str] = {}
        self.common = b""  # the build's fingerprint, once it is made
        self.cache = cache
        self.rows_file = project.root / ROWS
        self.rows: dict = {}  # this build's overview rows by key, once made, kept by `save`
        self.known_file = project.root / KNOWN
        self.facts: Known | None = None  # what `known` found in this build, kept by `save`
        if cache:
            self.folder, self.known = _previous(self.record, project.build, builds)

    def kept_facts(self) -> Known | None:
        """What `known` found in the build before (`save`); None without the cache."""
        return read_known(self.known_file) if self.cache else None

    def kept_rows(self) -> dict:
        """The overview's rows of the build before, by key: read only when the overview is made,
        and not at all without the cache."""
        return _kept_rows(self.rows_file) if self.cache else {}

    def listing_pages(self, fingerprint: str) -> list[str] | None:
        """The listing pages of the build before (their HTML paths), if its listings had the same
        `listings_fingerprint`; None otherwise. Their keys carry over to this build."""
        self.keys[LISTINGS] = fingerprint
        if self.folder is None or self.known.get(LISTINGS) != fingerprint:
            return None
        pages = sorted(product for product in self.known if product.startswith("doc/"))
        for path in pages:
            self.keys[path] = self.known[path]
        return pages

    def unchanged(self, product: str) -> bool:
        """Whether `product` (an entity's IRI, a listing page's path) has the key it had in the
        build before, whose files may then be linked."""
        key = self.keys.get(product)
        return self.folder is not None and key is not None and self.known.get(product) == key

    def link_files(self, product: str, names: list[str], out: Path) -> bool:
        """Link the files `names` of `product` from the previous build into `out`, if the product
        is `unchanged`; whether done (see `link`)."""
        return self.unchanged(product) and link(self.folder, names, out)

    def link_folder(self, folder: str, key: str, out: Path) -> bool:
        """Link every file under `folder` (a path under the build, ending in /: a search index
        shard) from the previous build into `out`, if its `key` is unchanged; whether done. The
        key is recorded for the next build either way."""
        self.keys[folder] = key
        if self.folder is None or self.known.get(folder) != key:
            return False
        names = [
            f"{os.path.relpath(parent, self.folder)}/{name}"
            for parent, _, files in os.walk(self.folder / folder) for name in sorted(files)
        ]
        return bool(names) and self.link_files(folder, names, out)

    def save(self, folder: Path, inputs: str = "", made: dict | None = None) -> None:
        """Record this build's keys as those of the files in `folder`, the build just swapped in;
        with the digest of its `inputs` (inputs.py) and what `kept` gives back while they hold."""
        stored = {"version": _VERSION, "build": folder.name, "keys": self.keys, "inputs": inputs, "made": made or {}}
        written.write(self.record, json.dumps(stored, separators=(",", ":")))
        written.write_bytes(self.rows_file, pickle.dumps(self.rows, protocol=pickle.HIGHEST_PROTOCOL))
        if self.facts is not None:
            keep_known(self.known_file, self.facts)


def link(folder: Path, names: list[str], out: Path) -> bool:
    """Link the files `names` (paths under a build) from the build in `folder` into `out`; whether
    done. When a file cannot be linked (the build before was removed meanwhile by a build run
    beside this one), the links made are undone and the caller makes the files."""
    # Paths as strings: a link is some 11 µs, and pathlib's joins had added half as much again.
    source, into = os.fspath(folder), os.fspath(out)
    made: list[str] = []
    try:
        for name in names:
            target = f"{into}/{name}"
            try:
                os.link(f"{source}/{name}", target)
            except FileNotFoundError:
                if os.path.isdir(os.path.dirname(target)):
                    raise
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.link(f"{source}/{name}", target)
            made.append(target)
    except OSError:
        for target in made:
            Path(target).unlink(missing_ok=True)
        return False
    return True


def _kept_rows(path: Path) -> dict:
    """The rows `Reuse.save` kept; none where there are none, or not as this code makes them (a
    row made by other code has another key anyway: the code is in every key)."""
    try:
        rows = pickle.loads(path.read_bytes())
    except Exception:  # absent, cut short, or of classes this code no longer has: make every row
        return {}
    return rows if isinstance(rows, dict) else {}


def kept(project: Project, builds: Path, inputs: str) -> dict | None:
    """What the record says of the build served now (its `made`), if that build was made from
    `inputs` and its SPARQL store is still there; None otherwise."""
    stored = _record(project.root / RECORD)
    if stored is None or not inputs or stored.get("inputs") != inputs or not isinstance(stored.get("made"), dict):
        return None
    made, store = stored["made"], stored["made"].get("store")
    if _served(stored, project.build, builds) is None or not isinstance(store, str) or not store:
        return None
    return made if sparql.complete(project.root / store) else None


def _previous(record: Path, build: Path, builds: Path) -> tuple[Path | None, dict[str, str]]:
    """The build folder build/ points to and the keys of its products, if the record is of that folder."""
    stored = _record(record)
    served = _served(stored, build, builds) if stored is not None else None
    if served is None:
        return None, {}
    return served, {iri: key for iri, key in stored["keys"].items() if isinstance(key, str)}


def _record(record: Path) -> dict | None:
    """The record, if there is one of this layout."""
    try:
        stored = json.loads(record.read_text(encoding="utf-8"))
        if stored["version"] != _VERSION or not isinstance(stored["build"], str) or not isinstance(stored["keys"], dict):
            return None
    except (OSError, ValueError, KeyError, TypeError):  # absent or unreadable: make every file
        return None
    return stored


def _served(stored: dict, build: Path, builds: Path) -> Path | None:
    """The folder build/ points to, if it is the build `stored` records."""
    try:
        served = build.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not build.is_symlink() or served.name != stored["build"] or served.parent != builds.resolve() or not served.is_dir():
        return None
    return served
