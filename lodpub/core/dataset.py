"""The whole dataset as quads in memory, one named graph per source document.

Kept as parsed quads rather than in an Oxigraph store: the store canonicalises literals
("07" -> "7", xsd:nonNegativeInteger -> xsd:integer), and the dumps must say exactly what
data/ says. Graph names, every one under `{base}graph/`: `{seed}` for each data file,
`reference` for data/reference/, `vocabulary` for ontology/; in an external store also
`shapes` (shapes/), `manifest` (what `lodpub publish` wrote) and `default` (the merge of
the dataset's graphs, which queries naming no dataset see). Blank nodes get canonical
labels (rdflib's canonicalisation) so that two loads of the same files give the same quads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..config import Project
from ..errors import UserError
from . import canonical, rebase


@dataclass
class Dataset:
    project: Project
    quads: list[ox.Quad]  # sorted, no duplicates within a graph
    sources: dict[str, list[Path]]  # graph IRI -> the files it was loaded from
    _merged: list[ox.Triple] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def document_graphs(self) -> list[str]:
        prefix = graph_namespace(self.project)
        return sorted(g for g in self.sources if g.startswith(prefix) and g not in special_graphs(self.project))

    @property
    def vocabulary_graph(self) -> str:
        return vocabulary_graph(self.project)

    def triples(self) -> list[ox.Triple]:
        """The union of all graphs (the default graph of the SPARQL endpoint), sorted; made once.

        The quads are sorted by subject, predicate, object and then graph, so they are in
        triple_key order already, and a triple in several graphs comes in a row: one pass.
        """
        if self._merged is not None:
            return self._merged
        merged: list[ox.Triple] = []
        last = None
        for quad in self.quads:
            triple = quad.triple
            if triple != last:
                merged.append(triple)
                last = triple
        self._merged = merged
        return merged


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
    """Parse data/, data/reference/ and ontology/ into a store; UserError on a file that does not parse."""
    everything: list[ox.Quad] = []
    read_from: dict[str, list[Path]] = {}
    for graph_name, paths in sources(project):
        name = ox.NamedNode(graph_name)
        quads: list[ox.Quad] = []
        for path in paths:
            try:
                parsed = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, rename_blank_nodes=True)
                quads.extend(ox.Quad(q.subject, q.predicate, q.object, name) for q in parsed)
            except SyntaxError as error:
                raise UserError(f"not valid Turtle: {error}", path) from None
        # Published under another base than the files name things with: every IRI follows it.
        quads = rebase.quads(quads, project.data_base, project.base)
        if any(isinstance(term, ox.BlankNode) for quad in quads for term in (quad.subject, quad.object)):
            quads = canonical.quads(quads, name)
        everything.extend(set(quads))
        read_from[graph_name] = paths
    return Dataset(project, sorted(everything, key=quad_key), read_from)
