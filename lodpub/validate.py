"""SHACL validation of data/ (with the reference data and the vocabulary) against shapes/.

Results are located: each focus node is traced to the file and line where it is described,
so a report reads like a compiler's ("data/x.ttl:120: <node> ftv:minPerWeek: ... (Violation)").
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef, Variable, plugin
from rdflib.plugins.sparql.algebra import translateQuery, traverse
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.query import Processor
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF

from . import lifeline
from .config import Project
from .errors import UserError, display_path

SH = Namespace("http://www.w3.org/ns/shacl#")

_PREFIX_RE = re.compile(r"@prefix\s+([\w-]*):\s*<([^>]*)>\s*\.", re.IGNORECASE)
_SUBJECT_RE = re.compile(r"^(<[^>]*>|[\w-]*:[^\s;,.]*(?:\.[^\s;,.]+)*)")


@dataclass(frozen=True)
class Result:
    focus: str
    path: str | None
    messages: dict[str, str]  # language -> text
    severity: str  # Violation | Warning | Info
    shape: str
    component: str
    value: str | None
    file: Path | None = None
    line: int | None = None

    def message(self, lang: str = "en") -> str:
        return self.messages.get(lang) or self.messages.get("") or next(iter(self.messages.values()), "")


@dataclass
class Report:
    conforms: bool
    results: list[Result]
    graph: Graph = field(repr=False)

    @property
    def violations(self) -> int:
        return sum(1 for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> int:
        return sum(1 for r in self.results if r.severity == "Warning")

    @property
    def turtle(self) -> str:
        return self.graph.serialize(format="turtle")


@dataclass
class Sources:
    """The data graph and where each subject in it is written."""

    graph: Graph
    locations: dict[str, tuple[Path, int]]


def data_files(project: Project) -> list[Path]:
    """Every file that makes up the data graph, in a fixed order."""
    return (
        sorted(project.data.glob("*.ttl"))
        + sorted(project.reference.glob("*.ttl"))
        + sorted(project.ontology.glob("*.ttl"))
    )


def parse(path: Path, graph: Graph | None = None) -> Graph:
    """Parse a Turtle file into `graph`; a syntax error is a UserError with line and column."""
    graph = Graph() if graph is None else graph
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise UserError(f"not UTF-8 ({error.reason} at byte {error.start})", path) from None
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except (SyntaxError, ValueError) as error:  # BadSyntax is a SyntaxError; bad terms raise ValueError
        line, column = _syntax_position(error, text)
        reason = getattr(error, "_why", None) or str(error).splitlines()[0]
        where = f"column {column}: " if column else ""
        raise UserError(f"{where}not valid Turtle: {reason}", path, line) from None
    return graph


def _syntax_position(error: Exception, text: str) -> tuple[int | None, int | None]:
    """Line and column of rdflib's BadSyntax (it keeps the input as bytes and a byte offset)."""
    index = getattr(error, "_i", None)
    source = getattr(error, "_str", None)
    if isinstance(index, int) and isinstance(source, (bytes, str)):
        newline = b"\n" if isinstance(source, bytes) else "\n"
        line_start = source.rfind(newline, 0, index) + 1
        prefix = source[line_start:index]
        column = len(prefix.decode("utf-8", "replace") if isinstance(prefix, bytes) else prefix) + 1
        return source.count(newline, 0, index) + 1, column
    match = re.search(r"line (\d+)", str(error))
    return (int(match.group(1)), None) if match else (None, None)


def load(project: Project) -> Sources:
    graph = Graph()
    locations: dict[str, tuple[Path, int]] = {}
    for path in data_files(project):
        parse(path, graph)
        for subject, line in subject_lines(path.read_text(encoding="utf-8")).items():
            locations.setdefault(subject, (path, line))
    return Sources(graph, locations)


