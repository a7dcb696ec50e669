"""Validation results and reports: located results, merging chunks' reports, the text `lodpub validate` prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from ..config import Project
from ..errors import UserError, display_path


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


class InvalidData(UserError):
    """The data breaks the shapes: nothing is published."""

    exit_code = 1

    def __init__(self, lines: list[str]):
        super().__init__("the data does not conform to the shapes; nothing was published:\n" + "\n".join(lines))


@dataclass(frozen=True)
class Part:
    """A report as merging reads it: each result node's identity and triples (its own, and those
    of the blank nodes it points to, such as a path), terms encoded as `encode` gives them.

    The chunks' reports are kept on disk so (chunks.py) and merged without an rdflib graph per
    chunk: at 10,000 answers, building and reading 400 graphs to merge them took 10 s."""

    conforms: bool
    results: list[Result]
    found: list[tuple[tuple, list, list[list[list]]]]  # (identity, result node, triples)
    prefixes: list[tuple[str, str]]


def part_of(report: Report) -> Part:
    """`report` in the form `merge` reads."""
    graph = report.graph
    found = []
    for node in graph.subjects(RDF.type, SH.ValidationResult):
        closure: list[list[list]] = []
        pending, seen = [node], {node}
        while pending:
            subject = pending.pop()
            for triple in graph.triples((subject, None, None)):
                closure.append([encode(term) for term in triple])
                if isinstance(triple[2], BNode) and triple[2] not in seen:
                    seen.add(triple[2])
                    pending.append(triple[2])
        found.append((_identity(graph, node), encode(node), sorted(closure)))
    found.sort(key=lambda item: repr(item[0]))
    prefixes = sorted((prefix, str(namespace)) for prefix, namespace in graph.namespaces())
    return Part(conforms=report.conforms, results=report.results, found=found, prefixes=prefixes)


def merge(parts: list[Part], shapes: Graph) -> Report:
    """One report from several: each distinct result once, conforming only if all conform."""
    graph = Graph()
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    conforms = all(p.conforms for p in parts)
    graph.add((node, SH.conforms, Literal(conforms)))
    seen: set = set()
    results: list[Result] = []
    terms: dict[tuple, object] = {}  # the reports name the same shapes and paths thousands of times
    kept: list[list[list]] = []
    for part in parts:
        for prefix, namespace in part.prefixes:
            graph.bind(prefix, namespace, override=False)
        for identity, result, triples in part.found:
            if identity in seen:
                continue
            seen.add(identity)
            graph.add((node, SH.result, _decode_once(result, terms)))
            kept.extend(triples)
        results.extend(r for r in part.results if (r.focus, r.path, r.component, r.shape, r.value, r.severity) in seen)
    graph.addN((*(_decode_once(term, terms) for term in triple), graph) for triple in kept)
    unique = {(r.focus, r.path, r.component, r.shape, r.value, r.severity): r for r in results}
    ordered = sorted(unique.values(), key=lambda r: (str(r.file or ""), r.line or 0, r.focus, r.path or "", r.component, r.message()))
    return Report(conforms=conforms, results=ordered, graph=graph)


def encode(term) -> list:
    """A term as JSON: [kind, value, language, datatype], blank node labels kept."""
    if isinstance(term, Literal):
        return ["literal", str(term), term.language, str(term.datatype) if term.datatype else None]
    return ["blank" if isinstance(term, BNode) else "iri", str(term)]


def _decode_once(stored: list, known: dict):
    key = tuple(stored)
    term = known.get(key)
    if term is None:
        term = known[key] = decode(stored)
    return term


def decode(stored: list):
    kind, value, *rest = stored
    if kind == "literal":
        language, datatype = rest
        return Literal(value, lang=language, datatype=URIRef(datatype) if datatype else None, normalize=False)
    return BNode(value) if kind == "blank" else URIRef(value)


def result_of(report: Graph, node, locations: dict[str, tuple[Path, int]], shapes: Graph) -> Result:
    focus, path, component, shape, value, severity = _identity(report, node)
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
    where = locations.get(focus) if isinstance(report.value(node, SH.focusNode), URIRef) else None
    return Result(
        focus=focus, path=path, messages=messages, severity=severity, shape=shape, component=component,
        value=value, file=where[0] if where else None, line=where[1] if where else None,
    )


def _identity(report: Graph, node) -> tuple[str, str | None, str, str, str | None, str]:
    """What makes a result the same result in two reports: focus, path, component, shape, value,
    severity. Merging reads only these, not the messages, which cost as much again."""
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    return (
        str(report.value(node, SH.focusNode)),
        _term(report, path) if path is not None else None,
        str(report.value(node, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
        str(report.value(node, SH.sourceShape)),
        None if value is None else str(value),
        str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
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
