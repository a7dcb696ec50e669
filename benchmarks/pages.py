"""The built site as a reader meets it: how large its HTML pages are, and how fast the pages one
browses render in Chromium.

    python -m benchmarks.pages BUILD_DIR     # prints the figures as JSON

Measured, not asserted: the issue's aims are no HTML page over 500 kB, and a listing page that
renders (load event) in under a second on this machine.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import json
import sys
import threading
from pathlib import Path

from lodpub.core import layout, packed

LIMIT_BYTES = 500_000
# The pages a person browses first, each the largest of its kind in any corpus.
BROWSED = ("index.html", "overview.html", "doc/answer/index.html", "doc/response/index.html",
           "doc/organisation/index.html", "doc/organisation/udlaendingestyrelsen.html", "search.html")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """build/ as a static host serves it: a page of doc/ from the gzip file that holds it."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        relative = path.relative_to(Path(self.directory)).as_posix() if path.is_relative_to(self.directory) else ""
        stored = Path(self.directory) / layout.stored(relative)
        if relative and stored != path and stored.is_file():
            body = packed.read(stored)
            self.send_response(200)
            self.send_header("Content-Type", layout.content_type(relative))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def log_message(self, *args) -> None:
        pass


def _unpacked_size(path: Path) -> int:
    """The size of the text a file holds: a gzip file's own record of it (its last four bytes)."""
    if not path.name.endswith(layout.PACKED):
        return path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(-4, 2)
        return int.from_bytes(handle.read(4), "little")


def sizes(site: Path) -> dict:
    """The largest HTML pages, as a browser receives them, and how many are over LIMIT_BYTES."""
    pages = sorted(
        ((_unpacked_size(p), layout.served(p.relative_to(site).as_posix()))
         for pattern in ("*.html", f"*.html{layout.PACKED}") for p in site.rglob(pattern)),
        reverse=True,
    )
    return {
        "html_pages": len(pages),
        "largest": [{"path": path, "bytes": size} for size, path in pages[:5]],
        "over_limit": sum(1 for size, _ in pages if size > LIMIT_BYTES),
        "limit_bytes": LIMIT_BYTES,
    }


def render_times(site: Path, pages=BROWSED, runs: int = 3) -> dict:
    """The best of `runs` times to the load event of each page, served over loopback."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    found = {}
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                for page_path in pages:
                    if not (site / layout.stored(page_path)).is_file():
                        continue
                    times = []
                    for _ in range(runs):
                        context = browser.new_context()
                        page = context.new_page()
                        page.goto(base + page_path, wait_until="load")
                        times.append(page.evaluate(
                            "performance.getEntriesByType('navigation')[0].loadEventEnd"))
                        context.close()
                    found[page_path] = round(min(times) / 1000, 3)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


def measure(site: Path) -> dict:
    return {**sizes(site), "render_s": render_times(site)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.pages", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a build/ folder")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"{args.site}: not a built site (no index.html)", file=sys.stderr)
        return 2
    print(json.dumps(measure(site), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
