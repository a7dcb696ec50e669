"""The build's side of a publish: each graph of the N-Quads dump and the shapes, as it is sent."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..core import layout
from ..core.dataset import MANIFEST, MERGE, SHAPES
from ..core.formats import NQUADS, TURTLE
from ..core.packed import DAMAGED, open_dump
from ..errors import UserError


@dataclass(frozen=True)
class LocalGraph:
    """One graph of the build, as it is sent: canonical N-Triples, sorted."""

    name: str
    body: bytes
    sha256: str
    triples: int


def read_build(build_dir: Path, namespace: str | None = None) -> tuple[str, dict[str, LocalGraph]]:
    """The graphs to publish: every graph of dumps/*.nq.gz, dumps/shapes.ttl.gz as `{namespace}shapes`,
    and last, as `{namespace}default`, the merge of the dump's graphs (the same blank node in two
    graphs stays one)."""
    dumps = Path(build_dir) / layout.DUMPS
    nquads = sorted(dumps.glob(f"*.{NQUADS.extension}{layout.PACKED}"))
    if not nquads:
        raise UserError("no N-Quads dump to publish; run `lodpub build` first", dumps)
    if len(nquads) > 1:
        raise UserError(f"more than one N-Quads dump ({', '.join(p.name for p in nquads)}); which is this dataset?", dumps)
    groups: dict[str, list[ox.Triple]] = defaultdict(list)
    with _reading(nquads[0], "N-Quads") as stream:
        for quad in ox.parse(stream, format=ox.RdfFormat.N_QUADS):
            if not isinstance(quad.graph_name, ox.NamedNode):
                raise UserError("the dump has triples outside a named graph; rebuild with `lodpub build`", nquads[0])
            groups[quad.graph_name.value].append(quad.triple)
    namespace = namespace or _namespace(list(groups), nquads[0])
    merged = [triple for triples in groups.values() for triple in triples]
    shapes = Path(build_dir) / layout.dump("shapes", TURTLE.extension)
    if shapes.is_file():
        with _reading(shapes, "Turtle") as stream:
            groups[namespace + SHAPES] = list(ox.parse(stream, format=ox.RdfFormat.TURTLE))
    for name in groups:
        if not name.startswith(namespace) or "/" in name[len(namespace):] or name in (namespace + MANIFEST, namespace + MERGE):
            raise UserError(f"the dump has a graph <{name}> outside {namespace}{{name}}; rebuild with `lodpub build`", nquads[0])
    local = {name: local_graph(name, triples) for name, triples in sorted(groups.items())}
    local[namespace + MERGE] = local_graph(namespace + MERGE, merged)
    return namespace, local


@contextmanager
def _reading(path: Path, syntax: str) -> Iterator[BinaryIO]:
    """The dump's text; what is wrong with it said as the user's error, naming the file."""
    try:
        with open_dump(path) as stream:
            yield stream
    except SyntaxError as error:
        raise UserError(f"not valid {syntax}: {error}", path) from None
    except DAMAGED as error:
        raise UserError(f"not a whole gzip file: {error}", path) from None


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
