"""`make bench`: lodpub's pipeline and servers on synthetic corpora, beside the obvious alternatives.

    python -m benchmarks.run --count 1000 --count 10000 [--seed 1] [--baseline-limit 1200] [--skip NAME]

For each count, in a fresh folder under /tmp: generate the corpus, verify that extraction
recovers every fact (a single mismatch stops the run), then time extract, validate and build
as separate processes (wall time, peak RSS), the rebuild after one seed changes, after one
answer is removed and after it is added back (`lodpub extract` and `lodpub build`), serve start-up
and memory, SPARQL latency beside Oxigraph and rdflib-endpoint, page serving beside nginx, and
the rdflib + pyshacl baseline (benchmarks/baseline.py). Prints one table per count and writes
it as JSON to benchmarks/results/bench-N.json. Every server is killed before the run moves on.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import httpx

from benchmarks import pages, peers, profile
from benchmarks.measure import BenchmarkError, measure

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PYTHON = sys.executable
LODPUB = str(Path(PYTHON).with_name("lodpub"))
ENV = {"PYTHONPATH": str(ROOT)}
STEP_LIMIT = 3600  # no lodpub step may take longer than an hour for each 10,000 answers
SKIPPABLE = ("baseline", "oxigraph", "rdflib-endpoint", "nginx", "wrk", "rebuild", "profile")
PROFILE_RATE = 20  # py-spy samples per second per process: enough for shares, little overhead
AGGREGATE_AND_JOIN = ("responses-per-offer-kind", "questions-and-answers")  # the queries issue 6 names


def machine() -> dict:
    memory = next(line for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    versions = {}
    for package in ("lodpub", "rdflib", "pyshacl", "pyoxigraph", "oxigraph", "starlette", "uvicorn", "jinja2",
                    "rdflib-endpoint"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    for tool, flag in (("nginx", "-v"), ("wrk", "-v")):
        try:
            done = subprocess.run([tool, flag], capture_output=True, text=True, timeout=10)
            versions[tool] = (done.stdout + done.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            versions[tool] = None
    git = lambda *a: subprocess.run(["git", "-C", ROOT, *a], capture_output=True, text=True).stdout.strip()  # noqa: E731
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": git("rev-parse", "HEAD"),
        "uncommitted_changes": bool(git("status", "--porcelain", "--untracked-files=no")),
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory.split()[1]) / 1024 / 1024, 1),
        "cpu": next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), None),
        "python": platform.python_version(),
        "versions": versions,
    }


# --- Steps -----------------------------------------------------------------------------------


def lodpub(project: Path, *args) -> list:
    return [LODPUB, "-C", project, *args]


BUILT = re.compile(r"built .*?: (\d+) triples, (\d+) entities, (\d+) pages, (\d+) files, ([\d.]+) MB")


def build_summary(log: Path) -> dict:
    found = BUILT.search(log.read_text(errors="replace"))
    if not found:
        raise BenchmarkError(f"no summary line in {log}")
    triples, entities, pages, files, _ = found.groups()
    return {"triples": int(triples), "entities": int(entities), "pages": int(pages), "files": int(files)}


def folder_size(folder: Path) -> tuple[int, int]:
    """The bytes and the number of the files under `folder`."""
    total = count = 0
    for path, _, files in os.walk(folder, followlinks=True):
        for name in files:
            total += os.stat(os.path.join(path, name)).st_size
            count += 1
    return total, count


def disk_usage(folder: Path) -> int:
    """What the files under `folder` take on disk, in whole blocks, each file once (as `du`):
    the measure of the build's size, where most files are smaller than a block."""
    seen: set[tuple[int, int]] = set()
    used = 0
    for path, _, files in os.walk(folder, followlinks=True):
        for name in files:
            stat = os.stat(os.path.join(path, name))
            if (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                used += stat.st_blocks * 512
    return used


def change_one_seed(project: Path) -> tuple[str, str]:
    """Change one weekly frequency in one seed (a range's upper end, plus one) and its sidecar's sha256."""
    for text_path in sorted((project / "seeds").glob("*.txt")):
        text = text_path.read_text(encoding="utf-8")
        found = re.search(r"\b(\d)-(\d) gange om ugen", text)
        if not found:
            continue
        low, high = int(found.group(1)), int(found.group(2))
        new = f"{low}-{high + 1} gange om ugen"
        text = text[:found.start()] + new + text[found.end():]
        text_path.write_text(text, encoding="utf-8")
        sidecar = text_path.with_suffix(".toml")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        sidecar.write_text(re.sub(r'sha256 = "[0-9a-f]+"', f'sha256 = "{digest}"', sidecar.read_text()))
        return text_path.name, f"{found.group(0)} -> {new}"
    raise BenchmarkError("no seed states a weekly frequency as a range in digits")


def one_answer(project: Path) -> Path:
    """The seed of the answer taken out and put back: the middle one by name."""
    seeds = sorted((project / "seeds").glob("*.txt"))
    if not seeds:
        raise BenchmarkError(f"no seeds in {project / 'seeds'}")
    return seeds[len(seeds) // 2]


def bench(count: int, seed: int, skip: set[str], baseline_limit: float, wrk_seconds: int, keep: bool) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"lodpub-bench-{count}-"))
    project = work / "corpus"
    logs = work / "logs"
    logs.mkdir()
    result: dict = {"count": count, "seed": seed, "work": str(work), "steps": {}}
    steps = result["steps"]

    def step(name: str, command: list, limit: float = STEP_LIMIT * max(1, count / 10000), check: bool = True):
        print(f"[{count}] {name} ...", file=sys.stderr, flush=True)
        run = measure(command, limit, logs / f"{name}.log", env=ENV, check=check)
        steps[name] = run.as_dict()
        print(f"[{count}] {name}: {run.wall_s:.1f} s, {run.tree_rss_mb:.0f} MB"
              + (" (TIME LIMIT)" if run.timed_out else ""), file=sys.stderr, flush=True)
        if run.timed_out and check:
            raise BenchmarkError(f"{name} did not finish within {limit:.0f} s")
        return run

    try:
        step("generate", [PYTHON, "-m", "benchmarks.corpus", "--count", count, "--seed", seed, "--out", project])
        step("verify", [PYTHON, "-m", "benchmarks.corpus", "verify", project])  # exits 1 on any lost fact
        verified = (logs / "verify.log").read_text().strip().splitlines()[-1]
        if f"{count} of {count} texts" not in verified or " 0 mismatched" not in verified:
            raise BenchmarkError(f"extraction lost facts: {verified}")
        result["verify"] = verified
        step("extract", lodpub(project, "extract"))
        # Cold: no reports kept from an earlier run (the rebuild below is the warm case).
        step("validate", lodpub(project, "validate", "--no-cache"))
        step("build", lodpub(project, "build", "--no-cache"))
        # The whole pipeline from seeds to build/ is `lodpub extract` then `lodpub build` (which
        # validates first), as `make serve` runs them: the two runs above, one after the other.
        steps["pipeline"] = {
            "wall_s": round(steps["extract"]["wall_s"] + steps["build"]["wall_s"], 2),
            "max_rss_mb": max(steps["extract"]["max_rss_mb"], steps["build"]["max_rss_mb"]),
            "tree_rss_mb": max(steps["extract"]["tree_rss_mb"], steps["build"]["tree_rss_mb"]),
            "timed_out": False,
        }
        site = (project / "build").resolve()
        size, files = folder_size(site)
        result["output"] = {**build_summary(logs / "build.log"), "build_bytes": size, "build_files": files,
                            "build_disk_bytes": disk_usage(site),
                            "data_bytes": folder_size(project / "data")[0],
                            "nquads_gz_bytes": (site / "dumps" / "ftsvar.nq.gz").stat().st_size}

        # What a reader meets: page sizes, and how fast the first pages render in Chromium.
        result["page_sizes"] = pages.measure(site)

        if "profile" not in skip:
            # Where the cold build's time goes: the same build again, under py-spy (not timed).
            print(f"[{count}] profile of lodpub build ...", file=sys.stderr, flush=True)
            raw = logs / "build-profile.raw"
            profile.record(lodpub(project, "build", "--no-cache"), raw, PROFILE_RATE, {**os.environ, **ENV},
                           logs / "build-profile.log")
            result["build_profile"] = profile.summarise(raw)

        if "rebuild" not in skip:
            name, change = change_one_seed(project)
            one = step("rebuild-extract", lodpub(project, "extract", project / "seeds" / name))
            both = step("rebuild-build", lodpub(project, "build"))
            steps["rebuild"] = {"wall_s": round(one.wall_s + both.wall_s, 2),
                                "tree_rss_mb": max(one.tree_rss_mb, both.tree_rss_mb),
                                "seed": name, "change": change}
            site = (project / "build").resolve()
            # Again with nothing changed, as a second `make serve` runs it: the build served is kept.
            again = step("unchanged-build", lodpub(project, "build"))
            if "is up to date" not in again.output_tail:
                raise BenchmarkError(f"a build with nothing changed made the build again:\n{again.output_tail}")
            # One answer removed, then added back, as a user does: its seed and sidecar taken out of
            # seeds/ (`lodpub extract` removes its data file) and put back (`lodpub extract` of it).
            # Most listing pages after it move by a row.
            text = one_answer(project)
            away = work / "away"
            away.mkdir(exist_ok=True)
            for path in (text, text.with_suffix(".toml")):
                path.rename(away / path.name)
            gone = [step("removed-extract", lodpub(project, "extract")), step("removed-build", lodpub(project, "build"))]
            if (project / "data" / f"{text.stem}.ttl").exists():
                raise BenchmarkError(f"lodpub extract left the data file of the removed seed {text.name}")
            for path in (away / text.name, away / f"{text.stem}.toml"):
                path.rename(project / "seeds" / path.name)
            back = [step("added-extract", lodpub(project, "extract", text)), step("added-build", lodpub(project, "build"))]
            for name, runs in (("removed", gone), ("added", back)):
                steps[name] = {"wall_s": round(sum(run.wall_s for run in runs), 2),
                               "tree_rss_mb": max(run.tree_rss_mb for run in runs), "seed": text.name}
            site = (project / "build").resolve()

        serving(result, project, site, work, skip, wrk_seconds)

        if "baseline" not in skip:
            run = step("baseline", [PYTHON, "-m", "benchmarks.baseline", project, work / "baseline-out"],
                       limit=baseline_limit, check=False)
            if run.returncode not in (0, None) and not run.timed_out:
                raise BenchmarkError(f"the baseline failed:\n{run.output_tail}")
            steps["baseline"]["phases"] = re.findall(r"baseline (.*?): ([\d.]+) s", run.output_tail)
            steps["baseline"]["limit_s"] = baseline_limit
    finally:
        result["logs"] = str(logs)
        if not keep:
            shutil.rmtree(project, ignore_errors=True)
            shutil.rmtree(work / "baseline-out", ignore_errors=True)
            shutil.rmtree(work / "oxigraph-store", ignore_errors=True)
    return result


