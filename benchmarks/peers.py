"""lodpub's servers beside their peers: SPARQL latency (Oxigraph, rdflib-endpoint) and page serving (nginx, with wrk)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

from benchmarks.measure import BenchmarkError, Server, measure, server
from lodpub.core import layout

BIN = Path(sys.executable).parent
RESULTS_JSON = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- Servers ---------------------------------------------------------------------------------


@contextmanager
def lodpub_server(project: Path, work: Path, timeout: float = 600) -> Iterator[Server]:
    """`lodpub serve` with limits raised so that every query returns all its rows, one server
    process a core as nginx runs one worker a core (`worker_processes auto`)."""
    port = free_port()
    command = [BIN / "lodpub", "-C", project, "serve", "--port", port, "--timeout", "300",
               "--max-rows", "100000000", "--max-concurrent", "64", "--processes", str(os.cpu_count() or 1)]
    with server("lodpub", command, f"http://127.0.0.1:{port}/", work / "lodpub-serve.log", timeout) as running:
        yield running


@contextmanager
def oxigraph_server(dump: Path, work: Path, timeout: float = 600) -> Iterator[Server]:
    """`oxigraph serve-read-only` over a fresh store holding the dump, plus the union of its graphs
    in the default graph, as lodpub's endpoint has it (--union-default-graph would be a bag)."""
    location = work / "oxigraph-store"
    shutil.rmtree(location, ignore_errors=True)
    load = measure([BIN / "oxigraph", "load", "--location", location, "--file", dump], 3600,
                   work / "oxigraph-load.log")
    union = measure([BIN / "oxigraph", "update", "--location", location, "--update",
                     "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"], 3600, work / "oxigraph-union.log")
    port = free_port()
    command = [BIN / "oxigraph", "serve-read-only", "--location", location, "--bind", f"127.0.0.1:{port}",
               "--timeout-s", "300"]
    with server("oxigraph", command, f"http://127.0.0.1:{port}/query", work / "oxigraph-serve.log", timeout,
                params={"query": "ASK {}"}) as running:
        running.extra = {"load_s": round(load.wall_s + union.wall_s, 2)}
        yield running


@contextmanager
def rdflib_endpoint_server(dump: Path, work: Path, timeout: float = 1800) -> Iterator[Server]:
    """`rdflib-endpoint serve` on the dump (an rdflib Dataset whose default graph is the union)."""
    port = free_port()
    command = [BIN / "rdflib-endpoint", "serve", dump, "--host", "127.0.0.1", "--port", port]
    # its CLI mounts the endpoint at / (GET ?query= and POST)
    with server("rdflib-endpoint", command, f"http://127.0.0.1:{port}/", work / "rdflib-endpoint.log",
                timeout, params={"query": "ASK {}"}) as running:
        yield running


