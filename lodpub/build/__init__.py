"""`lodpub build`: ontology/ + data/ + shapes/ -> build/, validated first, swapped in atomically.

Phases: validate and load, side by side (validating.py); then, while a forked process writes the
dumps and counts the dataset's terms: entity documents and pages, then listing pages and the
validation report's files, on the same writers (those unchanged linked from the build before,
products.py), Pagefind indexing the entity pages from the time they are written; then the
overview, the search page, the home page and the shapes' page; the SPARQL store is
filled from the N-Quads dump, the first written, meanwhile; the vocabulary pages and the dataset
description once the dumps are written and the terms counted; last the static-hosting files.
Everything is written into a fresh directory under .builds/; only when all of it is written
does the `build` symlink move to it, in one rename, so a failed or killed build leaves the
previous build/ whole and servable. The build it replaces, and the folder a killed build
leaves under .builds/, are removed by the next build while it works (scratch.py); its workers
end with it (lifeline.py).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import gc
import multiprocessing
import os
import subprocess
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator

import pyoxigraph as ox

from .. import lifeline, sparql, validate
from ..config import Project
from ..core import canonical, descriptions, entities, kept_dataset, layout, packed, rebase, serialize
from ..core import dataset as datasets
from ..core.canonical import triple_key
from ..core.formats import JSONLD, NQUADS, RDF_FORMATS, TURTLE, WRITTEN_RDF_FORMATS
from ..core.namespaces import OWL
from ..core.statistics import Statistics
from ..core.triples import Triple
from ..errors import UserError
from ..site import home, listings, overview, specpages, statements
from ..site.pages import Linker, SiteInfo, entity_page, site_info
from ..site.render import render
from . import dumps, hosting, inputs, linking, listing_files, products, scratch, search, validating, void

Progress = Callable[[str, int, int], None]
BUILDS = ".builds"


@dataclass(frozen=True)
class _Site:
    """What every part of the site is made from, and the folder it is written into."""

    project: Project
    data: datasets.Dataset
    index: entities.Index
    site: SiteInfo
    out: Path
    progress: Progress
    reuse: products.Reuse

    @property
    def triples(self) -> list[Triple]:
        return self.data.triples()


@dataclass(frozen=True)
class Summary:
    path: Path
    files: int
    bytes: int
    triples: int
    entities: int
    pages: int
    seconds: float
    warnings: int
    kept: bool = False  # nothing the build is made from changed: the build served now was kept


# What the record keeps of a build's summary (products.kept), for a build that keeps it to say.
_KEPT = ("files", "bytes", "triples", "entities", "warnings")


def build(
    project: Project, progress: Progress | None = None, source_date_epoch: str | None = None, cache: bool = True,
    engine: str = validate.DEFAULT_ENGINE,
) -> Summary:
    """Build the site into build/; validate.InvalidData if any shape is violated.

    With `cache`, the build served now is kept when nothing it is made from changed (inputs.py);
    else validation reuses the reports of unchanged chunks of seeds (.cache/validation), and the
    files of entities and listing pages whose key is unchanged are linked from the build served
    now (.cache/pages, products.py).
    """
    # What _load and the page writers set aside from the collector is its own again at the end,
    # unless the caller had set some of its own aside, which gc.unfreeze would undo too: the
    # build's objects are then freed as ever, and only a cycle among them waits.
    unfreeze = gc.get_freeze_count() == 0
    try:
        return _build(project, progress, source_date_epoch, cache, engine)
    finally:
        if unfreeze:
            gc.unfreeze()


@contextlib.contextmanager
def _set_aside() -> Iterator[None]:
    """What is made inside, with the garbage collector off, then set aside from its passes until
    the build ends (gc.freeze): the dataset, the index of its entities, the listings and the keys.
    Their millions of objects live as long as the build and hold no cycle to collect. At 10,000
    answers the collector's passes over the growing dataset were a fifth of the load (4.4 of
    19.5 s), and over the growing index 1.5 of its 4.0 s; in a forked writer each pass writes
    to every object's header, so the pages that hold them, shared with the build's process,
    are copied."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _load(project: Project, cache: bool) -> datasets.Dataset:
    with _set_aside():
        # Kept for the next build, which parses only the files changed since (kept_dataset.py).
        return datasets.load(project, project.root / kept_dataset.CACHE, kept=cache)


