"""Validation results and reports: located results, merging chunks' reports, the text `lodpub validate` prints."""

from __future__ import annotations

import hashlib
import marshal
import re
from collections.abc import Iterable
from dataclasses import dataclass
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


_BLANK = re.compile(r"_:[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Held:
    """What a merged report's graph is made of when first read: the prefixes of its parts, and
    each part's new result nodes and their triples as marshal's bytes (`merge`)."""

    prefixes: list[tuple[str, str]]
    parts: list[bytes]


class Report:
    """Whether the data conforms, the located results, and the report as a graph. A report merged
    from many chunks' makes its graph when first read (from `held`): at 10,000 answers a second
    and more, and a build whose report is the one it published before does not read it. Until
    then it is plain data, which pickles: a build validates in a process of its own."""

    def __init__(self, conforms: bool, results: list[Result], graph: Graph | None = None,
                 held: Held | None = None, digest: bytes = b""):
        self.conforms = conforms
        self.results = results
        self._graph, self._held, self._digest = graph, held, digest

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            self._graph = _graph_of(self.conforms, self._held) if self._held is not None else Graph()
            self._held = None
        return self._graph

    @property
    def digest(self) -> bytes:
        """What the report says, its results' locations included: the same digest, the same
        report. Given by `merge`, else made of the graph's sorted lines."""
        if not self._digest:
            lines = sorted(_BLANK.sub("_:", line) for line in self.graph.serialize(format="nt").splitlines())
            self._digest = _digest(self.conforms, lines, self.results)
        return self._digest

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


def merge(parts: Iterable[Part]) -> Report:
    """One report from several, read one at a time: each distinct result once, conforming only if
    all conform.

    Only what the report keeps outlives its part: each new result, and the triples of its node as
    marshal's bytes until the graph is read. At 10,000 answers the 400 kept reports' nested lists,
    all read before merging, were 370 MB, and the memory they had been in stayed with the build's
    process (Python's allocator keeps an arena while any object in it lives) to its end."""
    conforms = True
    seen: set = set()
    unique: dict[tuple, Result] = {}
    held: list[bytes] = []  # each part's new result nodes and triples
    said: list[str] = []  # each kept triple with its blank nodes unnamed (the digest)
    prefixes: dict[tuple[str, str], None] = {}  # each once, in the order first met
    for number, part in enumerate(parts):
        conforms = conforms and part.conforms
        nodes: list[list] = []
        kept: list[list[list]] = []
        for identity, result, triples in part.found:
            if identity in seen:
                continue
            seen.add(identity)
            # A blank node's label means something in its own report only: two engines' runs
            # (forked processes among them) can give two results the same label.
            nodes.append(_scoped(result, number))
            kept.extend([_scoped(term, number) for term in triple] for triple in triples)
        for r in part.results:
            identity = (r.focus, r.path, r.component, r.shape, r.value, r.severity)
            if identity in seen:
                unique[identity] = r
        held.append(marshal.dumps((nodes, kept)))
        # A chunk validated again names the same result nodes anew.
        said.extend(repr([term if term[0] != "blank" else "_" for term in triple]) for triple in kept)
        prefixes.update(dict.fromkeys(part.prefixes))
    ordered = sorted(unique.values(), key=lambda r: (str(r.file or ""), r.line or 0, r.focus, r.path or "", r.component, r.message()))
    said.sort()
    return Report(conforms, ordered, held=Held(list(prefixes), held), digest=_digest(conforms, said, ordered))


def _graph_of(conforms: bool, held: Held) -> Graph:
    """The graph of a merged report."""
    graph = Graph()
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, Literal(conforms)))
    for prefix, namespace in held.prefixes:
        graph.bind(prefix, namespace, override=False)
    terms: dict[tuple, object] = {}  # the reports name the same shapes and paths thousands of times
    for part in held.parts:
        nodes, kept = marshal.loads(part)
        graph.addN((node, SH.result, _decode_once(result, terms), graph) for result in nodes)
        graph.addN((*(_decode_once(term, terms) for term in triple), graph) for triple in kept)
    return graph


def _digest(conforms: bool, graph, results: list[Result]) -> bytes:
    """A digest of a report: `graph` is what its graph says, as plain lists and strings, blank
    nodes unnamed. Where blank nodes stand only for the result nodes and the shapes' paths, as
    they do, two reports of the same digest give the same files (the shapes are in the key of
    the report's files too: build/products.py)."""
    summed = hashlib.blake2b(marshal.dumps((conforms, graph)), digest_size=16)
    # A result's messages in any order (an engine gives them in the order of a set), and its file
    # by name, as the report's page shows it: a copy of the project elsewhere has the same report.
    said = [(r.focus, r.path, sorted(r.messages.items()), r.severity, r.shape, r.component, r.value,
             r.file.name if r.file else None, r.line) for r in results]
    summed.update(repr(said).encode("utf-8"))
    return summed.digest()


def _scoped(term: list, number: int) -> list:
    """An encoded term, a blank node's label made that of the `number`th report merged."""
    return term if term[0] != "blank" else ["blank", f"r{number}-{term[1]}"]


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
