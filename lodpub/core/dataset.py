"""The whole dataset in memory, one named graph per source document: each triple once, with the
graphs it is in.

Kept as parsed triples rather than in an Oxigraph store: the store canonicalises literals
("07" -> "7", xsd:nonNegativeInteger -> xsd:integer), and the dumps must say exactly what
data/ says. Each distinct term is one object that all the triples naming it share
(triples.py): 830 MB at 10,000 answers where pyoxigraph's own triples took 2.3 GB.
Graph names, every one under `{base}graph/`: `{seed}` for each data file,
`reference` for data/reference/, `vocabulary` for ontology/; in an external store also
`shapes` (shapes/), `manifest` (what `lodpub publish` wrote) and `default` (the merge of
the dataset's graphs, which queries naming no dataset see). Blank nodes get canonical
labels (rdflib's canonicalisation) so that two loads of the same files give the same quads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..config import Project
from ..errors import UserError
from . import canonical, kept_dataset, rebase
from .triples import Terms, Triple


@dataclass
class Dataset:
    """Each triple once, with the graphs it is in: the quads of one triple in several graphs share
    it. Holding every quad as an object of its own took twice the memory of the triples, and
    the merged triples were made from them again."""

    project: Project
    merged: list[Triple]  # the union of all graphs, sorted by triple_key, each triple once
    graphs: list[str | tuple[str, ...]]  # for each triple, its graph, or its graphs in N-Quads order
    sources: dict[str, list[Path]]  # graph IRI -> the files it was loaded from
    # graph IRI -> a digest of the bytes it was parsed from (load): what keys its dump pieces
    read: dict[str, bytes] = field(default_factory=dict)
    # Where the load started from a kept dataset (kept_dataset.state): that one's state and this
    # one's, and the subjects (N-Triples forms) whose triples may differ between the two
    # (`changed`: no other subject's do); b"", b"" and None where it did not.
    since: bytes = b""
    state: bytes = b""
    changed: frozenset[str] | None = None
    _graphs: dict[str, list[Triple]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def document_graphs(self) -> list[str]:
        prefix = graph_namespace(self.project)
        return sorted(g for g in self.sources if g.startswith(prefix) and g not in special_graphs(self.project))

    @property
    def vocabulary_graph(self) -> str:
        return vocabulary_graph(self.project)

    def triples(self) -> list[Triple]:
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

    def graph(self, name: str) -> list[Triple]:
        """The triples of one graph, sorted; each graph picked out once (the vocabulary is read by
        the version check, the dumps and the vocabulary pages)."""
        if name not in self._graphs:
            self._graphs[name] = [
                t for t, g in zip(self.merged, self.graphs) if g == name or (isinstance(g, tuple) and name in g)
            ]
        return self._graphs[name]


def merge(
    rows: list[tuple[str, Triple]], terms: Terms, project: Project, sources: dict[str, list[Path]],
    read: dict[str, bytes] | None = None,
) -> Dataset:
    """The dataset of (graph IRI, triple) rows, whose triples `terms` made; a row given twice (a
    triple written twice in one graph) counts once.

    Sorted by the triple's N-Triples line and then the graph's N-Quads term: the order of
    quad_key, so the quads come out as N-Quads sorts. A line orders as its terms would, one
    after the other (quad_key's argument), so each row is sorted by one number made of its
    terms' ranks (Terms.ranks): a line a row, made only to be compared, took 500 MB at 10,000
    answers.
    """
    ranks = terms.ranks()
    named = {graph: rank for rank, graph in enumerate(sorted({graph for graph, _ in rows}, key=lambda g: f"<{g}>"))}
    count, graph_count = len(ranks), len(named)

    def order(row: tuple[str, Triple]) -> int:
        graph, triple = row
        spo = (ranks[id(triple.subject)] * count + ranks[id(triple.predicate)]) * count + ranks[id(triple.object)]
        return spo * graph_count + named[graph]

    rows.sort(key=order)
    merged: list[Triple] = []
    graphs: list[str | tuple[str, ...]] = []
    last = None
    for graph, triple in rows:
        if last is not None and _same(triple, last):
            before = graphs[-1]
            if graph == (before if isinstance(before, str) else before[-1]):
                continue  # the same triple in the same graph: sorted rows put the two side by side
            graphs[-1] = (before, graph) if isinstance(before, str) else (*before, graph)
        else:
            merged.append(triple)
            graphs.append(graph)
            last = triple
    return Dataset(project, merged, graphs, sources, read or {})


def _same(one: Triple, other: Triple) -> bool:
    """The same triple, of shared terms: the same three objects."""
    return one.subject is other.subject and one.predicate is other.predicate and one.object is other.object


# Graph names below {base}graph/.
GRAPHS = "graph/"
REFERENCE = "reference"
VOCABULARY = "vocabulary"
SHAPES = "shapes"  # the shapes graph, in an external store only
MANIFEST = "manifest"  # what `lodpub publish` wrote, in an external store only
MERGE = "default"  # the merge of the dataset's graphs, queried as the default graph, in an external store only


_OWN_GRAPHS = (REFERENCE, VOCABULARY, SHAPES, MANIFEST, MERGE)


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
    for _, (path,) in groups:
        if path.stem in _OWN_GRAPHS:
            # Its graph would be another's: two sources of one graph, whose changes a kept
            # dataset or a kept dump piece would not tell apart.
            raise UserError(f"a data file may not be named {path.name}: '{path.stem}' names a graph of lodpub's own "
                            f"({', '.join(_OWN_GRAPHS)}); rename it", path)
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


def load(project: Project, keep: Path | None = None, kept: bool = True) -> Dataset:
    """Parse data/, data/reference/ and ontology/; UserError on a file that does not parse.

    With `keep`, a folder, the dataset is kept there for the next load; and, unless `kept` is
    false, the one kept there is read, so that only the graphs whose bytes changed since are
    parsed (kept_dataset.py).
    """
    made_with = kept_dataset.key(project.base, project.data_base) if keep is not None else b""
    before = kept_dataset.read(keep, made_with) if keep is not None and kept else None
    rows: list[tuple[str, Triple]] = []
    read_from: dict[str, list[Path]] = {}
    terms = Terms()  # the triples share their terms (triples.py)
    digests: dict[str, bytes] = {}
    changed: set[str] = set()  # the graphs parsed: all of them, or those changed since the kept dataset
    for graph_name, paths in sources(project):
        # The bytes parsed are the bytes digested: a file changed meanwhile cannot give a graph
        # whose digest is another's.
        summed = hashlib.blake2b(digest_size=16)
        contents = []
        for path in paths:
            data = path.read_bytes()
            summed.update(f"{path.name}\0{len(data)}\0".encode("utf-8") + data)
            contents.append((path, data))
        digests[graph_name] = summed.digest()
        read_from[graph_name] = paths
        if before is None or before.read.get(graph_name) != digests[graph_name]:
            changed.add(graph_name)
            rows.extend((graph_name, terms.triple(triple)) for triple in _parse(project, contents))
    names = sorted(read_from, key=lambda g: f"<{g}>")

    if before is not None:
        redo = changed | (set(before.names) - set(names))  # changed, or gone
        known = kept_dataset.terms(before)
        since, state = kept_dataset.state(made_with, before.read), kept_dataset.state(made_with, digests)
        if not redo:
            return Dataset(project, *kept_dataset.dataset_of(before, known), read_from, digests, since, state, frozenset())
        updated = kept_dataset.update(before, known, names, redo, rows, digests) if len(rows) <= _PLACED else None
        if updated is not None:
            made, triples, graphs, subjects = updated
            kept_dataset.write(keep, made)
            return Dataset(project, triples, graphs, read_from, digests, since, state, subjects)
        # Too many triples changed to place each, or a term a kept dataset cannot hold: sorted
        # with the kept triples of the graphs that did not change.
        for triple, graphs in zip(*kept_dataset.dataset_of(before, known)):
            shared = terms.triple(triple)
            rows.extend((graph, shared) for graph in ((graphs,) if graphs.__class__ is str else graphs) if graph not in redo)

    dataset = merge(rows, terms, project, read_from, digests)
    if keep is not None:
        dataset.state = kept_dataset.state(made_with, digests)
        made = kept_dataset.of(made_with, dataset.merged, dataset.graphs, names, digests)
        if made is not None:
            kept_dataset.write(keep, made)
    return dataset


# Changed triples placed one by one among the kept ones (a few dozen comparisons each) up to this
# many; more are sorted with them, as a load from the files sorts them all.
_PLACED = 50_000


def _parse(project: Project, contents: list[tuple[Path, bytes]]) -> list[ox.Triple]:
    """One graph's triples, from its files' bytes: rebased, blank nodes labelled canonically."""
    triples: list[ox.Triple] = []
    for path, data in contents:
        try:
            parsed = ox.parse(data, format=ox.RdfFormat.TURTLE, rename_blank_nodes=True)
            triples.extend(q.triple for q in parsed)
        except SyntaxError as error:
            raise UserError(f"not valid Turtle: {error}", path) from None
    # Published under another base than the files name things with: every IRI follows it.
    triples = rebase.triples(triples, project.data_base, project.base)
    if any(isinstance(term, ox.BlankNode) for triple in triples for term in (triple.subject, triple.object)):
        triples = canonical.triples(triples)
    return triples