def _build(
    project: Project, progress: Progress | None, source_date_epoch: str | None, cache: bool, engine: str,
) -> Summary:
    progress = progress or (lambda phase, done, total: None)
    started = time.perf_counter()

    made_from = inputs.digest(project, source_date_epoch, engine)
    kept = products.kept(project, project.root / BUILDS, made_from) if cache else None
    if kept is not None and all(isinstance(kept.get(name), int) for name in _KEPT):
        scratch.tidy(project.root / BUILDS, project.build)
        return Summary(
            path=project.build, pages=0, seconds=time.perf_counter() - started, kept=True,
            **{name: kept[name] for name in _KEPT},
        )

    progress("validate", 0, 1)
    # The files are checked as they are written, under the configured base; a build for another
    # base (project.base, `--base`) rewrites what it read, the shapes and the report too.
    configured = project.as_configured()
    shapes = validate.load_shapes(configured)
    # Validated in a process of its own while this one loads the data; nothing is written before
    # the report is in.
    checking = validating.start(configured, shapes, cache, engine)
    try:
        try:
            data = _load(project, cache)
        except Exception:
            # What validation says of the files comes first, as when it ran before the load.
            said = validating.finish(checking)
            if said.violations:
                raise validate.InvalidData(validate.format_text(said, configured)) from None
            raise
        report = validating.finish(checking)
    except BaseException:
        validating.stop(checking)  # interrupted: not waited for at exit
        raise
    if report.violations:
        raise validate.InvalidData(validate.format_text(report, configured))
    progress("validate", 1, 1)
    triples = data.triples()

    # A version IRI the site cannot serve is the user's to mend: said before anything is written.
    vocab_versions(project, _vocabulary(data))

    # A killed build cannot remove its folder; the next build does (see scratch.py).
    with scratch.fresh(project.root / BUILDS, project.build) as out:
        # Entities whose files would come out the same are linked from the build served now.
        reuse = products.Reuse(project, project.root / BUILDS, cache)
        try:
            # The dumps need the data alone, so they are written from here on, on the other core,
            # while this process indexes and keys the entities and writes the pages. When one
            # answer changed, most pages are linked, not written, and the dumps (written whole
            # whatever changed) took longer than all that followed the pages.
            progress("dumps", 0, 1)
            shapes_triples = _rebased(project, canonical.triples_of(shapes))
            writing = dumps.start(data, serialize.serialize(shapes_triples, TURTLE, project), out, cache)
            try:
                with _set_aside():
                    index = entities.index(project, triples)
                site = site_info(project, build_date(triples, source_date_epoch))
                made = _Site(project, data, index, site, out, progress, reuse)
                written, store, sizes = _write_site(made, shapes, shapes_triples, report, writing)
            finally:
                dumps.stop(writing)  # ended already unless this build failed
            final = _swap_in(out, project.build)
        except BaseException:
            scratch.set_aside(out)  # never served; removed by the next build
            raise
        figures = dict(
            files=len(sizes), bytes=sum(sizes.values()), triples=len(triples), entities=len(index.entities),
            warnings=report.warnings,
        )
        held = store.relative_to(project.root).as_posix() if store.is_relative_to(project.root) else str(store)
        # An input changed while the build read it: the build may hold some of each version,
        # so it is recorded as made from nothing the next build could match.
        if inputs.digest(project, source_date_epoch, engine) != made_from:
            made_from = ""
        reuse.save(final, made_from, {**figures, "store": held})
    # The stores of earlier builds, unless a server still reads one.
    sparql.prune(project.root / sparql.STORES, keep=store)
    return Summary(path=project.build, pages=written, seconds=time.perf_counter() - started, **figures)