def serving(result: dict, project: Path, site: Path, work: Path, skip: set[str], wrk_seconds: int) -> None:
    queries = {p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))}
    sparql: dict = {name: {} for name in queries}
    result["sparql"] = sparql
    paths = peers.page_paths(site)
    result["pages_requested"] = len(paths)

    print(f"[{result['count']}] lodpub serve ...", file=sys.stderr, flush=True)
    with peers.lodpub_server(project, work) as server:
        result["serve"] = {"ready_s": round(server.ready_s, 2), "rss_after_start_mb": round(server.rss_mb, 1)}
        for name, query in queries.items():
            sparql[name]["lodpub"] = peers.latency(server.url + "/sparql", query)
        result["serve"]["rss_after_queries_mb"] = round(server.rss_mb, 1)
        if "wrk" not in skip:
            result["pages"] = {"lodpub": peers.wrk(server.url, paths, work, "lodpub", wrk_seconds)}
            result["serve"]["rss_after_wrk_mb"] = round(server.rss_mb, 1)

    # The peers load the N-Quads dump as text: the build writes it gzip-compressed only.
    dump = work / "ftsvar.nq"
    with gzip.open(site / "dumps" / "ftsvar.nq.gz") as packed, dump.open("wb") as plain:
        shutil.copyfileobj(packed, plain, 1 << 20)
    for name, peer in (("oxigraph", _oxigraph), ("rdflib-endpoint", _rdflib_endpoint), ("nginx", _nginx)):
        if name in skip or (name == "nginx" and "wrk" in skip):
            continue
        print(f"[{result['count']}] {name} ...", file=sys.stderr, flush=True)
        try:
            peer(result, queries, dump, site, paths, work, wrk_seconds)
        except (BenchmarkError, OSError, httpx.HTTPError, KeyError) as error:  # a peer that fails is reported, lodpub's figures stand
            print(f"[{result['count']}] {name} FAILED: {error}", file=sys.stderr, flush=True)
            result.setdefault("peer_failures", {})[name] = str(error)[:2000]


