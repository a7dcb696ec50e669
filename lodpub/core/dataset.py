"""The whole dataset in memory, one named graph per source document: each triple once, with the
graphs it is in.

Kept as parsed triples rather than in an Oxigraph store: the store canonicalises literals
("07" -> "7", xsd:nonNegativeInteger -> xsd:integer), and the dumps must say exactly what
data/ says. Graph names, every one under `{base}graph/`: `{seed}` for each data file,
`reference` for data/reference/, `vocabulary` for ontology/; in an external store also
`shapes` (shapes/), `manifest` (what `lodpub publish` wrote) and `default` (the merge of
the dataset's graphs, which queries naming no dataset see). Blank nodes get canonical
labels (rdflib's canonicalisation) so that two loads of the same files give the same quads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..config import Project
from ..errors import UserError
from . import canonical, rebase


@dataclass
class Dataset:
    """Each triple once, with the graphs it is in: the quads of one triple in several graphs share
    it. Holding every quad as an object of its own took twice the memory of the triples, and
    the merged triples were made from them again."""

    project: Project
    merged: list[ox.Triple]  # the union of all graphs, sorted by triple_key, each triple once
    graphs: list[str | tuple[str, ...]]  # for each triple, its graph, or its graphs in N-Quads order
    sources: dict[str, list[Path]]  # graph IRI -> the files it was loaded from
    _graphs: dict[str, list[ox.Triple]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def document_graphs(self) -> list[str]:
        prefix = graph_namespace(self.project)
        return sorted(g for g in self.sources if g.startswith(prefix) and g not in special_graphs(self.project))

    @property
    def vocabulary_graph(self) -> str:
        return vocabulary_graph(self.project)

    def triples(self) -> list[ox.Triple]:
        """The union of all graphs (the default graph of the SPARQL endpoint), sorted."""
        return self.merged

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad, sorted by subject, predicate, object and graph (quad_key), made as they are read."""
        names: dict[str, ox.NamedNode] = {}
        for triple, graphs in zip(self.merged, self.graphs):
            for graph in (graphs,) if isinstance(graphs, str) else graphs:
                name = names.get(graph)
                if name is None:
                    name = names[graph] = ox.NamedNode(graph)
                yield ox.Quad(triple.subject, triple.predicate, triple.object, name)

    def graph(self, name: str) -> list[ox.Triple]:
        """The triples of one graph, sorted; each graph picked out once (the vocabulary is read by
        the version check, the dumps and the vocabulary pages)."""
        if name not in self._graphs:
            self._graphs[name] = [
                t for t, g in zip(self.merged, self.graphs) if g == name or (isinstance(g, tuple) and name in g)
            ]
        return self._graphs[name]


def merge(rows: list[tuple[str, str, ox.Triple]], project: Project, sources: dict[str, list[Path]]) -> Dataset:
    """The dataset of (graph IRI, N-Triples line of the triple, triple) rows; a row given twice
    (a triple written twice in one graph) counts once.

    Sorted by the line and then the graph's N-Quads term: the order of quad_key (a triple's line
    orders as its terms would, by quad_key's argument), so the quads come out as N-Quads sorts.
    """
    rows.sort(key=lambda row: (row[1], f"<{row[0]}>"))
    merged: list[ox.Triple] = []
    graphs: list[str | tuple[str, ...]] = []
    last = None
    for graph, line, triple in rows:
        if line == last:
            before = graphs[-1]
            if graph == (before if isinstance(before, str) else before[-1]):
                continue  # the same triple in the same graph: sorted rows put the two side by side
            graphs[-1] = (before, graph) if isinstance(before, str) else (*before, graph)
        else:
            merged.append(triple)
            graphs.append(graph)
            last = line
    return Dataset(project, merged, graphs, sources)


# Graph names below {base}graph/.
GRAPHS = "graph/"
REFERENCE = "reference"
VOCABULARY = "vocabulary"
SHAPES = "shapes"  # the shapes graph, in an external store only
MANIFEST = "manifest"  # what `lodpub publish` wrote, in an external store only
MERGE = "default"  # the merge of the dataset's graphs, queried as the default graph, in an external store only


def special_graphs(project: Project) -> tuple[str, str]:
    return (reference_graph(project), vocabulary_graph(project))


def graph_namespace(project: Project) -> str:
    return project.base + GRAPHS


def reference_graph(project: Project) -> str:
    return graph_namespace(project) + REFERENCE


def vocabulary_graph(project: Project) -> str:
    return graph_namespace(project) + VOCABULARY


def shapes_graph(project: Project) -> str:
    return graph_namespace(project) + SHAPES


def merge_graph(project: Project) -> str:
    return graph_namespace(project) + MERGE


def document_graph(project: Project, stem: str) -> str:
    return graph_namespace(project) + stem


def sources(project: Project) -> list[tuple[str, list[Path]]]:
    """Each graph of the dataset and the files it is read from, in a fixed order; empty ones left out."""
    groups = [(document_graph(project, p.stem), [p]) for p in sorted(project.data.glob("*.ttl"))]
    groups.append((reference_graph(project), sorted(project.reference.glob("*.ttl"))))
    groups.append((vocabulary_graph(project), sorted(project.ontology.glob("*.ttl"))))
    return [(name, paths) for name, paths in groups if paths]


def files(project: Project) -> list[Path]:
    """Every file that makes up the dataset, in the order of `sources`."""
    return [path for _, paths in sources(project) for path in paths]


def quad_key(quad: ox.Quad) -> str:
    """The order of quads: by subject, predicate, object, graph, each as N-Quads writes it.

    One string, the quad's N-Quads line, orders as the tuple of its terms would (one string is
    made instead of four): terms are joined by a space, and no term is the start of another
    term that goes on with a space or a control character (an IRI ends at its first ">", a
    literal at its closing quote followed by "@", "^" or nothing, a blank node label at the
    first character that is not part of a label).
    """
    return str(quad)


def load(project: Project) -> Dataset:
    """Parse data/, data/reference/ and ontology/; UserError on a file that does not parse."""
    rows: list[tuple[str, str, ox.Triple]] = []
    read_from: dict[str, list[Path]] = {}
    for graph_name, paths in sources(project):
        triples: list[ox.Triple] = []
        for path in paths:
            try:
                parsed = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, rename_blank_nodes=True)
                triples.extend(q.triple for q in parsed)
            except SyntaxError as error:
                raise UserError(f"not valid Turtle: {error}", path) from None
        # Published under another base than the files name things with: every IRI follows it.
        triples = rebase.triples(triples, project.data_base, project.base)
        if any(isinstance(term, ox.BlankNode) for triple in triples for term in (triple.subject, triple.object)):
            triples = canonical.triples(triples)
        rows.extend((graph_name, str(triple), triple) for triple in triples)
        read_from[graph_name] = paths
    return merge(rows, project, read_from)