def subject_lines(text: str) -> dict[str, int]:
    """Where each subject's description starts in a Turtle text (as rdflib and people write it)."""
    prefixes: dict[str, str] = {}
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        prefix = _PREFIX_RE.match(line)
        if prefix:
            prefixes[prefix.group(1)] = prefix.group(2)
            continue
        if not line or line[0].isspace() or line[0] in "#@)]":
            continue
        token = _SUBJECT_RE.match(line)
        if token is None:
            continue
        term = token.group(1)
        if term.startswith("<"):
            iri = term[1:-1]
        else:
            name, _, local = term.partition(":")
            if name not in prefixes:
                continue
            iri = prefixes[name] + local.replace("\\", "")
        found.setdefault(iri, number)
    return found


def load_shapes(project: Project) -> Graph:
    """The shapes, their blank nodes labelled canonically.

    A result's sh:sourceShape is often a blank node (a property shape inside sh:or); with the
    same label in every process and every run, results from a cached report and from a fresh
    one name the same shape, and are merged as one.
    """
    parsed = Graph()
    paths = sorted(project.shapes.glob("*.ttl"))
    if not paths:
        raise UserError("no shapes (*.ttl) to validate against", project.shapes)
    for path in paths:
        parse(path, parsed)
    shapes = Graph()
    for prefix, namespace in parsed.namespaces():
        shapes.bind(prefix, namespace, override=True, replace=True)
    for triple in to_canonical_graph(parsed):
        shapes.add(triple)
    return shapes


class CachingProcessor(SPARQLProcessor):
    """rdflib's SPARQL processor, keeping each query it has parsed.

    pyshacl evaluates a SPARQL constraint once per focus node and hands rdflib the query text
    each time; parsing it again (pyparsing) was nine tenths of validation time. A translated
    query is what rdflib's own prepareQuery returns for reuse with other bindings.
    """

    _prepared: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803 (rdflib's names)
        if isinstance(strOrQuery, str):
            bound = frozenset(Variable(name) for name in (initBindings or {}))
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())), bound)
            prepared = self._prepared.get(key)
            if prepared is None:
                prepared = translateQuery(parseQuery(strOrQuery), base, initNs)
                traverse(prepared.algebra, visitPost=lambda node: _bound_first(node, bound))
                self._prepared[key] = prepared
            strOrQuery = prepared
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)


def _bound_first(node, bound: frozenset) -> None:
    """Order a basic graph pattern's triples so the bound variables ($this) are joined first.

    rdflib orders a pattern when it translates the query, before the bindings are known, so
    it counts $this as unbound and starts from `?position a oa:TextPositionSelector`: every
    selector in the graph, for every focus node. Starting from the focus node made the quote
    constraint 1.7x faster (188 quotes of 25 seeds: 0.62 s, then 0.37 s). The order of a join
    never changes its solutions.
    """
    if not (isinstance(node, CompValue) and node.name == "BGP"):
        return
    known, rest, ordered = set(bound), list(node.triples), []
    while rest:
        def cost(index: int) -> tuple[int, int, int]:
            terms = [t for t in rest[index] if isinstance(t, (Variable, BNode))]
            return (sum(t not in known for t in terms), -sum(t in known for t in terms), index)

        triple = rest.pop(min(range(len(rest)), key=cost))
        ordered.append(triple)
        known.update(t for t in triple if isinstance(t, (Variable, BNode)))
    node["triples"] = ordered


def check(data: Graph, shapes: Graph, locations: dict[str, tuple[Path, int]] | None = None) -> Report:
    """Validate `data` against `shapes`; results located where `locations` knows the focus."""
    from pyshacl import validate as shacl

    plugin.register("sparql", Processor, __name__, "CachingProcessor")

    # pyshacl adds triples to the shapes graph it is given; it gets a copy, so the shapes
    # published later are the shapes as written.
    working = Graph()
    for triple in shapes:
        working.add(triple)
    conforms, report_graph, _ = shacl(
        data, shacl_graph=working, inference="none", advanced=False, allow_warnings=True
    )
    for prefix, namespace in data.namespaces():  # paths print as ftv:minPerWeek, not full IRIs
        report_graph.bind(prefix, namespace, override=False)
    results = sorted(
        (_result(report_graph, node, locations or {}, shapes) for node in report_graph.subjects(RDF.type, SH.ValidationResult)),
        key=lambda r: (str(r.file or ""), r.line or 0, r.focus, r.path or "", r.component, r.message()),
    )
    return Report(conforms=bool(conforms), results=results, graph=report_graph)