def _files(folder: Path) -> Iterator[tuple[str, int]]:
    """Each file under `folder`: its path relative to it, and its size. One scandir per folder,
    not a stat per path: the difference is seconds at 10,000 answers."""
    pending = [""]
    while pending:
        relative = pending.pop()
        with os.scandir(folder / relative) as entries:
            for entry in entries:
                path = f"{relative}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path + "/")
                elif entry.is_file(follow_symlinks=False):
                    yield path, entry.stat(follow_symlinks=False).st_size


def build_date(triples: list[ox.Triple], source_date_epoch: str | None) -> str:
    """SOURCE_DATE_EPOCH when given, else the latest date in the data: never the clock."""
    if source_date_epoch:
        try:
            return dt.datetime.fromtimestamp(int(source_date_epoch), dt.timezone.utc).date().isoformat()
        except ValueError:
            raise UserError(f"SOURCE_DATE_EPOCH must be a number of seconds, not {source_date_epoch!r}") from None
    dates = [
        t.object.value for t in triples
        if isinstance(t.object, ox.Literal) and t.object.datatype and t.object.datatype.value.endswith("#date")
    ]
    return max(dates, default="1970-01-01")


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, str):
        content = content.encode("utf-8")
    # Most files go into a folder made for an earlier one: its folder is made when it is missing,
    # not asked for before each of hundreds of thousands of files.
    try:
        file = open(path, "wb")
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        file = open(path, "wb")
    with file:
        file.write(content)


def _write_packed(out: Path, relative: str, content: str | bytes) -> None:
    """A file of doc/ (`relative`, as served), written compressed only (layout.stored)."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    stored = layout.stored(relative)
    _write(out / stored, packed.pack(content) if stored != relative else content)


def _rdf_files(out: Path, stem: str, triples: list[ox.Triple], project: Project, formats=RDF_FORMATS) -> None:
    for fmt in formats:
        _write(out / f"{stem}.{fmt.extension}", serialize.serialize(triples, fmt, project))


# Entities, and listing pages, per task when pages are written on several cores.
PAGE_BATCH = 250
LISTING_BATCH = 25
_PAGES: dict = {}


def _write_entities(iris: list[str]) -> int:
    """Write the RDF documents and the HTML page of each entity; runs in a worker process, or in
    the build's own when there are few."""
    index, project = _PAGES["index"], _PAGES["project"]
    for iri in iris:
        entity = index.entities[iri]
        description = descriptions.describe(entity, index)
        documents = {fmt: serialize.serialize(description, fmt, project) for fmt in WRITTEN_RDF_FORMATS}
        for fmt, content in documents.items():
            _write_packed(_PAGES["out"], f"{entity.path}.{fmt.extension}", content)
        # The page embeds the JSON-LD document as written, not a second serialisation of it.
        page = entity_page(entity, index, description, _PAGES["verbatim"], documents.get(JSONLD))
        if entity.kind == "organisation":
            shown, more, lists = statements.statements(entity, index, Linker(index, page.root), _PAGES["dates"])
            page = dataclasses.replace(page, statements=shown, statements_more=more, statement_listings=lists)
        _write_packed(_PAGES["out"], f"{entity.path}.html", render("entity.html", page=page, root=page.root, site=_PAGES["site"]))
    return len(iris)


