"""`lodpub publish`: put build/'s named graphs into an external SPARQL store, changing only what changed.

Each graph of the N-Quads dump (one per source document, plus reference and vocabulary) and the
shapes graph is written whole: one GSP PUT (or one `DROP SILENT GRAPH; INSERT DATA` update)
per graph. What is in the store is known from a manifest graph, `{namespace}manifest`, that
records per graph the sha256 of its canonical N-Triples and its triple count, as last written.

The RDF merge of the dump's graphs (each triple once; not the shapes, not the manifest) goes into
a named graph of its own, `{namespace}default` (MERGE), written and tracked like the others,
after them, and only when the merge changed. `lodpub serve --store` names it as the default graph
of every query that names none (default-graph-uri). Why: a query without a dataset must see every
graph, as a set, which is what the embedded store's default graph holds, and no two stores agree
on what their own default graph is. Virtuoso answers from the union of every graph it holds, its
system graphs included; Fuseki does with tdb2:unionDefaultGraph; Oxigraph's union (its
--union-default-graph, or a list of default graphs in a query) is a bag, so a triple stated in
two graphs (an operator's label in the reference graph and in a source text's graph) matches
twice and the example queries return 64 rows instead of 2. A named graph means the same on every
store, whatever its default-graph rule, and the store's own default graph is left alone. The
price: the merge is sent besides the graphs (the dataset's triples about twice), and a change to
any graph rewrites the whole merge.

Why a manifest and not a GET of every graph: a store does not give back what it was sent.
Oxigraph rewrites literals to a canonical form ("07"^^xsd:integer becomes "7",
xsd:nonNegativeInteger becomes xsd:integer) and relabels blank nodes, so a hash of the store's
copy never matches the build's even when nothing changed; and a GET of everything costs as much
as publishing it. The manifest costs one small query. Its weak spot, an edit made in the store
behind lodpub's back, is covered by comparing each graph's triple count in the store with the
build's (a different count means the graph is written again) and by `force`.

The manifest is written after the graphs it describes, so it never claims more than the store
holds: a publish that stops half-way leaves the manifest describing older content for some
graphs, and the next run writes those graphs again.

Blank nodes (the vocabulary's and the shapes') go over SPARQL Update as `INSERT { GRAPH <g> {...} }
WHERE {}`, the ground triples as `INSERT DATA`: SPARQL 1.1 allows blank nodes in INSERT DATA, but
Virtuoso refuses them there, and the template of an INSERT ... WHERE {} is taken by every SPARQL
1.1 store, each label one new node, as a GSP PUT makes it. Skolemising them (IRIs under
`/.well-known/genid/`) would work too, but would change the data: the store would then answer
with IRIs where the build and the embedded store have blank nodes.

Oxigraph's GSP PUT clears the graph and then loads the body in a second transaction: a store
that dies between the two leaves that one graph empty (never a mix of old and new) until the
rerun writes it. Where that window matters, give only --query and --update: Oxigraph runs one
update request in one transaction (each graph, and the merge, is one request as large as its
N-Triples; Oxigraph 0.5.13 took a 12 MiB update in a trial).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..core.dataset import MANIFEST, MERGE
from ..errors import UserError
from ..store_access import redact
from .client import StoreClient, StoreError
from .graphs import LocalGraph, read_build
from .manifest import (
    STORE_DEFAULT,
    Entry,
    manifest_ntriples,
    read_manifest,
    store_counts,
)


class PublishError(UserError):
    """The store did not take the whole publish; the message says where it stopped."""

    exit_code = 1


@dataclass(frozen=True)
class Action:
    graph: str
    kind: str  # "put", "delete" or "unchanged"
    reason: str
    triples: int  # the build's count (put, unchanged) or the store's (delete)

    @property
    def label(self) -> str:
        """How messages name the graph: `graph <iri>`, or `the store's default graph`."""
        return STORE_DEFAULT if self.graph == STORE_DEFAULT else f"graph <{self.graph}>"


@dataclass
class Plan:
    namespace: str
    method: str  # "gsp" (Graph Store Protocol) or "update" (SPARQL Update)
    actions: list[Action]
    local: dict[str, LocalGraph]
    recorded: dict[str, Entry]  # the manifest as read from the store

    @property
    def manifest_graph(self) -> str:
        return self.namespace + MANIFEST

    @property
    def merge_graph(self) -> str:
        return self.namespace + MERGE

    @property
    def writes(self) -> list[Action]:
        return [a for a in self.actions if a.kind != "unchanged"]

    @property
    def unchanged(self) -> list[Action]:
        return [a for a in self.actions if a.kind == "unchanged"]


@dataclass(frozen=True)
class Step:
    """Progress: `done` of `total` writes finished; `action` is the one just finished (None at the start)."""

    done: int
    total: int
    action: Action | None


Progress = Callable[[Step], None]


@dataclass
class Report:
    """What a publish did (or, on a dry run, would do)."""

    plan: Plan
    dry_run: bool
    requests: list[str] = field(default_factory=list)  # each write made, e.g. "PUT <iri>", in order
    http_requests: int = 0  # every HTTP request, reads and retries included
    verified: dict[str, int] = field(default_factory=dict)  # graph -> triples counted in the store
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        """Graphs written or removed, the merge included (the manifest not counted)."""
        return 0 if self.dry_run else len(self.plan.writes)

    def summary(self) -> str:
        puts = sum(1 for a in self.plan.writes if a.kind == "put")
        deletes = sum(1 for a in self.plan.writes if a.kind == "delete")
        unchanged = len(self.plan.unchanged)
        via = "Graph Store Protocol" if self.plan.method == "gsp" else "SPARQL Update"
        if self.dry_run:
            return (f"dry run: would change {puts + deletes} graph(s) ({puts} to put, {deletes} to delete), "
                    f"{unchanged} unchanged, via {via}; nothing was written")
        merge = self.plan.merge_graph
        named = {g: n for g, n in self.verified.items() if g != merge}
        return (f"{self.changed} graph(s) changed ({puts} put, {deletes} deleted), {unchanged} unchanged, "
                f"via {via}; counted after publishing, the store holds {len(named)} named graph(s) with "
                f"{sum(named.values())} triples and their merge in <{merge}> with "
                f"{self.verified.get(merge, 0)}, as the build has; {self.seconds:.2f} s")


# -- the build's side ----------------------------------------------------------------------


def plan(build_dir: Path, store: StoreClient, *, namespace: str | None = None, force: bool = False) -> Plan:
    """What publishing would do: per graph put, delete or unchanged, and by which protocol. Reads only."""
    namespace, local = read_build(build_dir, namespace)
    manifest_graph = namespace + MANIFEST
    try:
        method = "gsp" if store.has_graph_store(manifest_graph) else "update"
        if method == "update" and store.endpoints.update is None:
            raise StoreError(f"the store has no Graph Store Protocol at {store.endpoints.gsp} and no update endpoint was given (--update URL)")
        counts = store_counts(store, namespace)
        recorded = read_manifest(store, manifest_graph)
    except StoreError as error:
        raise PublishError(f"could not read the store's state: {error.message}. Nothing was changed.") from None

    merge = namespace + MERGE
    actions: list[Action] = []
    for name, graph in local.items():
        if name == merge:
            continue  # last, below: after every named graph it merges is in place
        actions.append(_compare(name, graph, recorded.get(name), counts.get(name, 0), force))
    for name in sorted(set(counts) - set(local) - {manifest_graph}):
        actions.append(Action(name, "delete", "no longer in the build", counts[name]))
    actions.append(_compare(merge, local[merge], recorded.get(merge), counts.get(merge, 0), force))
    if STORE_DEFAULT in recorded:
        actions.append(Action(STORE_DEFAULT, "delete", f"the merge has moved to <{merge}>", recorded[STORE_DEFAULT].triples))
    return Plan(namespace, method, actions, local, recorded)


def _compare(name: str, graph: LocalGraph, entry: Entry | None, held: int, force: bool) -> Action:
    """Put or unchanged, and why, for one graph of the build."""
    if force:
        return Action(name, "put", "forced", graph.triples)
    if entry is None:
        why = "new" if held == 0 else f"not in the manifest ({held} triples in the store)"
        return Action(name, "put", why, graph.triples)
    if entry.sha256 != graph.sha256:
        return Action(name, "put", "changed", graph.triples)
    if held != graph.triples:
        return Action(name, "put", f"the store holds {held} triples, the build {graph.triples}", graph.triples)
    return Action(name, "unchanged", "same sha256 and triple count", graph.triples)


def publish(build_dir: Path, store: StoreClient, progress: Progress | None = None, dry_run: bool = False, *,
            namespace: str | None = None, force: bool = False, manifest_every: float = 10.0) -> Report:
    """Publish build/ to the store; PublishError naming the graph if the store fails or the counts differ.

    Graphs are written one request each, so each is replaced whole; the manifest follows the graphs
    it describes (at the end, and every `manifest_every` seconds on a long publish).
    """
    started = time.perf_counter()
    sent_before = store.sent
    the_plan = plan(build_dir, store, namespace=namespace, force=force)
    report = Report(the_plan, dry_run)
    if dry_run:
        report.http_requests = store.sent - sent_before
        report.seconds = time.perf_counter() - started
        return report

    progress = progress or (lambda step: None)
    writes = the_plan.writes
    recorded = dict(the_plan.recorded)
    progress(Step(0, len(writes), None))
    last_flush = time.monotonic()
    for done, action in enumerate(writes, start=1):
        try:
            _write(store, the_plan, action, report)
        except StoreError as error:
            raise _stopped(error, action, done - 1, writes, store) from None
        if action.kind == "put":
            graph = the_plan.local[action.graph]
            recorded[action.graph] = Entry(graph.sha256, graph.triples)
        else:
            recorded.pop(action.graph, None)
        progress(Step(done, len(writes), action))
        if time.monotonic() - last_flush >= manifest_every and done < len(writes) and recorded != the_plan.recorded:
            _write_manifest(store, the_plan, recorded, report, writes, done)
            last_flush = time.monotonic()
    for gone in set(recorded) - set(the_plan.local):
        del recorded[gone]  # entries for graphs the store no longer has (deleted by hand)
    if recorded != the_plan.recorded:
        _write_manifest(store, the_plan, recorded, report, writes, len(writes))

    report.verified = verify(store, the_plan)
    report.http_requests = store.sent - sent_before
    report.seconds = time.perf_counter() - started
    report.warnings.extend(store.auth.warnings)
    return report


def _write(store: StoreClient, the_plan: Plan, action: Action, report: Report) -> None:
    if action.kind == "put":
        _replace(store, the_plan.method, action.graph, the_plan.local[action.graph].body, report)
    elif action.graph == STORE_DEFAULT:
        if the_plan.method == "gsp":
            report.requests.append("DELETE default")
            store.delete_default()
        else:
            report.requests.append("DROP default")
            store.drop_default_by_update()
    elif the_plan.method == "gsp":
        report.requests.append(f"DELETE <{action.graph}>")
        store.delete_graph(action.graph)
    else:
        report.requests.append(f"DROP <{action.graph}>")
        store.drop_by_update(action.graph)


def _replace(store: StoreClient, method: str, graph: str, body: bytes, report: Report) -> None:
    if method == "gsp":
        report.requests.append(f"PUT <{graph}>")
        store.put_graph(graph, body)
    else:
        report.requests.append(f"UPDATE <{graph}>")
        store.replace_by_update(graph, body)


def _write_manifest(store: StoreClient, the_plan: Plan, recorded: dict[str, Entry], report: Report,
                    writes: list[Action], done: int) -> None:
    graph = the_plan.manifest_graph
    try:
        _replace(store, the_plan.method, graph, manifest_ntriples(graph, recorded), report)
    except StoreError as error:
        raise _stopped(error, Action(graph, "put", "record what was written", 0), done, writes, store) from None


def verify(store: StoreClient, the_plan: Plan) -> dict[str, int]:
    """The store's triple count per graph must equal the build's, and deleted graphs must be gone."""
    try:
        counts = store_counts(store, the_plan.namespace)
    except StoreError as error:
        raise PublishError(
            f"every graph was written, but counting them in the store failed: {error.message}. "
            "Run `lodpub publish` again to check."
        ) from None
    wrong = []
    for name, graph in the_plan.local.items():
        held = counts.get(name, 0)
        if held != graph.triples:
            wrong.append(f"<{name}> has {held} triples in the store, {graph.triples} in the build")
    for name in sorted(set(counts) - set(the_plan.local) - {the_plan.manifest_graph}):
        wrong.append(f"<{name}> is still in the store ({counts[name]} triples) but not in the build")
    if wrong:
        raise PublishError(
            "the store does not hold what was published: " + "; ".join(wrong) + ". Something else may have written "
            "to the store meanwhile, or the store merged literals it treats as equal; run `lodpub publish` again, "
            "and if the same graph differs again, compare it with the build's dumps."
        )
    return {name: counts.get(name, 0) for name in the_plan.local}


def _stopped(error: StoreError, action: Action, done: int, writes: list[Action], store: StoreClient) -> PublishError:
    verb = {"put": "writing", "delete": "deleting"}[action.kind]
    what = "the manifest" if action.graph.endswith("/" + MANIFEST) else action.label
    rerun = (
        "Graphs written before it are complete in the store, and the manifest still describes the old content of "
        "the rest, so running the same `lodpub publish` again completes the publish."
        if error.transient else
        "Fix the cause, then run `lodpub publish` again: it writes only what is still missing or different."
    )
    message = f"publishing stopped while {verb} {what}: {error.message}. {done} of {len(writes)} graph write(s) had finished. {rerun}"
    return PublishError(redact(message, store.auth.secrets()))