def _oxigraph(result, queries, dump, site, paths, work, wrk_seconds) -> None:
    sparql = result["sparql"]
    with peers.oxigraph_server(dump, work) as server:
        result["oxigraph"] = {**server.extra, "ready_s": round(server.ready_s, 2), "rss_mb": round(server.rss_mb, 1)}
        for name, query in queries.items():
            sparql[name]["oxigraph"] = peers.latency(server.url + "/query", query)
    shutil.rmtree(work / "oxigraph-store", ignore_errors=True)


def _rdflib_endpoint(result, queries, dump, site, paths, work, wrk_seconds) -> None:
    """Each query timed on the server; after a query times out, a fresh server for the next.

    rdflib-endpoint answers one query at a time and goes on evaluating one its client gave up
    on, so every query after a timeout would time out behind it.
    """
    sparql = result["sparql"]
    pending = list(queries.items())
    while pending:
        with peers.rdflib_endpoint_server(dump, work) as server:
            result.setdefault("rdflib_endpoint", {"ready_s": round(server.ready_s, 2), "rss_mb": round(server.rss_mb, 1)})
            while pending:
                name, query = pending.pop(0)
                measured = sparql[name]["rdflib-endpoint"] = peers.latency(
                    server.url + "/", query, budget_s=120, timeout_s=120)
                if measured["p50_ms"] is None:
                    break  # the server is still busy with it: start another