def _write_site(made: _Site, shapes, shapes_triples, report, writing: dumps.Writing) -> tuple[int, Path, dict[str, int]]:
    """Write the site into `out`, while `writing` writes the dumps; returns the pages written,
    the SPARQL store filled from its dump, and the size of each file written.

    Entity pages first, so that the search index is made from them while the rest is written
    (only the shards of the index whose pages changed: search.py). Then the listings and
    reference pages; the vocabulary page and the dataset description wait for the dump writer,
    which counts the dataset's terms as well as the dumps' bytes;
    the store is filled from the N-Quads dump, the first written, from the time the page writers
    are forked (no thread may run before: `dumps.listen`).
    """
    project, out, progress, reuse = made.project, made.out, made.progress, made.reuse
    # The SPARQL store of this build, filled as soon as its N-Quads dump is written, while the
    # rest is written, so that `lodpub serve` starts on it instead of loading the dump first.
    # Keyed by the dump's sha256, and made from the store of the build served now when there is
    # one (sparql/store.py).
    dump = layout.dump(project.name, NQUADS.extension)
    previous = project.build.resolve() / dump if reuse.cache else None
    filling: list = []

    def written(path: str) -> None:
        if path == dump:
            filling.append(sparql.fill(out / dump, project.root / sparql.STORES, previous))

    indexing: list[subprocess.Popen] = []  # Pagefind, started once the entity pages are written
    linker = None
    try:
        pages, all_listings, dates, linker, shards = _write_entity_pages(
            made, report, shapes_triples, forked=lambda: dumps.listen(writing, written),
            entities_written=lambda indexed: indexing.append(search.start(out, indexed)),
        )
        rest = _write_rest(made, shapes, shapes_triples, all_listings, dates)
        written_dumps, stats = dumps.finish(writing)
        progress("dumps", 1, 1)
        rest += _write_vocabulary(made, stats)
        rest += _write_description(made, stats, written_dumps)
        progress("search", 0, 1)
        search.finish(indexing[0], out)
        _write(out / layout.SEARCH_INDEX / search.MANIFEST, search.manifest(shards))
        progress("search", 1, 1)
        progress("store", 0, 1)
        store = sparql.filled(filling[0])
        progress("store", 1, 1)
        _settled(made, linker, dates)
    except BaseException:
        if linker is not None:
            linking.stop(linker)
        for started in indexing:
            search.stop(started)
        dumps.stop(writing)  # no store is started after this
        for started in filling:
            started.stop()
        raise
    sizes = _write_hosting(made)
    return pages + rest, store, sizes


