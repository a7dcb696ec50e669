"""The search index: Pagefind run over the entity pages, written in shards into build/pagefind/.

Pagefind (https://pagefind.app) indexes static HTML at build time and searches it in the browser
from small chunks of index, so a site of 10,000 answers needs no search server, and `lodpub
serve` serves the same files. It stems by the page's `lang` (Danish here: "mødregruppe" finds
"mødregrupper"). Only elements marked `data-pagefind-body` are indexed: the pages of answers,
questions, organisations and statements. Its output depends on the pages alone, so two builds
of the same data give the same bytes; but not with Pagefind's filters (`data-pagefind-filter`),
whose index files vary from run to run, so the pages use none.

Pagefind holds the whole index it makes in memory until it writes it: about 90 KB a page, over
5 GB for the 35,000 pages of 10,000 answers. So the pages are indexed in shards, each a bundle
of its own under pagefind/, which the search page merges in the browser (Pagefind's
`mergeIndex`: the first bundle's WebAssembly serves them all; each shard's index is fetched as
a query needs it). pagefind/indexes.json names the shards' folders.

The pages of one answer (its question, the answer, its statements) go to one shard, chosen by a
hash of the answer's key; the organisations' pages to a shard of their own. A changed answer
changes its own pages and those of the organisations it names (products.py), so a rebuild
indexes two shards again and links the others from the build before. A shard of answers holds
about `[search] shard_pages` pages at most (lodpub.toml; 8192 unless set, about 750 MB of
Pagefind's memory): as the answers grow, the number of shards doubles, and every shard is
indexed again once.

Pagefind reads each shard's pages from a folder of hard links inside the build being written
(STAGING), removed as soon as the shard is indexed: it never reads the listings or other pages
written meanwhile.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .. import lifeline
from ..core import layout
from ..core.entities import Index
from ..errors import UserError
from ..site.render import SEARCHED_KINDS

# Left out of the index: the English half of bilingual text (the index is Danish, and the two
# halves of a label would run together into one word), the names of properties (every page of a
# kind has them), links to a page's own parts (named by IRI: "response:...#span") and the
# breadcrumbs.
NOT_SEARCHED = (".en", "table.properties th", 'table.properties a[href*="#"]', ".crumbs", "p.types")

MANIFEST = "indexes.json"
STAGING = ".search"
ORGANISATIONS = "organisations"


@dataclass(frozen=True)
class Page:
    path: str  # the page's path under the site: doc/{kind}/{key}.html
    answer: str  # the key of the answer it belongs to; "" for an organisation's page
    key: str  # changes whenever anything the page is made from does (products.keys)


@dataclass(frozen=True)
class Shard:
    name: str  # its folder under pagefind/
    pages: tuple[str, ...]  # in path order
    key: str  # changes whenever one of its pages does, or the way they are indexed


def executable() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise UserError("the search index needs Pagefind: pip install 'pagefind[bin]'") from None
    return Path(get_executable())


def pages(index: Index, cases: dict, keys: dict[str, str]) -> list[Page]:
    """The pages Pagefind indexes: every entity page of the searched kinds, with the answer it
    belongs to (a statement's, through the case it is filed under: site/listings.py)."""
    found = []
    for entity in index.entities.values():
        if entity.kind not in SEARCHED_KINDS:
            continue
        if entity.kind == "organisation":
            answer = ""
        elif entity.kind in ("question", "answer"):
            answer = entity.key  # an answer's key is its question's
        else:
            case = cases.get(entity.iri)
            answered = [index.entities[iri].key for iri in (case.answer if case else ()) if iri in index.entities]
            answer = answered[0] if answered else entity.key
        found.append(Page(f"{entity.path}.html", answer, keys[entity.iri]))
    return found


def shards(pages: Iterable[Page], per_shard: int) -> list[Shard]:
    """The shards the pages are indexed in, by name; none when there are no pages. The answers'
    pages are spread over as many shards (a power of two) as hold `per_shard` pages each."""
    pages = list(pages)
    answers = sum(1 for page in pages if page.answer)
    count = 1
    while count * per_shard < answers:
        count *= 2
    width = len(str(count - 1))
    members: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        if page.answer:
            number = int.from_bytes(hashlib.blake2b(page.answer.encode("utf-8"), digest_size=8).digest(), "big") % count
            members[f"answers-{number:0{width}d}"].append(page)
        else:
            members[ORGANISATIONS].append(page)
    how = _how()
    found = []
    for name in sorted(members):
        listed = sorted(members[name], key=lambda page: page.path)
        digest = hashlib.blake2b(how + name.encode("utf-8") + b"\0", digest_size=16)
        for page in listed:
            digest.update(f"{page.path}\0{page.key}\n".encode("utf-8"))
        found.append(Shard(name, tuple(page.path for page in listed), digest.hexdigest()))
    return found


def folder(shard: Shard) -> str:
    """The shard's bundle under the site."""
    return f"{layout.SEARCH_INDEX}{shard.name}/"


def manifest(all_shards: list[Shard]) -> str:
    """pagefind/indexes.json: the shards' folders (relative to pagefind/), which search.js merges."""
    return "[" + ",".join(f'"{shard.name}/"' for shard in all_shards) + "]\n"


class Indexing:
    """Pagefind running over some shards of a site, a few at a time, beside the rest of the build."""

    def __init__(self, site: Path, todo: list[Shard]):
        self.site = site
        self.todo = list(todo)
        self.failures: list[str] = []
        self._running: set[subprocess.Popen] = set()
        self._stopped = False
        self._lock = threading.Lock()
        self._owner = os.getpid()
        self._threads = [threading.Thread(target=self._work, daemon=True) for _ in range(min(2, len(todo)))]
        for thread in self._threads:
            thread.start()

    def _work(self) -> None:
        # Each Pagefind is started and waited for by this thread, which so lives as long as it:
        # the parent-death signal it gets (lifeline) fires when the starting thread ends.
        while True:
            with self._lock:
                if self._stopped or not self.todo:
                    return
                shard = self.todo.pop(0)
            staged = self.site / STAGING / shard.name
            try:
                _stage(self.site, staged, shard)
                process = subprocess.Popen(
                    [str(executable()), "--site", str(staged), "--output-path", str(self.site / folder(shard)),
                     "--silent", *(arg for selector in NOT_SEARCHED for arg in ("--exclude-selectors", selector))],
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                    preexec_fn=lifeline.before_exec(self._owner),
                )
            except (OSError, UserError) as error:
                with self._lock:
                    self.failures.append(f"{shard.name}: {error}")
                    self._stopped = True
                return
            with self._lock:
                self._running.add(process)
                stopped = self._stopped
            if stopped:
                process.kill()
            out, err = process.communicate()
            with self._lock:
                self._running.discard(process)
                if process.returncode != 0 or not (self.site / folder(shard) / "pagefind.js").is_file():
                    if not self._stopped:
                        self.failures.append(f"{shard.name}: {(err or out).strip() or 'no index written'}")
                    self._stopped = True
            shutil.rmtree(staged, ignore_errors=True)

    def finish(self) -> None:
        """Wait for every shard; UserError when Pagefind failed on one."""
        for thread in self._threads:
            thread.join()
        shutil.rmtree(self.site / STAGING, ignore_errors=True)
        if self.failures:
            raise UserError(f"Pagefind could not index {self.site}: {self.failures[0]}")

    def stop(self) -> None:
        """End every Pagefind still running and start no other; for a build that failed."""
        with self._lock:
            self._stopped = True
            running = list(self._running)
        for process in running:
            if process.poll() is None:
                process.kill()
        for thread in self._threads:
            thread.join()


def start(site: Path, todo: list[Shard]) -> Indexing:
    """Start indexing the shards `todo` of the pages under `site`, two at a time (Pagefind keeps
    one and a half cores busy); `Indexing.finish` waits for them. Each Pagefind ends with the
    build, however that ends."""
    return Indexing(site, todo)


def _stage(site: Path, staged: Path, shard: Shard) -> None:
    """Link the shard's pages into `staged`, under the same paths, for Pagefind to read alone."""
    made: set[Path] = set()
    for path in shard.pages:
        target = staged / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        os.link(site / path, target)


def _how() -> bytes:
    """What a shard's index depends on besides its pages: Pagefind's version and how it is run."""
    try:
        version = metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        version = str(executable())
    return f"{version}\0{NOT_SEARCHED!r}\0".encode("utf-8")
