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

import subprocess
from pathlib import Path

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


def index(site: Path) -> None:
    """Write the search index of the HTML pages under `site` into its pagefind/ folder."""
    folder = layout.SEARCH_INDEX.rstrip("/")
    # Only the folders of the searched kinds: the index is the same, and Pagefind need not read
    # (parse, then drop) the thousands of other pages.
    pages = layout.document("{" + ",".join(SEARCHED_KINDS) + "}", "*.html")
    run = subprocess.run(
        [str(executable()), "--site", str(site), "--output-subdir", folder, "--silent", "--glob", pages,
         *(arg for selector in NOT_SEARCHED for arg in ("--exclude-selectors", selector))],
        capture_output=True, text=True,
    )
    if run.returncode != 0 or not (site / folder / "pagefind.js").is_file():
        raise UserError(f"Pagefind could not index {site}: {(run.stderr or run.stdout).strip() or 'no index written'}")
