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

Pagefind reads each shard's pages from a folder inside the build being written (STAGING), where
they are unpacked (build/ holds them gzip-compressed: layout.stored), removed as soon as the shard
is indexed: it never reads the listings or other pages written meanwhile.

`python -m lodpub.build.search SITE OWNER` indexes the shards listed in SITE/.search/shards.json:
the process `start` runs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .. import lifeline
from ..core import layout, packed
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
    return json.dumps([f"{shard.name}/" for shard in all_shards]) + "\n"


def start(site: Path, todo: list[Shard]) -> subprocess.Popen:
    """Start indexing the shards `todo` of the pages under `site`; `finish` waits for it.

    A process of its own (a fresh interpreter, as the SPARQL store's) runs Pagefind on two shards
    at a time (each keeps one and a half cores busy) while the build writes the rest. It and its
    Pagefinds end with the build, however that ends (lifeline). Started from the build's process,
    which runs threads, each Pagefind would be forked from a process in mid-flight.
    """
    staging = site / STAGING
    staging.mkdir(exist_ok=True)
    listed = [dataclasses.asdict(shard) for shard in todo]
    (staging / "shards.json").write_text(json.dumps(listed), encoding="utf-8")
    command = lifeline.module_command(__name__, str(site))
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen, site: Path) -> None:
    """Wait for the indexing `start` began; UserError when Pagefind failed on a shard."""
    out, err = process.communicate()
    if process.returncode != 0:
        said = (err or out).strip() or f"exit status {process.returncode}"
        raise UserError(f"Pagefind could not index {site}: {said}")
    shutil.rmtree(site / STAGING, ignore_errors=True)


def stop(process: subprocess.Popen) -> None:
    """End the indexing, and with it its Pagefinds; for a build that failed."""
    if process.poll() is None:
        process.kill()
        process.wait()


def index(site: Path, todo: list[Shard], at_once: int = 2) -> str | None:
    """Run Pagefind on each shard, `at_once` at a time; what went wrong with the first that
    failed (then no other is started, and those running are ended), or None."""
    pending, running = list(todo), {}
    failure = None
    while pending or running:
        while pending and len(running) < at_once and failure is None:
            shard = pending.pop(0)
            staged = site / STAGING / shard.name
            try:
                _stage(site, staged, shard)
                with (site / STAGING / f"{shard.name}.log").open("w", encoding="utf-8") as log:
                    process = subprocess.Popen(
                        [str(executable()), "--site", str(staged), "--output-path", str(site / folder(shard)),
                         "--silent", *(arg for selector in NOT_SEARCHED for arg in ("--exclude-selectors", selector))],
                        # This process runs no threads (see start), so the fork is safe.
                        stdout=log, stderr=subprocess.STDOUT, preexec_fn=lifeline.before_exec(os.getpid()),  # noqa: PLW1509
                    )
            except (OSError, UserError, *packed.DAMAGED) as error:  # DAMAGED: a page that holds no gzip text
                failure = f"{shard.name}: {error}"
                break
            running[process.pid] = (shard, process)
        if not running:
            break
        pid, status = os.wait()
        if pid not in running:
            continue
        shard, process = running.pop(pid)
        process.returncode = os.waitstatus_to_exitcode(status)
        if failure is None and (process.returncode != 0 or not (site / folder(shard) / "pagefind.js").is_file()):
            said = (site / STAGING / f"{shard.name}.log").read_text(encoding="utf-8", errors="replace").strip()
            failure = f"{shard.name}: {said or 'no index written'}"
            # Ended and waited for here: Popen.kill polls first, and so reaps one that has just
            # ended, after which os.wait would find no child to wait for.
            for other_shard, other in running.values():
                other.kill()
                other.wait()
                shutil.rmtree(site / STAGING / other_shard.name, ignore_errors=True)
            running.clear()
        shutil.rmtree(site / STAGING / shard.name, ignore_errors=True)
    return failure


def _stage(site: Path, staged: Path, shard: Shard) -> None:
    """Unpack the shard's pages into `staged`, under their paths as served, for Pagefind to read alone."""
    made: set[Path] = set()
    for path in shard.pages:
        target = staged / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(packed.read(site / layout.stored(path)))


def _how() -> bytes:
    """What a shard's index depends on besides its pages: Pagefind's version and how it is run."""
    try:
        version = metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        version = str(executable())
    return f"{version}\0{NOT_SEARCHED!r}\0".encode("utf-8")


def _main(argv: list[str]) -> int:
    site, owner = Path(argv[0]), int(argv[1])
    lifeline.end_with(owner)
    listed = json.loads((site / STAGING / "shards.json").read_text(encoding="utf-8"))
    failure = index(site, [Shard(shard["name"], tuple(shard["pages"]), shard["key"]) for shard in listed])
    if failure is not None:
        print(failure, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
