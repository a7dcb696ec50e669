"""The on-disk Oxigraph store behind the engine: built once per dump, found again by its sha256.

`lodpub build` fills the store of the dump it writes, so `lodpub serve` starts on it, and then
removes the stores of other dumps that no engine holds (`hold`, `prune`): one store per build,
not one per build ever made.

When the build before left a store of its own dump, the new store starts as a copy of that one
(a RocksDB checkpoint: its immutable files hard-linked, made in milliseconds) and takes only the
difference between the two dumps (`_update`). At 10,000 answers a load from scratch takes about a
minute and 2.5 GB; one changed answer is a few hundred lines of difference.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from .. import lifeline
from ..core import kept, layout
from ..core.packed import DAMAGED, open_dump
from .limits import EngineError

_DONE = "complete"  # written last: a folder without it is a load that did not finish
_GRAPHS = "graphs.txt"
_DIGESTS = "digests.txt"  # each graph's digest over its lines in the dump (_update), beside a store made by one
_LOADING = ".loading-"  # a load in progress, or one that was killed
_LOAD_STARTING = 60.0  # seconds: younger loading folders are never taken for abandoned ones
_LOAD_BATCH = 250_000  # quads given to the bulk loader at a time (_load)
# Where a project keeps its stores, relative to its folder.
STORES = Path(".cache") / "stores"


def open_store(nquads: Path, cache_dir: Path, previous: Path | None = None) -> Path:
    """An on-disk Oxigraph store loaded from the dump, reused while the dump's sha256 is the same.

    `previous`: the dump of the build before, whose store (if it is still here) the new one is
    made from by applying the difference (`_update`), rather than loaded from scratch.

    The store lives in cache_dir/{sha256}/store. It is bulk-loaded into a temporary folder
    and renamed into place when complete, so a crash never leaves a half store to be reused, and
    two processes loading the same dump at once both end up with one good copy. Older stores are
    left alone here; `prune` removes those no engine holds.
    """
    nquads, cache_dir = Path(nquads), Path(cache_dir)
    try:
        digest = _sha256(nquads)
    except OSError as error:
        raise EngineError(f"cannot read the dump: {error.strerror}", nquads) from None
    home = cache_dir / digest
    if (home / _DONE).is_file():
        return home / "store"
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f"{_LOADING}{digest[:12]}-", dir=cache_dir))
    except OSError as error:
        raise EngineError(f"cannot build the SPARQL store here: {error.strerror}", cache_dir) from None
    # Held while loading: `prune` removes a folder left by a load that was killed, never a running one.
    loading = os.open(scratch, os.O_RDONLY | os.O_CLOEXEC)
    fcntl.flock(loading, fcntl.LOCK_EX)
    try:
        names = _update_or_load(nquads, scratch / "store", cache_dir, previous)
        (scratch / _GRAPHS).write_text("".join(f"{name}\n" for name in names), encoding="utf-8")
        (scratch / _DONE).write_text(f"{nquads.name} sha256:{digest}\n", encoding="utf-8")
        try:
            os.rename(scratch, home)
        except OSError:
            if not (home / _DONE).is_file():  # not another process that finished first
                raise
    except SyntaxError as error:
        raise EngineError(f"the dump is not valid N-Quads: {error}", nquads) from None
    except DAMAGED as error:
        raise EngineError(f"the dump is not a whole gzip file: {error}", nquads) from None
    except OSError as error:
        raise EngineError(f"cannot build the SPARQL store here: {error}", cache_dir) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        os.close(loading)
    return home / "store"


def complete(store: Path) -> bool:
    """Whether `store` (a path open_store returned) is there, loaded to the end."""
    return (Path(store).parent / _DONE).is_file()


def hold(store: Path) -> int:
    """Mark `store` (a path open_store returned) as in use until the returned descriptor is closed
    or this process ends: `prune` leaves it alone. A shared lock, so any number may hold it."""
    try:
        guard = os.open(Path(store).parent / _DONE, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        raise EngineError("the SPARQL store was removed while opening it; start again", store) from None
    fcntl.flock(guard, fcntl.LOCK_SH)
    return guard


def prune(cache_dir: Path, keep: Path) -> list[Path]:
    """Remove the complete stores under `cache_dir` other than `keep` (a path open_store returned)
    that no engine holds; returns what was removed. Loads still running (their folders are not
    complete yet) are left alone."""
    removed = []
    for home in sorted(Path(cache_dir).glob("*")):
        if home.name.startswith(_LOADING):
            _remove_if_abandoned(home)
            continue
        if home.name.startswith(".") or home == Path(keep).parent or not (home / _DONE).is_file():
            continue  # being removed, or not a store
        try:
            guard = os.open(home / _DONE, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(guard, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(guard)
            continue  # held: a server still queries it
        try:
            # Renamed first, so no engine can find it half removed.
            doomed = home.with_name(f".removed-{home.name}")
            os.rename(home, doomed)
        except OSError:
            continue
        finally:
            os.close(guard)
        shutil.rmtree(doomed, ignore_errors=True)
        removed.append(home)
    return removed


def _remove_if_abandoned(scratch: Path) -> None:
    """Remove the folder of a load whose process is gone (it held the folder's lock while alive)."""
    try:
        if time.time() - scratch.stat().st_mtime < _LOAD_STARTING:
            return  # perhaps just made, its lock not yet taken
        guard = os.open(scratch, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        fcntl.flock(guard, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # still loading
    finally:
        os.close(guard)
    shutil.rmtree(scratch, ignore_errors=True)


def graph_names(store: Path) -> list[str]:
    """The named graphs in a store made by open_store, sorted (read from the list written at load)."""
    listing = Path(store).parent / _GRAPHS
    if listing.is_file():
        return [line for line in listing.read_text(encoding="utf-8").splitlines() if line]
    opened = ox.Store.read_only(str(store))
    return sorted(g.value for g in opened.named_graphs() if isinstance(g, ox.NamedNode))


# Beyond this share of the dump's graphs changed, loading from scratch is the quicker way.
_MOST_CHANGED = 0.25


def _update_or_load(nquads: Path, path: Path, cache_dir: Path, previous: Path | None) -> list[str]:
    """Make the store of `nquads` at `path`, from the store of `previous` when there is one;
    returns its named graphs."""
    store = None
    base = _stored(previous, cache_dir) if previous is not None else None
    if base is not None:
        try:
            guard = hold(base / "store")  # not pruned while it is copied
        except EngineError:
            guard = None
        if guard is not None:
            try:
                store = _update(previous, base / "store", nquads, path)
            except (OSError, RuntimeError, SyntaxError, ValueError):
                # The build before was removed meanwhile, or its store is not what it was: the
                # load from scratch below makes the store all the same.
                store = None
            finally:
                os.close(guard)
            if store is None:
                shutil.rmtree(path, ignore_errors=True)
    if store is None:
        store = _load(nquads, path)
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    # RocksDB holds its lock until the Store object is gone; workers open the folder read-only.
    del store
    gc.collect()
    return names


def _stored(nquads: Path, cache_dir: Path) -> Path | None:
    """The complete store of the dump `nquads` under `cache_dir`, if there is one."""
    try:
        home = cache_dir / _sha256(nquads)
    except OSError:
        return None
    return home if (home / _DONE).is_file() else None


def _update(old_dump: Path, old_store: Path, nquads: Path, path: Path) -> ox.Store | None:
    """Make the store of `nquads` at `path` from the store of `old_dump` and the graphs in which
    the two dumps differ; None (and nothing made) when too much changed for that to pay.

    The dumps are N-Quads, one quad a line, and a line's text is all of the quad (blank nodes
    carry labels made from their content, so unchanged data keeps its lines); each graph's lines
    are one run (build/by_graph.py). A graph whose digest over its lines is the same in both
    dumps holds the same quads. Each other graph of the store before loses all its quads and
    gets the new dump's lines of it. The default graph (the merge: see `_load`) gets each added
    triple, and loses a removed one when no named graph holds it any more; a graph left empty is
    dropped.

    One pass over the new dump: the old dump's digests are kept beside its store (`_DIGESTS`),
    and its changed graphs' quads are read from the store, not from the dump. Four passes (both
    dumps' digests, then both dumps' changed lines) took 22 s at 10,000 answers.
    """
    old = _kept_digests(old_store.parent) or _digests(old_dump)
    scanned = _scan(nquads, old, limit=int(_MOST_CHANGED * max(len(old), 1)))
    if scanned is None:
        return None
    new, lines = scanned
    changed = {group for group in old.keys() | new.keys() if old.get(group) != new.get(group)}
    if len(changed) > _MOST_CHANGED * max(len(new), 1) or not all(_named(group) for group in changed):
        return None
    ox.Store.read_only(str(old_store)).backup(str(path))
    store = ox.Store(str(path))
    removed = [
        quad for group in sorted(changed & old.keys())
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(_named(group)))
    ]
    for quad in removed:
        store.remove(quad)
    added = _parse(lines)
    store.extend([q for quad in added for q in (quad, ox.Quad(quad.subject, quad.predicate, quad.object))])
    for quad in removed:
        held = store.quads_for_pattern(quad.subject, quad.predicate, quad.object)
        if not any(not isinstance(q.graph_name, ox.DefaultGraph) for q in held):
            store.remove(ox.Quad(quad.subject, quad.predicate, quad.object))
    # A graph stays named in the store when its last quad goes, as a load would not have it.
    for graph in {quad.graph_name for quad in removed}:
        if next(store.quads_for_pattern(None, None, None, graph), None) is None:
            store.remove_graph(graph)
    store.flush()
    _keep_digests(path.parent, new)
    return store


def _group(line: bytes) -> bytes:
    """A line's last term: the graph's name (the object's, for a quad in the default graph)."""
    return line.rsplit(b" ", 2)[-2]


def _named(group: bytes) -> str | None:
    """The IRI of a group that names a graph (`<...>`); None for any other term."""
    return group[1:-1].decode("utf-8") if group.startswith(b"<") and group.endswith(b">") else None


def _digests(nquads: Path) -> dict[bytes, bytes]:
    """Each group's digest over its lines, in the dump's order."""
    digests: dict[bytes, hashlib.blake2b] = {}
    with open_dump(nquads) as stream:
        for line in stream:
            group = _group(line)
            digest = digests.get(group)
            if digest is None:
                digest = digests[group] = hashlib.blake2b(digest_size=16)
            digest.update(line)
    return {group: digest.digest() for group, digest in digests.items()}


def _scan(nquads: Path, old: dict[bytes, bytes], limit: int) -> tuple[dict[bytes, bytes], set[bytes]] | None:
    """Each group's digest in the dump, and the lines of the groups whose digest is not the one
    in `old`; None where a group's lines are not one run (a dump written in another order), or
    where more than `limit` groups differ (a load is then the quicker way)."""
    digests: dict[bytes, bytes] = {}
    lines: set[bytes] = set()
    differ = 0
    with open_dump(nquads) as stream:
        for group, run in itertools.groupby(stream, key=_group):
            if group in digests:
                return None
            held = list(run)
            digest = hashlib.blake2b(b"".join(held), digest_size=16).digest()
            digests[group] = digest
            if digest != old.get(group):
                differ += 1
                if differ > limit:
                    return None
                lines.update(held)
    return digests, lines


def _kept_digests(home: Path) -> dict[bytes, bytes] | None:
    """The digests `_keep_digests` kept beside a store, if it kept any."""
    try:
        text = (home / _DIGESTS).read_bytes()
        return {group: bytes.fromhex(digest.decode("ascii")) for digest, group in (line.split(b" ", 1) for line in text.splitlines())}
    except (OSError, ValueError):
        return None


def _keep_digests(home: Path, digests: dict[bytes, bytes]) -> None:
    # Kept as every cache is (kept.py): a store without them is made from its dump's digests.
    kept.write_bytes(home / _DIGESTS, b"".join(digest.hex().encode("ascii") + b" " + group + b"\n" for group, digest in digests.items()))


def _parse(lines: set[bytes]) -> list[ox.Quad]:
    if not lines:
        return []
    return list(ox.parse(b"".join(sorted(lines)), format=ox.RdfFormat.N_QUADS))


def _load(nquads: Path, path: Path) -> ox.Store:
    """Load the dump into a new store at `path`: each quad in its named graph, and once more in the
    default graph.

    Why the copy: Oxigraph's union default graph (use_default_graph_as_union, or a list of
    default graphs) is a bag: a triple stated in two graphs (an operator's label in the reference
    graph and in a source document's graph) matches twice, so every query would need DISTINCT.
    The store's own default graph is a set, so the copy is the RDF merge SPARQL means by "the
    union of all graphs". One parse feeds both, so blank nodes are the same in both.
    """
    store = ox.Store(str(path))

    def both(stream):
        for quad in ox.parse(stream, format=ox.RdfFormat.N_QUADS):
            yield quad
            yield ox.Quad(quad.subject, quad.predicate, quad.object)

    # In batches: given the whole 10,000-answer dump at once, the bulk loader held 2.35 GB, the
    # build's largest process; in batches of _LOAD_BATCH quads, 544 MB, for 71 s instead of 54 s.
    with open_dump(nquads) as stream:
        quads = both(stream)
        while batch := list(itertools.islice(quads, _LOAD_BATCH)):
            store.bulk_extend(batch)
    store.optimize()
    return store


def _sha256(path: Path) -> str:
    """The file's sha256, as the SHA256SUMS beside it lists it (the build writes one beside its
    dumps, having hashed each as it wrote it: reading a dump again takes 1.3 s at 10,000
    answers), when that list is no older than the file; else read from the file."""
    sums = path.with_name(layout.DUMP_SUMS)
    try:
        if sums.stat().st_mtime_ns >= path.stat().st_mtime_ns:
            for line in sums.read_text(encoding="utf-8").splitlines():
                listed, _, name = line.partition("  ")
                if name == path.name and re.fullmatch(r"[0-9a-f]{64}", listed):
                    return listed
    except (OSError, UnicodeDecodeError):
        pass
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Filling:
    """`open_store(nquads, cache_dir, previous)` in a process of its own; `filled` waits for it.

    It ends with its caller, however that ends (lifeline): the parent-death signal comes when
    the *thread* that started it ends, so a thread of its own starts it and lives until it
    exits. So it may be made from any thread (the build makes it from the one that hears the
    dump is written).
    """

    def __init__(self, nquads: Path, cache_dir: Path, previous: Path | None = None):
        self.command = lifeline.module_command(__name__, str(nquads), str(cache_dir), str(previous or ""))
        self.outcome: tuple[int, str, str] | OSError | None = None
        self._process: subprocess.Popen | None = None
        self._stopped = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with self._lock:
                if self._stopped:
                    return
                self._process = subprocess.Popen(
                    self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                )
            out, err = self._process.communicate()
            self.outcome = (self._process.returncode, out, err)
        except OSError as error:
            self.outcome = error

    def wait(self) -> tuple[int, str, str] | OSError | None:
        """How it ended: exit status, output and errors; the OSError that kept it from starting;
        None when it was stopped first."""
        self._thread.join()
        return self.outcome

    def stop(self) -> None:
        """End it, for a build that failed."""
        with self._lock:
            self._stopped = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
        self._thread.join()


def fill(nquads: Path, cache_dir: Path, previous: Path | None = None) -> Filling:
    """Start making the store of `nquads` (`Filling`); `filled` waits for it."""
    return Filling(nquads, cache_dir, previous)


def filled(filling: Filling) -> Path:
    """The store `fill` made; EngineError with its message when it could not."""
    outcome = filling.wait()
    if isinstance(outcome, OSError):
        raise EngineError(f"cannot start the store process: {outcome.strerror}")
    if outcome is None:
        raise EngineError("the store process was stopped")
    returncode, out, err = outcome
    if returncode < 0:
        raise EngineError(f"the store process was ended by signal {-returncode}")
    if returncode != 0:
        raise EngineError(err.strip().splitlines()[-1] if err.strip() else f"the store process exited with {returncode}")
    return Path(out.strip())


def _main(argv: list[str]) -> int:
    nquads, cache_dir, previous, owner = argv
    lifeline.end_with(int(owner))
    try:
        print(open_store(Path(nquads), Path(cache_dir), Path(previous) if previous else None))
    except EngineError as error:
        print(error.format_message(), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