def _nginx(result, queries, dump, site, paths, work, wrk_seconds) -> None:
    with peers.nginx_server(site, work) as server:
        result["pages"]["nginx"] = peers.wrk(server.url, paths, work, "nginx", wrk_seconds)


# --- The table -------------------------------------------------------------------------------


def ratio(a, b) -> float | None:
    return round(a / b, 2) if a and b else None


def add_ratios(result: dict) -> None:
    steps = result["steps"]
    ratios: dict = {}
    base = steps.get("baseline")
    if base:
        ratios["baseline_over_lodpub_build"] = None if base["timed_out"] else ratio(base["wall_s"], steps["build"]["wall_s"])
        ratios["baseline_over_lodpub_pipeline"] = None if base["timed_out"] else ratio(base["wall_s"], steps["pipeline"]["wall_s"])
    for name, by in result.get("sparql", {}).items():
        lod = (by.get("lodpub") or {}).get("p50_ms")
        ratios[f"sparql {name} lodpub/oxigraph"] = ratio(lod, (by.get("oxigraph") or {}).get("p50_ms"))
        ratios[f"sparql {name} rdflib-endpoint/lodpub"] = ratio((by.get("rdflib-endpoint") or {}).get("p50_ms"), lod)
        counts = {k: v.get("rows") for k, v in by.items() if isinstance(v, dict) and v.get("rows") is not None}
        by["rows_agree"] = len(set(counts.values())) <= 1
    pages = result.get("pages", {})
    if "lodpub" in pages and "nginx" in pages:
        ratios["pages rps lodpub/nginx"] = ratio(pages["lodpub"]["requests_per_s"], pages["nginx"]["requests_per_s"])
    result["ratios"] = ratios


