"""SHACL validation of data/ (with the reference data and the vocabulary) against shapes/.

Results are located: each focus node is traced to the file and line where it is described,
so a report reads like a compiler's ("data/x.ttl:120: <node> ftv:minPerWeek: ... (Violation)").
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef, plugin
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.query import Processor
from rdflib.namespace import RDF

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
    shapes = Graph()
    paths = sorted(project.shapes.glob("*.ttl"))
    if not paths:
        raise UserError("no shapes (*.ttl) to validate against", project.shapes)
    for path in paths:
        parse(path, shapes)
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
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            prepared = self._prepared.get(key)
            if prepared is None:
                prepared = self._prepared[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)


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
        data, shacl_graph=working, inference="none", advanced=True, allow_warnings=True
    )
    for prefix, namespace in data.namespaces():  # paths print as ftv:minPerWeek, not full IRIs
        report_graph.bind(prefix, namespace, override=False)
    results = sorted(
        (_result(report_graph, node, locations or {}, shapes) for node in report_graph.subjects(RDF.type, SH.ValidationResult)),
        key=lambda r: (str(r.file or ""), r.line or 0, r.focus, r.path or "", r.component, r.message()),
    )
    return Report(conforms=bool(conforms), results=results, graph=report_graph)


# Seeds validated together in one pyshacl run. pyshacl's cost grows faster than the graph, so
# many small runs (on all cores) beat one large one; each run also holds the reference data and
# the vocabulary, which every seed's nodes point into.
CHUNK = 25


def validate(project: Project, workers: int | None = None, chunk: int = CHUNK, shapes: Graph | None = None) -> Report:
    """Validate data/ + data/reference/ + ontology/ against shapes/.

    Small projects are validated as one graph. Larger ones in chunks of seeds, each with the
    shared reference data and vocabulary, on all cores; results about the shared nodes, which
    every chunk reports, are kept once. tests/test_validate_chunks.py checks that this gives the
    same results as validating the whole graph at once.
    """
    seeds = sorted(project.data.glob("*.ttl"))
    shared = sorted(project.reference.glob("*.ttl")) + sorted(project.ontology.glob("*.ttl"))
    shapes = load_shapes(project) if shapes is None else shapes
    if len(seeds) <= chunk:
        sources = load(project)
        return check(sources.graph, shapes, sources.locations)
    chunks = [seeds[i : i + chunk] for i in range(0, len(seeds), chunk)]
    workers = workers or os.cpu_count() or 1
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(shapes, shared)) as pool:
        reports = list(pool.map(_check_chunk, chunks))
    return merge(reports, shapes)


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