def _write_entity_pages(
    made: _Site, report: validate.Report, shapes_triples: list[ox.Triple], forked: Callable[[], None] = lambda: None,
    entities_written: Callable[[list[search.Shard]], None] = lambda indexed: None,
):
    """Every entity's documents and page, every listing page's files and the validation report's,
    those unchanged linked from the build before. Returns the pages written, the listings, the
    date each listed entity is filed under, the linking process still at work (_settled), and the
    search index's shards.
    `forked` is called once the page writers are forked, before they are waited for;
    `entities_written` with the shards to index again (the others are linked from the build
    before) once every entity's page is written, while listing pages may still be."""
    project, triples, index, out, progress, reuse = made.project, made.triples, made.index, made.out, made.progress, made.reuse
    linker = None
    try:
        # The listings and keys live until the build ends, whether page writers are forked or not.
        with _set_aside():
            all_listings = listings.Listings(index)
            dates = {iri: case.date for iri, case in all_listings.cases.items()}
            _PAGES.update(_page_context(made, dates), listings=all_listings)
            reuse.common = products.fingerprint(project, index, triples, _PAGES["site"])
            reuse.facts = products.known(index, made.data, reuse.kept_facts())
            reuse.keys = products.keys(index, reuse.common, dates, reuse.facts)
            # By key, so an answer's entities (question, answer, document, responses, findings share the
            # key's start) go to one worker together, which normalises their cited text once.
            iris = [e.iri for e in sorted(index.entities.values(), key=lambda e: (e.key, e.kind))]
        # The shards of the search index whose pages are unchanged are linked from the build before;
        # the unchanged pages of the others are linked here, for Pagefind to read as soon as the
        # changed pages are written.
        shards = search.shards(search.pages(index, all_listings.cases, reuse.keys), project.search_shard_pages)
        indexed = [shard for shard in shards if not reuse.link_folder(search.folder(shard), shard.key, out)]
        read = {page for shard in indexed for page in shard.pages}
        # The other unchanged entities' files are linked by a process of their own (linking.py),
        # forked before any page writer; when one answer changed, what is left to write is a batch or
        # so of entities, and a pool is forked only if listing pages fill more. Those it cannot link
        # are made once it is done (_settled).
        unchanged: list[str] = []
        fresh: list[str] = []
        for iri in iris:
            if not reuse.unchanged(iri):
                fresh.append(iri)
            elif f"{index.entities[iri].path}.html" not in read:
                unchanged.append(iri)
            elif not reuse.link_files(iri, products.entity_files(index.entities[iri]), out):
                fresh.append(iri)
        if unchanged:
            linker = linking.start(reuse.folder, unchanged, index, out)
        done = len(iris) - len(fresh)
        progress("pages", done, len(iris))
        # The listing pages go to the same writers, after the entities: when answers are added or
        # removed, the rows of most listing pages move, and writing them again on one core was half
        # of such a rebuild.
        progress("listings", 0, 1)
        listing_pages, _LISTINGS[:] = _listing_plan(made, all_listings)
        # Each task a function of this module and its argument: the entities' batches first.
        tasks: list[tuple[Callable[[object], int], object]] = [
            (_write_entities, fresh[i : i + PAGE_BATCH]) for i in range(0, len(fresh), PAGE_BATCH)
        ]
        entity_tasks = len(tasks)
        # The report's files are written beside the listing pages when they changed: made from its
        # graph, seconds at 10,000 answers, which the build's own process then need not hold.
        if not _report_linked(made, report, shapes_triples):
            _PAGES["report"] = report
            tasks.append((_write_report, None))
        tasks += [(_write_listing_pages, range(i, min(i + LISTING_BATCH, len(_LISTINGS))))
                  for i in range(0, len(_LISTINGS), LISTING_BATCH)]
        workers = min(os.cpu_count() or 1, len(tasks))
        with contextlib.ExitStack() as stack:
            if workers > 1:
                # Forked workers share the index already built here instead of receiving a copy;
                # they end with this process, however it ends (lifeline), rather than hold that
                # copy on. map submits every task at once, and a pool forks all its workers at the first.
                fork = multiprocessing.get_context("fork")
                pool = stack.enter_context(ProcessPoolExecutor(
                    workers, fork, initializer=lifeline.started_by, initargs=(os.getpid(),),
                ))
                results = pool.map(_run, tasks)
            else:
                results = map(_run, tasks)  # few: in this process, one after another
            forked()
            if not entity_tasks:
                entities_written(indexed)
            for number, written in enumerate(results, 1):
                if number <= entity_tasks:
                    done += written
                    progress("pages", done, len(iris))
                if number == entity_tasks:
                    entities_written(indexed)
    except BaseException:
        if linker is not None:
            linking.stop(linker)  # else it goes on linking into the folder the failed build set aside
        raise
    finally:
        # The verbatim texts are a copy of every answer's (100 MB and more at 10,000 answers): let go.
        _PAGES.clear()
        _LISTINGS.clear()
    return done + listing_pages, all_listings, dates, linker, shards


def _run(task: tuple[Callable[[object], int], object]) -> int:
    """One task of the page writers (_write_entity_pages): its function on its argument."""
    function, argument = task
    return function(argument)


def _report_linked(made: _Site, report: validate.Report, shapes_triples: list[ox.Triple]) -> bool:
    """Whether the validation report's files are linked from the build before: while the report
    and the site are the same (its graph alone took seconds to make and write at 10,000 answers)."""
    reuse = made.reuse
    shapes_text = "\n".join(map(str, shapes_triples)).encode("utf-8")
    reuse.keys[layout.VALIDATION] = products.report_key(reuse.common, made.site, report.digest, shapes_text)
    return reuse.link_files(layout.VALIDATION, products.REPORT_FILES, made.out)


def _write_report(_=None) -> int:
    """The validation report's files (_PAGES); runs in a page writer, or in the build's own process."""
    report, project, out = _PAGES["report"], _PAGES["project"], _PAGES["out"]
    _rdf_files(out, layout.VALIDATION, _rebased(project, canonical.triples_of(report.graph)), project)
    _write(out / f"{layout.VALIDATION}.html", render(
        "validation.html", conforms=report.conforms, violations=report.violations, warnings=report.warnings,
        page=specpages.report_page(report), root="", site=_PAGES["dated_site"],
    ))
    return 0