# Seeds validated together in one pyshacl run, on average. pyshacl's cost grows faster than
# the graph, so many small runs (on all cores) beat one large one; each run also holds the
# reference data and the vocabulary, which every seed's nodes point into.
CHUNK = 25
CACHE = Path(".cache") / "validation"


def validate(
    project: Project,
    workers: int | None = None,
    chunk: int = CHUNK,
    shapes: Graph | None = None,
    cache: bool = True,
) -> Report:
    """Validate data/ + data/reference/ + ontology/ against shapes/.

    Small projects are validated as one graph. Larger ones in chunks of seeds, each with the
    shared reference data and vocabulary, on all cores; results about the shared nodes, which
    every chunk reports, are kept once. tests/test_validate_chunks.py checks that this gives the
    same results as validating the whole graph at once.

    Each chunk's report is kept under .cache/validation/, keyed by the sha256 of everything
    that decides it (the chunk's files, the shared files, the shapes given, this module and the
    versions of pyshacl and rdflib), so after one seed changes only its chunk is validated again.
    With `cache` false every chunk is validated, and the reports kept are renewed.
    """
    seeds = sorted(project.data.glob("*.ttl"))
    shared = sorted(project.reference.glob("*.ttl")) + sorted(project.ontology.glob("*.ttl"))
    shapes = load_shapes(project) if shapes is None else shapes
    if len(seeds) <= chunk:
        sources = load(project)
        return check(sources.graph, shapes, sources.locations)
    store = _ChunkCache(project, shared, shapes)
    chunks = split(seeds, chunk)
    reports: dict[int, Report] = {}
    missing: list[int] = []
    for number, paths in enumerate(chunks):
        cached = store.get(paths) if cache else None
        if cached is None:
            missing.append(number)
        else:
            reports[number] = cached
    workers = min(workers or os.cpu_count() or 1, len(missing))
    if workers > 1:
        # Workers end with us, however we end (lifeline); else they would sleep on the queue forever.
        tied = (os.getpid(), _init_worker, shapes, shared)
        with ProcessPoolExecutor(workers, initializer=lifeline.started_by, initargs=tied) as pool:
            fresh = list(pool.map(_check_chunk, [chunks[n] for n in missing]))
    elif missing:
        _init_worker(shapes, shared)  # one chunk to do (a seed changed): no pool to start
        fresh = [_check_chunk(chunks[n]) for n in missing]
    else:
        fresh = []
    for number, report in zip(missing, fresh):
        reports[number] = report
        store.put(chunks[number], report)
    store.keep_only(chunks)
    return merge([reports[n] for n in range(len(chunks))], shapes)


