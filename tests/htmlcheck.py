"""HTML quality tools for tests: Nu HTML Checker, axe-core in headless Chromium, a static server."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import subprocess
import threading
import urllib.parse
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from projects import served_files, site_bytes

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")

# Without the background-networking flags Chromium keeps trying to reach Google's servers,
# which this machine cannot, and logs failures; --no-sandbox because tests run as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

INSTALL_HINT = "run `npm ci` in the project root (package.json pins vnu-jar and axe-core)"


class ToolError(RuntimeError):
    """A checker could not run at all: missing tool, or output it did not promise."""


def vnu_messages(paths: Iterable[Path], jar: Path = VNU_JAR) -> list[dict[str, Any]]:
    """Every message of one Nu HTML Checker run over the given HTML files.

    Each message is vnu's JSON: type ("error" or "info", info with subType "warning"),
    url ("file:/abs/path"), firstLine/lastLine, firstColumn/lastColumn, message, extract.
    """
    files = [Path(p).resolve() for p in paths]
    if not files:
        raise ValueError("vnu: no files to check")
    # vnu says nothing at all about a file that does not exist, so a typo would pass.
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"vnu: no such files: {', '.join(missing)}")
    java = shutil.which("java")
    if java is None:
        raise ToolError("vnu: `java` is not on PATH; vnu.jar needs Java 17 or later")
    # Not --also-check-css: with it, vnu 26.9.27 reports HTML line numbers one too low.
    command = [java, "-jar", str(jar), "--format", "json", "--exit-zero-always",
               *map(str, files)]
    run = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    if run.returncode != 0:
        hint = f" ({INSTALL_HINT})" if not jar.is_file() else ""
        raise ToolError(f"vnu failed (exit {run.returncode}){hint}: "
                        f"{(run.stderr or run.stdout).strip()}")
    # The JSON report goes to stderr; a bare stdout stays empty.
    try:
        report = json.loads(run.stderr)
    except json.JSONDecodeError as error:
        raise ToolError(
            f"vnu printed no JSON report ({error}): {run.stderr.strip()[:2000]}") from error
    messages = report["messages"]
    broken = [m for m in messages if m.get("type") == "non-document-error"]
    if broken:
        raise ToolError("vnu could not check some files: " + format_vnu(broken))
    return messages


def vnu(paths: Iterable[Path], jar: Path = VNU_JAR) -> list[dict[str, Any]]:
    """The errors (not warnings or info) of one Nu HTML Checker run over the given files."""
    return vnu_errors(vnu_messages(paths, jar))


def vnu_errors(messages: Iterable[dict[str, Any]], path: Path | None = None) -> list[dict]:
    """Messages of type "error", optionally only those about one file."""
    return [m for m in messages if m["type"] == "error" and _about(m, path)]


def vnu_warnings(messages: Iterable[dict[str, Any]], path: Path | None = None) -> list[dict]:
    """Messages of type "info" with subType "warning", optionally only about one file."""
    return [m for m in messages
            if m["type"] == "info" and m.get("subType") == "warning" and _about(m, path)]


def _about(message: dict[str, Any], path: Path | None) -> bool:
    # vnu writes "file:/abs/path", not the "file:///abs/path" of Path.as_uri().
    return path is None or _path_of(message) == str(Path(path).resolve())


def _path_of(message: dict[str, Any]) -> str:
    return urllib.parse.unquote(message.get("url", "?").removeprefix("file:"))


def format_vnu(messages: Iterable[dict[str, Any]]) -> str:
    """vnu messages as `file:line:column: type: message` lines with the offending extract."""
    lines = []
    for m in messages:
        where = _path_of(m)
        line = m.get("lastLine", m.get("firstLine", "?"))
        column = m.get("firstColumn", "?")
        kind = m.get("subType", m["type"])
        lines.append(f"{where}:{line}:{column}: {kind}: {m['message']}")
        if m.get("extract"):
            lines.append(f"    {m['extract'].strip()!r}")
    return "\n".join(lines)


@contextlib.contextmanager
def browser(executable: Path = CHROMIUM) -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright; yields a playwright Browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # No existence check of our own: Playwright's launch error names the missing path.
        chromium = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def axe(page: Any, script: Path = AXE_JS, options: dict | None = None) -> list[dict]:
    """Run axe-core in a loaded Playwright page and return its violations.

    Each violation is axe's: id, impact, help, helpUrl, nodes (each with target, html,
    failureSummary). Injected by evaluation, not a <script> tag, so a page's
    Content-Security-Policy cannot stop it.
    """
    source = _read_axe(script)
    # axe.run waits on timers, which never fire in a context with JavaScript disabled:
    # it would hang rather than fail.
    if page.evaluate("matchMedia('(scripting: none)').matches"):
        raise ToolError("axe needs JavaScript: open the page in a context with "
                        "java_script_enabled=True")
    page.evaluate(source)
    if page.evaluate("typeof window.axe") != "object":
        raise ToolError(f"axe-core did not define window.axe after injecting {script}")
    results = page.evaluate(
        "options => window.axe.run(document, options)",
        {"resultTypes": ["violations"], **(options or {})},
    )
    return results["violations"]


@functools.cache
def _read_axe(script: Path) -> str:
    if not script.is_file():
        raise ToolError(f"axe-core is missing: no {script}; {INSTALL_HINT}")
    return script.read_text(encoding="utf-8")


def format_axe(violations: Iterable[dict[str, Any]]) -> str:
    """axe violations as `rule (impact): help` lines, each offending node below it."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"        {s}" for s in summary.splitlines())
    return "\n".join(lines)


def unpacked_site(site: Path, target: Path) -> Path:
    """A copy of a build in `target` with every file at the path it is served at, unpacked.

    The build writes doc/ gzip-compressed only (doc/answer/x.html.gz), served at the name without
    .gz by `lodpub serve` and the static-host rules; the checkers read plain files from disk and
    serve_directory serves files as they are, so they are given this copy.
    """
    target = Path(target)
    for relative in served_files(site):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(site_bytes(site, relative))
    return target


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib's name)
        pass


@contextlib.contextmanager
def serve_directory(path: Path) -> Iterator[str]:
    """Serve a directory over HTTP on a free loopback port; yields the base URL ending in /."""
    root = Path(path).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"serve_directory: no such directory: {root}")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="serve_directory", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def url_for(base_url: str, root: Path, page: Path) -> str:
    """The served URL of a file under the served root."""
    return base_url + Path(page).resolve().relative_to(Path(root).resolve()).as_posix()