def _page_context(made: _Site, dates: dict[str, str]) -> dict:
    """What _write_entities makes the entities' files of (_PAGES), and _write_listing_pages and
    _write_report theirs (which carry the build's date)."""
    project = made.project
    verbatim = {t.subject.value: t.object.value for t in made.triples if t.predicate.value == project.vocab + "verbatimText"}
    # Entity pages carry no build date: a newer answer would otherwise make every page anew.
    site = dataclasses.replace(made.site, date="")
    return dict(index=made.index, verbatim=verbatim, project=project, site=site, out=made.out, dates=dates,
                dated_site=made.site, listing_files=listing_files.ListingFiles(made.site, project.base))


def _settled(made: _Site, linker: linking.Linking | None, dates: dict[str, str]) -> None:
    """Wait for the linking of the unchanged entities' files, and make those it could not link
    (the build before was removed meanwhile)."""
    if linker is not None:
        failed = linking.finish(linker)
        if failed:
            _PAGES.update(_page_context(made, dates))
            try:
                _write_entities(failed)
            finally:
                _PAGES.clear()


def _write_rest(made: _Site, shapes, shapes_triples, all_listings, dates) -> int:
    """The overview, search and home pages, and the shapes' files and page. Returns the pages written."""
    project, triples, index, site, out, progress = made.project, made.triples, made.index, made.site, made.out, made.progress
    base_context = {"site": site}
    pages = 0

    # The overview, the search page and the home page: the last of the listings phase, whose
    # listing pages _write_entity_pages wrote.
    by_kind = index.by_kind()
    reuse = made.reuse
    rows = overview.rows(index, Linker(index, ""), dates, reuse.keys, reuse.kept_rows())
    reuse.rows = {reuse.keys[row.response.iri]: row for row in rows}
    operators = overview.operators(rows)
    _write(out / layout.OVERVIEW, render(
        "responses.html", operators=operators, responses=len(rows), chart=overview.chart([o.latest for o in operators]),
        root="", **base_context,
    ))
    pages += 1
    _write(out / layout.SEARCH, render("search.html", root="", **base_context))
    pages += 1
    counts = [(kind, len(members)) for kind, members in by_kind.items()]
    _write(out / "index.html", render(
        "home.html", home=home.home_page(index, all_listings), counts=counts, triples=len(triples), root="", **base_context,
    ))
    pages += 1
    progress("listings", 1, 1)

    # The shapes; this build's validation report was written with the listing pages.
    progress("reference", 0, 1)
    _rdf_files(out, layout.SHAPES, shapes_triples, project)
    _write(out / f"{layout.SHAPES}.html", render("shapes.html", shapes=specpages.shapes_page(shapes), root="", **base_context))
    pages += 2
    progress("reference", 1, 1)
    return pages


def _write_vocabulary(made: _Site, stats: Statistics) -> int:
    """The vocabulary's files and page, which show how often the data uses each term; returns the
    pages written."""
    project, index, out = made.project, made.index, made.out
    base_context = {"site": made.site}
    vocabulary = _vocabulary(made.data)
    _rdf_files(out, layout.VOCAB, vocabulary, project)
    _write(out / f"{layout.VOCAB}.html", render(
        "vocab.html", vocab=specpages.vocab_page(vocabulary, Linker(index, ""), stats), root="", **base_context,
    ))
    pages = 1
    # The version IRI the vocabulary declares must dereference too: this release, at vocab/{version}.
    for version in vocab_versions(project, vocabulary):
        stem = layout.vocab_version(version)
        _rdf_files(out, stem, vocabulary, project)
        _write(out / f"{stem}.html", render(
            "vocab.html", vocab=specpages.vocab_page(vocabulary, Linker(index, "../"), stats), root="../",
            files=version, **base_context,
        ))
        pages += 1
    return pages


