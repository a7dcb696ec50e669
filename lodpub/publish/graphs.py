"""The build's side of a publish: each graph of the N-Quads dump and the shapes, as it is sent."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..core.dataset import MANIFEST, MERGE, SHAPES
from ..errors import UserError


@dataclass(frozen=True)
class LocalGraph:
    """One graph of the build, as it is sent: canonical N-Triples, sorted."""

    name: str
    body: bytes
    sha256: str
    triples: int


def read_build(build_dir: Path, namespace: str | None = None) -> tuple[str, dict[str, LocalGraph]]:
    """The graphs to publish: every graph of dumps/*.nq, dumps/shapes.ttl as `{namespace}shapes`, and
    last, as `{namespace}default`, the merge of the dump's graphs (the same blank node in two graphs
    stays one)."""
    dumps = Path(build_dir) / "dumps"
    nquads = sorted(dumps.glob("*.nq"))
    if not nquads:
        raise UserError("no N-Quads dump to publish; run `lodpub build` first", dumps)
    if len(nquads) > 1:
        raise UserError(f"more than one N-Quads dump ({', '.join(p.name for p in nquads)}); which is this dataset?", dumps)
    groups: dict[str, list[ox.Triple]] = defaultdict(list)
    try:
        for quad in ox.parse(path=str(nquads[0]), format=ox.RdfFormat.N_QUADS):
            if not isinstance(quad.graph_name, ox.NamedNode):
                raise UserError("the dump has triples outside a named graph; rebuild with `lodpub build`", nquads[0])
            groups[quad.graph_name.value].append(quad.triple)
    except SyntaxError as error:
        raise UserError(f"not valid N-Quads: {error}", nquads[0]) from None
    namespace = namespace or _namespace(list(groups), nquads[0])
    merged = [triple for triples in groups.values() for triple in triples]
    shapes = dumps / "shapes.ttl"
    if shapes.is_file():
        try:
            groups[namespace + SHAPES] = list(ox.parse(path=str(shapes), format=ox.RdfFormat.TURTLE))
        except SyntaxError as error:
            raise UserError(f"not valid Turtle: {error}", shapes) from None
    for name in groups:
        if not name.startswith(namespace) or "/" in name[len(namespace):] or name in (namespace + MANIFEST, namespace + MERGE):
            raise UserError(f"the dump has a graph <{name}> outside {namespace}{{name}}; rebuild with `lodpub build`", nquads[0])
    local = {name: local_graph(name, triples) for name, triples in sorted(groups.items())}
    local[namespace + MERGE] = local_graph(namespace + MERGE, merged)
    return namespace, local


def _namespace(names: list[str], path: Path) -> str:
    """`https://w3id.org/ftsvar/graph/` from the graph names `.../graph/{seed}`, `.../graph/reference`, ..."""
    prefixes = {name.rsplit("/", 1)[0] + "/" for name in names}
    if len(prefixes) != 1:
        raise UserError(f"the dump's graphs do not share one namespace: {', '.join(sorted(prefixes))}", path)
    return prefixes.pop()


def local_graph(name: str, triples: list[ox.Triple]) -> LocalGraph:
    """Canonical N-Triples of a graph: RDFC-1.0 blank-node labels, one line per triple, sorted.

    Only the triples with a blank node go through RDFC-1.0: the labels it gives depend on those
    alone, so the result is the whole graph's canonical form, at a fraction of the cost (the
    merge of a large dataset is mostly ground triples).
    """
    ground, blank = [], []
    for t in triples:
        (blank if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) else ground).append(t)
    text = ox.serialize(ground, format=ox.RdfFormat.N_TRIPLES)
    if blank:
        dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in blank)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        text += ox.serialize((q.triple for q in dataset), format=ox.RdfFormat.N_TRIPLES)
    lines = sorted(set(text.splitlines(keepends=True)))
    body = b"".join(lines)
    return LocalGraph(name, body, hashlib.sha256(body).hexdigest(), len(lines))


# -- the store's side ----------------------------------------------------------------------
