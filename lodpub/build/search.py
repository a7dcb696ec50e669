"""The search index: Pagefind run over the written pages, its index written into build/pagefind/.

Pagefind (https://pagefind.app) indexes static HTML at build time and searches it in the browser
from small chunks of index, so a site of 10,000 answers needs no search server, and `lodpub
serve` serves the same files. It stems by the page's `lang` (Danish here: "mødregruppe" finds
"mødregrupper"). Only elements marked `data-pagefind-body` are indexed: the pages of answers,
questions, organisations and statements. Its output depends on the pages alone, so two builds
of the same data give the same bytes; but not with Pagefind's filters (`data-pagefind-filter`),
whose index files vary from run to run, so the pages use none.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .. import lifeline
from ..core import layout
from ..errors import UserError
from ..site.render import SEARCHED_KINDS

# Left out of the index: the English half of bilingual text (the index is Danish, and the two
# halves of a label would run together into one word), the names of properties (every page of a
# kind has them), links to a page's own parts (named by IRI: "response:...#span") and the
# breadcrumbs.
NOT_SEARCHED = (".en", "table.properties th", 'table.properties a[href*="#"]', ".crumbs", "p.types")


def executable() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise UserError("the search index needs Pagefind: pip install 'pagefind[bin]'") from None
    return Path(get_executable())


def reads(path: str) -> bool:
    """Whether Pagefind reads the page at `path` (relative to the site): those it may index, and
    the first page of their kinds' listings, which sits in the same folder."""
    kind, _, name = path.removeprefix("doc/").partition("/")
    return path.startswith("doc/") and kind in SEARCHED_KINDS and "/" not in name and name.endswith(".html")


def start(site: Path) -> subprocess.Popen:
    """Start writing the search index of the pages under `site` into its pagefind/ folder; `finish`
    waits for it. Pagefind reads only the pages `reads` names, so the build writes others
    meanwhile (and those pages once it has finished). It ends with the build, however that ends."""
    folder = layout.SEARCH_INDEX.rstrip("/")
    # Only the folders of the searched kinds: the index is the same, and Pagefind need not read
    # (parse, then drop) the thousands of other pages.
    pages = layout.document("{" + ",".join(SEARCHED_KINDS) + "}", "*.html")
    return subprocess.Popen(
        [str(executable()), "--site", str(site), "--output-subdir", folder, "--silent", "--glob", pages,
         *(arg for selector in NOT_SEARCHED for arg in ("--exclude-selectors", selector))],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=lifeline.before_exec(os.getpid()),
    )


def finish(process: subprocess.Popen, site: Path) -> None:
    """Wait for the index `start` began; UserError when Pagefind failed."""
    out, err = process.communicate()
    folder = layout.SEARCH_INDEX.rstrip("/")
    if process.returncode != 0 or not (site / folder / "pagefind.js").is_file():
        raise UserError(f"Pagefind could not index {site}: {(err or out).strip() or 'no index written'}")