def _write_description(made: _Site, stats: Statistics, written_dumps: list[dumps.Dump]) -> int:
    """The dataset description (VoID and DCAT) and the downloads page; returns the pages written."""
    project, index, site, out, progress = made.project, made.index, made.site, made.out, made.progress
    progress("description", 0, 1)
    base_context = {"site": site}
    example = next((e.iri for e in index.entities.values() if e.kind == "response"), next(iter(index.entities), None))
    description = void.describe(project, stats, written_dumps, site.date, example)
    _rdf_files(out, layout.VOID, description, project)
    void_linker = Linker(index, "../")
    _write(out / f"{layout.VOID}.html", render(
        "void.html", stats=stats, root="../",
        classes=[(void_linker.link(c), n) for c, n in stats.classes],
        properties=[(void_linker.link(p), n) for p, n in stats.properties],
        **base_context,
    ))
    dump_rows = [
        {"name": Path(d.path).name, "unpacked": Path(d.unpacked).name, "title_da": d.title_da, "title_en": d.title_en,
         "media_type": d.format.media_type, "size": d.size, "unpacked_size": d.unpacked_size, "sha256": d.sha256}
        for d in written_dumps
    ]
    _write(out / layout.DUMPS / "index.html", render("dumps.html", dumps=dump_rows, root="../", **base_context))
    progress("description", 1, 1)
    return 2


# The listing pages left to write, with their rows' entities (_listing_plan), for the page writers.
_LISTINGS: list[tuple[listings.ListingPage, tuple[entities.Entity, ...]]] = []


def _listing_plan(made: _Site, all_listings) -> tuple[int, list[tuple[listings.ListingPage, tuple[entities.Entity, ...]]]]:
    """Every listing page's files linked from the build before where they would come out the
    same (products.py): all of them when no listing changed, else each page whose model is
    unchanged. Returns the pages counted (two files a page, as ever) and those left to write."""
    project, site, out, reuse = made.project, made.site, made.out, made.reuse
    fingerprint = products.listings_fingerprint(reuse.common, site, all_listings.index, all_listings.cases)
    unchanged = reuse.listing_pages(fingerprint)
    if unchanged is not None:
        linked: list[Path] = []
        for path in unchanged:
            names = listing_files.stored_names(path)
            if not reuse.link_files(path, names, out):
                # The build before was removed meanwhile: none of its files, lest one be written over.
                for target in linked:
                    target.unlink(missing_ok=True)
                break
            linked.extend(out / name for name in names)
        else:
            return 2 * len(unchanged), []

    keys = products.ListingKeys(reuse.common, site)
    pages = 0
    left = []
    for page, rows in all_listings.pages():
        pages += 2
        reuse.keys[page.path] = keys.key(page, [all_listings.row_digest(entity) for entity in rows])
        if not reuse.link_files(page.path, listing_files.stored_names(page.path), out):
            left.append((page, rows))
    return pages, left


def _write_listing_pages(numbers: range) -> int:
    """Write the files of the listing pages `numbers` of _LISTINGS; runs in a page writer, or in
    the build's own process when there are few."""
    all_listings, writer, out = _PAGES["listings"], _PAGES["listing_files"], _PAGES["out"]
    for number in numbers:
        page, rows = _LISTINGS[number]
        for name, content in writer.make(all_listings.filled(page, rows)).items():
            _write_packed(out, name, content)
    return len(numbers)