def split(seeds: list[Path], size: int) -> list[list[Path]]:
    """Seeds in chunks of about `size`, cut where a seed's name says so.

    After at least size/2 seeds, a chunk ends at a seed whose name hashes to 0 modulo size/2,
    so where chunks end depends on the names, not on positions: adding or removing a seed
    changes only the chunk it falls in (and perhaps the next), and the other chunks' cached
    reports still apply. A chunk never grows past twice `size`.
    """
    shortest = max(1, size // 2)
    modulus = max(1, size - shortest)
    chunks: list[list[Path]] = []
    current: list[Path] = []
    for path in seeds:
        current.append(path)
        mark = int.from_bytes(hashlib.sha256(path.name.encode("utf-8")).digest()[:8], "big")
        if (len(current) >= shortest and mark % modulus == 0) or len(current) >= 2 * size:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


class _ChunkCache:
    """Reports of chunks already validated, on disk, keyed by the sha256 of their inputs."""

    def __init__(self, project: Project, shared: list[Path], shapes: Graph):
        import pyshacl
        import rdflib

        self.root = project.root
        self.folder = project.root / CACHE
        common = hashlib.sha256()
        for part in (pyshacl.__version__, rdflib.__version__, Path(__file__).read_bytes()):
            common.update(part.encode("utf-8") if isinstance(part, str) else part)
            common.update(b"\0")
        # The shapes as validated, whoever loaded them: load_shapes labels their blank nodes
        # canonically, so the same shapes give the same lines in every run.
        for line in sorted(shapes.serialize(format="nt").splitlines()):
            common.update(line.encode("utf-8") + b"\n")
        for path in shared:
            _hash_file(common, path, self.root)
        self.common = common
        self.keys: dict[tuple[Path, ...], str] = {}  # each chunk's files are read and hashed once

    def _key(self, paths: list[Path]) -> str:
        known = self.keys.get(tuple(paths))
        if known is None:
            digest = self.common.copy()
            for path in paths:
                _hash_file(digest, path, self.root)
            known = self.keys[tuple(paths)] = digest.hexdigest()
        return known

    def get(self, paths: list[Path]) -> Report | None:
        try:
            stored = json.loads((self.folder / f"{self._key(paths)}.json").read_text(encoding="utf-8"))
            graph = Graph()
            for triple in stored["graph"]:
                graph.add(tuple(_decode(term) for term in triple))
            for prefix, namespace in stored["prefixes"]:
                graph.bind(prefix, namespace, override=False)
            results = [
                Result(**{**r, "file": self.root / r["file"] if r["file"] else None}) for r in stored["results"]
            ]
        except (OSError, ValueError, KeyError, TypeError):  # absent, or not written by this code: validate again
            return None
        return Report(conforms=stored["conforms"], results=results, graph=graph)

    def put(self, paths: list[Path], report: Report) -> None:
        if any(r.file and not r.file.is_relative_to(self.root) for r in report.results):
            return  # located outside the project: not something a cached path can say
        stored = {
            "conforms": report.conforms,
            # Terms as they are, blank node labels included: N-Triples parsers relabel them.
            "graph": sorted([_encode(term) for term in triple] for triple in report.graph),
            "prefixes": sorted([prefix, str(namespace)] for prefix, namespace in report.graph.namespaces()),
            "results": [
                {**r.__dict__, "file": r.file.relative_to(self.root).as_posix() if r.file else None}
                for r in report.results
            ],
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            target = self.folder / f"{self._key(paths)}.json"
            scratch = target.with_suffix(f".{os.getpid()}.tmp")
            scratch.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
            os.replace(scratch, target)  # a reader sees the whole report or none
        except OSError:
            pass  # a read-only checkout validates every time; nothing else changes


    def keep_only(self, chunks: list[list[Path]]) -> None:
        """Remove the reports of chunks that no longer exist, so the folder does not grow."""
        wanted = {f"{self._key(paths)}.json" for paths in chunks}
        for path in self.folder.glob("*.json"):
            if path.name not in wanted:
                path.unlink(missing_ok=True)


def _encode(term) -> list:
    if isinstance(term, Literal):
        return ["literal", str(term), term.language, str(term.datatype) if term.datatype else None]
    return ["blank" if isinstance(term, BNode) else "iri", str(term)]


def _decode(stored: list):
    kind, value, *rest = stored
    if kind == "literal":
        language, datatype = rest
        return Literal(value, lang=language, datatype=URIRef(datatype) if datatype else None, normalize=False)
    return BNode(value) if kind == "blank" else URIRef(value)


def _hash_file(digest, path: Path, root: Path) -> None:
    digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
    digest.update(path.read_bytes())
    digest.update(b"\0")


_WORKER: dict = {}


def _init_worker(shapes: Graph, shared: list[Path]) -> None:
    base, locations = Graph(), {}
    for path in shared:
        parse(path, base)
        for subject, line in subject_lines(path.read_text(encoding="utf-8")).items():
            locations.setdefault(subject, (path, line))
    _WORKER.update(shapes=shapes, base=base, locations=locations)


def _check_chunk(paths: list[Path]) -> Report:
    graph = Graph()
    for triple in _WORKER["base"]:
        graph.add(triple)
    for prefix, namespace in _WORKER["base"].namespaces():
        graph.bind(prefix, namespace, override=False)
    locations: dict[str, tuple[Path, int]] = {}
    for path in paths:
        parse(path, graph)
        for subject, line in subject_lines(path.read_text(encoding="utf-8")).items():
            locations.setdefault(subject, (path, line))
    for subject, where in _WORKER["locations"].items():
        locations.setdefault(subject, where)
    return check(graph, _WORKER["shapes"], locations)


def merge(reports: list[Report], shapes: Graph) -> Report:
    """One report from several: each distinct result once, conforming only if all conform."""
    graph = Graph()
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    conforms = all(r.conforms for r in reports)
    graph.add((node, SH.conforms, Literal(conforms)))
    seen: set = set()
    results: list[Result] = []
    for report in reports:
        for prefix, namespace in report.graph.namespaces():
            graph.bind(prefix, namespace, override=False)
        for result_node in report.graph.subjects(RDF.type, SH.ValidationResult):
            result = _result(report.graph, result_node, {}, shapes)
            identity = (result.focus, result.path, result.component, result.shape, result.value, result.severity)
            if identity in seen:
                continue
            seen.add(identity)
            graph.add((node, SH.result, result_node))
            for triple in report.graph.triples((result_node, None, None)):
                _copy_closure(report.graph, triple, graph)
        results.extend(r for r in report.results if (r.focus, r.path, r.component, r.shape, r.value, r.severity) in seen)
    unique = {(r.focus, r.path, r.component, r.shape, r.value, r.severity): r for r in results}
    ordered = sorted(unique.values(), key=lambda r: (str(r.file or ""), r.line or 0, r.focus, r.path or "", r.component, r.message()))
    return Report(conforms=conforms, results=ordered, graph=graph)


def _copy_closure(source: Graph, triple, target: Graph) -> None:
    """A triple and everything its blank-node object describes (a result's path, say)."""
    target.add(triple)
    obj = triple[2]
    if isinstance(obj, BNode):
        for inner in source.triples((obj, None, None)):
            if inner not in target:
                _copy_closure(source, inner, target)


def _result(report: Graph, node, locations: dict[str, tuple[Path, int]], shapes: Graph) -> Result:
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    messages = {
        (m.language or ""): str(m)
        for m in report.objects(node, SH.resultMessage)
        if isinstance(m, Literal)
    }
    if set(messages) <= {""}:
        # pyshacl drops the language tags of a SPARQL constraint's messages; the shapes keep them.
        source = report.value(node, SH.sourceConstraint)
        tagged = {m.language: str(m) for m in shapes.objects(source, SH.message) if isinstance(m, Literal) and m.language}
        messages = tagged or messages
    where = locations.get(str(focus)) if isinstance(focus, URIRef) else None
    return Result(
        focus=str(focus),
        path=_term(report, path) if path is not None else None,
        messages=messages,
        severity=str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
        shape=str(report.value(node, SH.sourceShape)),
        component=str(report.value(node, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
        value=None if value is None else str(value),
        file=where[0] if where else None,
        line=where[1] if where else None,
    )


def _term(graph: Graph, term) -> str:
    if isinstance(term, BNode):
        return "(complex path)"
    return graph.namespace_manager.normalizeUri(term)


def format_text(report: Report, project: Project, lang: str = "en") -> list[str]:
    """`FILE:LINE: <focus> path: message (severity)`, grouped by file, and a count at the end."""
    lines: list[str] = []
    current: Path | None | str = ""
    for result in report.results:
        if result.file != current:
            current = result.file
            lines.append(f"# {display_path(current) if current else '(not located)'}")
        where = f"{display_path(result.file)}:{result.line}" if result.file else "?"
        path = f" {result.path}" if result.path else ""
        lines.append(f"{where}: <{result.focus}>{path}: {result.message(lang)} ({result.severity})")
    files = len({r.file for r in report.results})
    if report.results:
        lines.append(
            f"{report.violations} violation(s), {report.warnings} warning(s), "
            f"{len(report.results) - report.violations - report.warnings} info in {files} file(s)"
        )
    else:
        lines.append("data conforms to the shapes: 0 violations, 0 warnings")
    return lines
