"""The data to validate, read with file:line: Turtle syntax errors located, each subject traced to
the line that describes it, and the shapes loaded with stable blank-node labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from ..config import Project
from ..core import dataset
from ..errors import UserError

_PREFIX_RE = re.compile(r"@prefix\s+([\w-]*):\s*<([^>]*)>\s*\.", re.IGNORECASE)
_SUBJECT_RE = re.compile(r"^(<[^>]*>|[\w-]*:[^\s;,.]*(?:\.[^\s;,.]+)*)")


@dataclass
class Sources:
    """The data graph and where each subject in it is written."""

    graph: Graph
    locations: dict[str, tuple[Path, int]]


@dataclass(frozen=True)
class Text:
    """Data as N-Triples text and the prefixes its files declare: what pyshacl-turbo validates
    without an rdflib graph in between (building one was most of a chunk's validation time)."""

    ntriples: str
    prefixes: dict[str, str]

    @staticmethod
    def join(parts: list[Text]) -> Text:
        prefixes: dict[str, str] = {}
        for part in parts:
            for name, namespace in part.prefixes.items():
                prefixes.setdefault(name, namespace)
        return Text("".join(part.ntriples for part in parts), prefixes)


def read_text(path: Path, turtle: str | None = None) -> Text:
    """A Turtle file (its text `turtle`, when the caller has read it) as N-Triples, read by
    pyoxigraph; a syntax error reported as `parse` does."""
    try:
        turtle = path.read_text(encoding="utf-8") if turtle is None else turtle
        quads = ox.parse(turtle, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(), rename_blank_nodes=True)
        ntriples = ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    except (UnicodeDecodeError, SyntaxError):
        # rdflib's message names line and column; and a file rdflib reads, it reads as before.
        graph = parse(path)
        ntriples = graph.serialize(format="nt")
        turtle = path.read_text(encoding="utf-8")
    return Text(ntriples, {m.group(1): m.group(2) for m in _PREFIX_RE.finditer(turtle)})


def data_files(project: Project) -> list[Path]:
    """Every file that makes up the data graph, in a fixed order."""
    return dataset.files(project)


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