def _write_hosting(made: _Site) -> dict[str, int]:
    """What a static host needs: the stylesheet and script, the server rules, sitemaps and robots.txt.
    Written last: returns the size of every file of the build, by path under `out`, from the one
    walk of the tree the sitemaps need (a walk takes seconds at 10,000 answers)."""
    project, out, progress = made.project, made.out, made.progress
    progress("hosting", 0, 1)
    _write(out / layout.STYLESHEET, resources.files("lodpub").joinpath("static/style.css").read_bytes())
    _write(out / layout.SEARCH_SCRIPT, resources.files("lodpub").joinpath("static/search.js").read_bytes())
    _write(out / "nginx.conf", hosting.nginx_rules())
    _write(out / "nginx-http.conf", hosting.nginx_http_rules())
    _write(out / ".htaccess", hosting.htaccess())
    _write(out / layout.DUMPS / ".htaccess", hosting.htaccess_dumps())
    sizes = dict(_files(out))
    served = (layout.served(path) for path in sizes)
    page_paths = sorted(path.removesuffix(".html").removesuffix("index") for path in served if path.endswith(".html"))
    last = {**hosting.sitemaps(project.base, page_paths), layout.ROBOTS: hosting.robots(project.base)}
    for name, text in last.items():
        _write(out / name, text)
        sizes[name] = (out / name).stat().st_size
    progress("hosting", 1, 1)
    return sizes


def _rebased(project: Project, triples: list[ox.Triple]) -> list[ox.Triple]:
    """`triples` read from the files, under the base this build publishes at, in the same order."""
    if project.data_base == project.base:
        return triples
    return sorted(rebase.triples(triples, project.data_base, project.base), key=triple_key)


def published_base(build: Path) -> str | None:
    """The base the build at `build` was made for (its robots.txt names the sitemap under it), or None."""
    try:
        robots = (build / layout.ROBOTS).read_text(encoding="utf-8")
    except OSError:
        return None
    for line in robots.splitlines():
        if line.startswith("Sitemap: ") and line.endswith(layout.SITEMAP):
            return line.removeprefix("Sitemap: ").removesuffix(layout.SITEMAP)
    return None


def _vocabulary(data) -> list[ox.Triple]:
    return data.graph(data.vocabulary_graph)


def vocab_versions(project: Project, vocabulary: list[ox.Triple]) -> list[str]:
    """The versions named by owl:versionIRI {base}vocab/{version} in the vocabulary, sorted.

    Only this build's vocabulary is at hand, so only the version it declares is served; a
    version IRI that is not under {base}vocab/, or not a plain version string, is refused: the
    build would publish an IRI that does not dereference.
    """
    prefix = project.base + layout.VOCAB + "/"
    found = set()
    for triple in vocabulary:
        if triple.predicate.value != OWL + "versionIRI" or not isinstance(triple.object, ox.NamedNode):
            continue
        iri = triple.object.value
        version = iri.removeprefix(prefix)
        if not iri.startswith(prefix) or not layout.VERSION_RE.fullmatch(version):
            raise UserError(f"owl:versionIRI <{iri}> is not {prefix}{{version}} (a version such as 0.1.0): "
                            "it would not dereference", project.ontology)
        found.add(version)
    return sorted(found)




def _swap_in(out: Path, build: Path) -> Path:
    """Point `build` at `out` in one atomic rename, then set older builds aside for removal.

    Builds may run side by side (scratch.py); the swap and the clean-up after it are done by one
    build at a time, and never remove the build that `build` points to, so a build that swaps
    in just before another one's clean-up is not removed by it.
    """
    builds = out.parent
    guard = os.open(builds, os.O_RDONLY)  # the folder itself is the lock: no file to leave behind
    try:
        fcntl.flock(guard, fcntl.LOCK_EX)
        final = builds / uuid.uuid4().hex
        out.rename(final)
        if build.is_dir() and not build.is_symlink():
            # A build/ from before builds were swapped by symlink: move it aside once.
            build.rename(builds / f"{scratch.OLD}{uuid.uuid4().hex}")
        link = scratch.temporary_link(build)
        link.symlink_to(os.path.relpath(final, build.parent), target_is_directory=True)
        os.replace(link, build)
        served = build.resolve()
        for stale in builds.iterdir():
            # "new-*" may be another build still being written (scratch.py removes those of killed
            # builds); ".lock" is held by every running build; "old-*" are set aside already.
            if stale not in (final, served) and not stale.name.startswith((scratch.PREFIX, scratch.LOCK, scratch.OLD)):
                scratch.set_aside(stale)  # removed by the next build while it works (scratch.py)
    finally:
        os.close(guard)  # closing the last descriptor releases the lock
    return final