@contextmanager
def nginx_server(site: Path, work: Path) -> Iterator[Server]:
    """nginx serving build/ with the generated rules, as README.md tells a host to (see tests/build/test_nginx.py)."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    run = work / "nginx"
    run.mkdir(exist_ok=True)
    port = free_port()
    temp = "\n".join(f"    {kind}_temp_path {run}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    mime = "    include /etc/nginx/mime.types;\n" if Path("/etc/nginx/mime.types").exists() else ""
    user = "user root;\n" if os.geteuid() == 0 else ""
    (run / "nginx.conf").write_text(f"""\
{user}worker_processes auto;
error_log {run}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
{mime}    default_type application/octet-stream;
    access_log off;
    sendfile on;
{temp}
    include {site}/nginx-http.conf;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {site};
        include {site}/nginx.conf;
    }}
}}
""")
    command = [binary, "-p", f"{run}/", "-c", run / "nginx.conf", "-e", run / "error.log",
               "-g", f"daemon off; pid {run}/nginx.pid;"]
    with server("nginx", command, f"http://127.0.0.1:{port}/", work / "nginx.log", 20) as running:
        yield running


# --- SPARQL latency --------------------------------------------------------------------------


def latency(endpoint: str, query: str, runs: int = 20, warmups: int = 2, budget_s: float = 300,
            timeout_s: float = 300) -> dict:
    """p50 and p95 (ms) of `runs` POSTed queries after `warmups`, and the rows they return.

    A slow query (the first run shows `runs` would not fit in `budget_s`) gets one warm-up and
    fewer runs (at least 3); one that takes longer than `timeout_s` is reported as such."""
    times: list[float] = []
    rows = None
    with httpx.Client(timeout=timeout_s) as client:
        def once() -> float:
            nonlocal rows
            start = time.perf_counter()
            answer = client.post(endpoint, data={"query": query}, headers={"Accept": RESULTS_JSON})
            elapsed = time.perf_counter() - start
            if answer.status_code != 200:
                raise BenchmarkError(f"{endpoint}: {answer.status_code} {answer.text[:500]}")
            rows = len(answer.json()["results"]["bindings"])
            return elapsed

        try:
            first = once()
            if first * (runs + warmups) <= budget_s:
                first = max([first] + [once() for _ in range(warmups - 1)])
        except httpx.TimeoutException:
            # the server may still be evaluating it: later figures of this server can be slowed
            return {"runs": 0, "p50_ms": None, "p95_ms": None, "rows": None, "note": f"> {timeout_s:.0f} s"}
        planned = runs if first * runs <= budget_s else max(3, int(budget_s / max(first, 1e-3)))
        try:
            for _ in range(planned):
                times.append(once())
        except httpx.TimeoutException:
            return {"runs": len(times), "p50_ms": None, "p95_ms": None, "rows": rows, "note": f"> {timeout_s:.0f} s"}
    times.sort()
    return {"runs": len(times), "p50_ms": round(1000 * statistics.median(times), 2),
            "p95_ms": round(1000 * times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 2), "rows": rows}


# --- Page serving with wrk -------------------------------------------------------------------


def page_paths(site: Path, count: int = 200) -> list[str]:
    """`count` /doc/{kind}/{key} paths spread evenly over all entity pages of the build."""
    stored = f".html{layout.PACKED}"  # build/ holds pages packed (layout.stored)
    pages = sorted(p for p in (site / "doc").glob(f"*/*{stored}") if p.name != f"index{stored}")
    if not pages:
        raise BenchmarkError(f"no entity pages under {site}/doc")
    step = max(1, len(pages) // count)
    return ["/" + p.relative_to(site).as_posix().removesuffix(stored) for p in pages[::step][:count]]


LUA = """\
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept"] = "text/html"})
end
"""


def wrk(base: str, paths: list[str], work: Path, name: str, seconds: int = 10, threads: int = 2,
        connections: int = 16) -> dict:
    """Requests/s and latency percentiles of wrk rotating through `paths` with Accept: text/html."""
    for path in paths[:5]:
        answer = httpx.get(base + path, headers={"Accept": "text/html"}, timeout=30)
        if answer.status_code != 200 or "text/html" not in answer.headers.get("content-type", ""):
            raise BenchmarkError(f"{name}: {base}{path} answers {answer.status_code} "
                                 f"{answer.headers.get('content-type')}, not an HTML page")
    script = work / "pages.lua"
    script.write_text(LUA % ", ".join(f'"{p}"' for p in paths))
    done = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
                           "-s", script, base], capture_output=True, text=True, timeout=seconds + 60)
    (work / f"wrk-{name}.txt").write_text(done.stdout + done.stderr)
    if done.returncode != 0:
        raise BenchmarkError(f"wrk against {name} failed:\n{done.stdout}{done.stderr}")
    return parse_wrk(done.stdout)


def parse_wrk(text: str) -> dict:
    def ms(value: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    result = {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
    for percent in ("50", "90", "99"):
        found = re.search(rf"^\s+{percent}%\s+(\S+)", text, re.M)
        result[f"p{percent}_ms"] = round(ms(found.group(1)), 2) if found else None
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    result["non_2xx"] = int(errors.group(1)) if errors else 0
    socket_errors = re.search(r"Socket errors: (.*)", text)
    result["socket_errors"] = socket_errors.group(1) if socket_errors else ""
    result["requests"] = int(re.search(r"(\d+) requests in", text).group(1))
    return result
