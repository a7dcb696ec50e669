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
            identity = _identity(report.graph, result_node)
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
