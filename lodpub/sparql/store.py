"""The on-disk Oxigraph store behind the engine: built once per dump, found again by its sha256."""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from .limits import EngineError

_DONE = "complete"  # written last: a folder without it is a load that did not finish
_GRAPHS = "graphs.txt"


def open_store(nquads: Path, cache_dir: Path) -> Path:
    """An on-disk Oxigraph store loaded from the dump, reused while the dump's sha256 is the same.

    The store lives in cache_dir/{sha256}/store. It is bulk-loaded into a temporary folder
    and renamed into place when complete, so a crash never leaves a half store to be reused, and
    two processes loading the same dump at once both end up with one good copy. Older stores are
    left alone: a running server may still read one.
    """
    nquads, cache_dir = Path(nquads), Path(cache_dir)
    try:
        digest = _sha256(nquads)
    except OSError as error:
        raise EngineError(f"cannot read the dump: {error.strerror}", nquads) from None
    home = cache_dir / digest
    if (home / _DONE).is_file():
        return home / "store"
    cache_dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{digest[:12]}-", dir=cache_dir))
    try:
        names = _load(nquads, scratch / "store")
        (scratch / _GRAPHS).write_text("".join(f"{name}\n" for name in names), encoding="utf-8")
        (scratch / _DONE).write_text(f"{nquads.name} sha256:{digest}\n", encoding="utf-8")
        try:
            os.rename(scratch, home)
        except OSError:
            if not (home / _DONE).is_file():  # not another process that finished first
                raise
    except SyntaxError as error:
        raise EngineError(f"the dump is not valid N-Quads: {error}", nquads) from None
    except OSError as error:
        raise EngineError(f"cannot build the SPARQL store here: {error}", cache_dir) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return home / "store"


def graph_names(store: Path) -> list[str]:
    """The named graphs in a store made by open_store, sorted (read from the list written at load)."""
    listing = Path(store).parent / _GRAPHS
    if listing.is_file():
        return [line for line in listing.read_text(encoding="utf-8").splitlines() if line]
    opened = ox.Store.read_only(str(store))
    return sorted(g.value for g in opened.named_graphs() if isinstance(g, ox.NamedNode))


def _load(nquads: Path, path: Path) -> list[str]:
    """Load the dump into a new store at `path`: each quad in its named graph, and once more in the
    default graph. Returns the named graphs.

    Why the copy: Oxigraph's union default graph (use_default_graph_as_union, or a list of
    default graphs) is a bag: a triple stated in two graphs (an operator's label in the reference
    graph and in a source document's graph) matches twice, so every query would need DISTINCT.
    The store's own default graph is a set, so the copy is the RDF merge SPARQL means by "the
    union of all graphs". One parse feeds both, so blank nodes are the same in both.
    """
    store = ox.Store(str(path))

    def both():
        for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
            yield quad
            yield ox.Quad(quad.subject, quad.predicate, quad.object)

    store.bulk_extend(both())
    store.optimize()
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    # RocksDB holds its lock until the Store object is gone; workers open the folder read-only.
    del store
    gc.collect()
    return names


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
