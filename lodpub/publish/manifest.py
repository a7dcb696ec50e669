"""The manifest graph: what `lodpub publish` last wrote to the store, per graph its sha256 and
triple count, written after the graphs it describes so it never claims more than the store holds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..core.dataset import MANIFEST, MERGE
from ..core.namespaces import RDF_TYPE, RDFS, SPDX, VOID, XSD
from .client import StoreClient, StoreError

# The store's own default graph, where the plan names it (never an IRI: it has spaces). An earlier
# lodpub publish wrote the merge there and described it as `{namespace}manifest#default-graph`;
# the plan empties it once, as the merge has moved to MERGE.
STORE_DEFAULT = "the store's default graph"
OLD_DEFAULT_IN_MANIFEST = "#default-graph"

RDFS_COMMENT = RDFS + "comment"
XSD_INTEGER = XSD + "integer"


@dataclass(frozen=True)
class Entry:
    """What the manifest says the store holds for one graph."""

    sha256: str
    triples: int


def read_manifest(store: StoreClient, manifest_graph: str) -> dict[str, Entry]:
    """The manifest's entries (an earlier publish's entry for the store's default graph as STORE_DEFAULT);
    one malformed or doubled counts as absent."""
    query = (
        f"PREFIX spdx: <{SPDX}> PREFIX void: <{VOID}> "
        f"SELECT ?g ?sha ?n WHERE {{ GRAPH <{manifest_graph}> {{ "
        "?g void:triples ?n ; spdx:checksum ?c . ?c spdx:algorithm spdx:checksumAlgorithm_sha256 ; "
        "spdx:checksumValue ?sha } }"
    )
    seen: dict[str, list[Entry]] = defaultdict(list)
    for row in store.select(query):
        try:
            seen[row["g"]].append(Entry(row["sha"].strip().lower(), int(row["n"])))
        except (KeyError, ValueError):
            continue
    default = manifest_graph + OLD_DEFAULT_IN_MANIFEST
    return {STORE_DEFAULT if graph == default else graph: entries[0]
            for graph, entries in seen.items() if len(set(entries)) == 1}


def manifest_ntriples(manifest_graph: str, entries: dict[str, Entry]) -> bytes:
    """The manifest as N-Triples: per graph its VoID triple count and SPDX sha256 checksum."""
    merge = manifest_graph.removesuffix(MANIFEST) + MERGE
    lines = [
        f"<{manifest_graph}> <{RDFS_COMMENT}> "
        '"Written by lodpub publish: for each named graph of this dataset, the sha256 of its canonical '
        'N-Triples (RDFC-1.0 blank-node labels, sorted lines) and its triple count, as last published."@en .\n',
        f"<{merge}> <{RDFS_COMMENT}> "
        '"The RDF merge of the named graphs of the N-Quads dump: the default graph of queries that name none."@en .\n',
    ]
    for number, (graph, entry) in enumerate(sorted(entries.items())):
        checksum = f"_:checksum{number}"
        lines += [
            f"<{graph}> <{RDF_TYPE}> <{VOID}Dataset> .\n",
            f'<{graph}> <{VOID}triples> "{entry.triples}"^^<{XSD_INTEGER}> .\n',
            f"<{graph}> <{SPDX}checksum> {checksum} .\n",
            f"{checksum} <{RDF_TYPE}> <{SPDX}Checksum> .\n",
            f"{checksum} <{SPDX}algorithm> <{SPDX}checksumAlgorithm_sha256> .\n",
            f'{checksum} <{SPDX}checksumValue> "{entry.sha256}" .\n',
        ]
    return "".join(lines).encode("utf-8")


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- plan, publish, verify -----------------------------------------------------------------


def store_counts(store: StoreClient, namespace: str) -> dict[str, int]:
    """Triples per named graph under the namespace, as the store counts them (its default graph is
    not asked: on Virtuoso it is every graph of the store)."""
    query = (
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(STRSTARTS(STR(?g), {_string(namespace)})) }} GROUP BY ?g"
    )
    counts = {}
    for row in store.select(query):
        try:
            counts[row["g"]] = int(row["n"])
        except (KeyError, ValueError):
            raise StoreError(f"the query endpoint {store.endpoints.query} answered a count query with {row!r}") from None
    return counts