def table(result: dict) -> str:
    s, out = result["steps"], result.get("output", {})
    rows: list[tuple[str, str]] = []

    def add(name: str, value) -> None:
        rows.append((name, "" if value is None else str(value)))

    def proc(name: str, key: str) -> None:
        if key in s:
            run = s[key]
            add(name, f"{run['wall_s']:.1f} s   peak RSS {run['tree_rss_mb']:.0f} MB (largest process {run.get('max_rss_mb', 0):.0f} MB)"
                + ("   TIME LIMIT HIT" if run.get("timed_out") else ""))

    add("answers (N)", result["count"])
    add("facts verified", result.get("verify"))
    proc("generate corpus", "generate")
    proc("lodpub extract", "extract")
    proc("lodpub validate", "validate")
    proc("lodpub build (validate, dumps, pages, description)", "build")
    proc("whole pipeline (extract + build)", "pipeline")
    if out:
        add("output", f"{out['triples']:,} triples, {out['entities']:,} entities, {out['pages']:,} pages, "
            f"{out['build_files']:,} files, {out['build_bytes'] / 1e6:,.1f} MB in build/ "
            + (f"({out['build_disk_bytes'] / 1e6:,.1f} MB on disk) " if "build_disk_bytes" in out else "")
            + f"(N-Quads dump {out['nquads_gz_bytes'] / 1e6:,.1f} MB gzip, data/ {out['data_bytes'] / 1e6:,.1f} MB)")
    if "page_sizes" in result:
        p = result["page_sizes"]
        add("HTML pages", f"{p['html_pages']:,}; largest {p['largest'][0]['bytes'] / 1e3:,.0f} kB ({p['largest'][0]['path']}); "
            f"{p['over_limit']} over {p['limit_bytes'] / 1e3:.0f} kB")
        add("render in Chromium (load event)", ", ".join(f"{k} {v:.2f} s" for k, v in p["render_s"].items()))
    if "rebuild" in s:
        r = s["rebuild"]
        add("rebuild after one seed changes", f"{r['wall_s']:.1f} s (extract {s['rebuild-extract']['wall_s']:.1f} s "
            f"of {r['seed']} + full build {s['rebuild-build']['wall_s']:.1f} s; {r['change']})")
    proc("lodpub build with nothing changed (the build served kept)", "unchanged-build")
    for name, what in (("removed", "removed"), ("added", "added back")):
        if name in s:
            r = s[name]
            add(f"one answer {what}", f"{r['wall_s']:.1f} s (extract {s[name + '-extract']['wall_s']:.1f} s + build "
                f"{s[name + '-build']['wall_s']:.1f} s; {r['seed']}; {r['tree_rss_mb']:.0f} MB)")
    if "serve" in result:
        v = result["serve"]
        add("lodpub serve", f"ready in {v['ready_s']:.1f} s; RSS {v['rss_after_start_mb']:.0f} MB after start, "
            f"{v['rss_after_queries_mb']:.0f} MB after the queries"
            + (f", {v['rss_after_wrk_mb']:.0f} MB after wrk" if "rss_after_wrk_mb" in v else ""))
    if "oxigraph" in result:
        o = result["oxigraph"]
        add("oxigraph serve-read-only", f"load {o['load_s']:.1f} s, ready in {o['ready_s']:.1f} s, RSS {o['rss_mb']:.0f} MB")
    if "rdflib_endpoint" in result:
        o = result["rdflib_endpoint"]
        add("rdflib-endpoint serve", f"ready in {o['ready_s']:.1f} s, RSS {o['rss_mb']:.0f} MB")
    if "baseline" in s:
        b = s["baseline"]
        if b["timed_out"]:
            add("rdflib + pyshacl baseline", f"> {b['limit_s']:.0f} s (time limit hit; phases done: "
                + ", ".join(f"{n} {t} s" for n, t in b["phases"]) + ")")
        else:
            add("rdflib + pyshacl baseline", f"{b['wall_s']:.1f} s, peak RSS {b['tree_rss_mb']:.0f} MB ("
                + ", ".join(f"{n} {t} s" for n, t in b["phases"]) + ")")
            add("  baseline / lodpub build", result["ratios"].get("baseline_over_lodpub_build"))
            add("  baseline / lodpub pipeline", result["ratios"].get("baseline_over_lodpub_pipeline"))
    lines = [f"{name:<52} {value}" for name, value in rows]

    if result.get("sparql"):
        lines += ["", "SPARQL p50 / p95 ms (runs, rows)      lodpub               oxigraph             rdflib-endpoint      lodpub/oxi  rdfep/lodpub"]
        for name, by in result["sparql"].items():
            cells = []
            for peer in ("lodpub", "oxigraph", "rdflib-endpoint"):
                m = by.get(peer)
                if not m:
                    cells.append("-")
                elif m["p50_ms"] is None:
                    cells.append(m.get("note", "?"))
                else:
                    cells.append(f"{m['p50_ms']:.1f}/{m['p95_ms']:.1f} ({m['runs']},{m['rows']})")
            r = result["ratios"]
            lines.append(f"{name:<37} {cells[0]:<20} {cells[1]:<20} {cells[2]:<20} "
                         f"{str(r.get(f'sparql {name} lodpub/oxigraph') or '-'):<11} "
                         f"{r.get(f'sparql {name} rdflib-endpoint/lodpub') or '-'}"
                         + ("" if by.get("rows_agree", True) else "   ROW COUNTS DIFFER"))
    if result.get("pages"):
        lines += ["", f"/doc pages, wrk -t2 -c16 ({result['pages_requested']} pages)   req/s      p50 ms   p99 ms   non-2xx"]
        for peer, m in result["pages"].items():
            lines.append(f"{peer:<37} {m['requests_per_s']:<10.0f} {m['p50_ms']:<8} {m['p99_ms']:<8} {m['non_2xx']}")
        if "pages rps lodpub/nginx" in result["ratios"]:
            lines.append(f"{'lodpub/nginx requests per second':<37} {result['ratios']['pages rps lodpub/nginx']}")
    if result.get("build_profile"):
        lines += ["", "Where a cold `lodpub build` spends its time (py-spy, all processes):"]
        lines += profile.lines(result["build_profile"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, action="append", help="answers in the corpus (repeatable)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-limit", type=float, default=1200, help="seconds the baseline may run")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--skip", action="append", default=[], choices=SKIPPABLE)
    parser.add_argument("--keep", action="store_true", help="keep the corpus and its build under /tmp")
    parser.add_argument("--no-write", action="store_true", help="do not write benchmarks/results/")
    options = parser.parse_args(argv)
    about = machine()
    RESULTS.mkdir(parents=True, exist_ok=True)
    for count in options.count or [1000]:
        started = time.perf_counter()
        try:
            result = bench(count, options.seed, set(options.skip), options.baseline_limit, options.wrk_seconds,
                           options.keep)
        except BenchmarkError as error:
            print(f"\nBENCHMARK FAILED at N={count}: {error}", file=sys.stderr)
            return 1
        add_ratios(result)
        result["machine"] = about
        result["total_s"] = round(time.perf_counter() - started, 1)
        print(f"\n== lodpub benchmark, N = {count:,} ({about['cores']} cores, {about['memory_gb']} GB, "
              f"Python {about['python']}, commit {about['commit'][:10]}"
              f"{' + uncommitted changes' if about['uncommitted_changes'] else ''}) ==")
        print(table(result), flush=True)
        if not options.no_write:
            path = RESULTS / f"bench-{count}.json"
            path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
            print(f"(written to {path.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
