"""Where a command's time goes: py-spy samples of it and all its worker processes, summarised.

The summary answers two questions with figures: which of lodpub's own steps take the time
(samples whose stack passes through a line of lodpub/, inclusive), and in whose code the
processors were busy (the innermost frame's package: pyshacl, rdflib, pyoxigraph, jinja2,
lodpub itself, the standard library). Percentages are of all samples of all processes, so a
step that keeps both cores busy counts twice as much as one that keeps one busy.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

from benchmarks.measure import BenchmarkError

_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")


def record(command: list, raw: Path, rate: int, env: dict, log: Path) -> None:
    """Run `command` under py-spy, all subprocesses included, writing py-spy's raw format."""
    spy = Path(command[0]).with_name("py-spy")
    with open(log, "w") as out:
        done = subprocess.run(
            [str(spy), "record", "--subprocesses", "--format", "raw", "--rate", str(rate), "--output", str(raw),
             "--", *map(str, command)],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )
    if done.returncode != 0 or not raw.is_file():
        raise BenchmarkError(f"py-spy failed (exit {done.returncode}); see {log}")


def _package(file: str) -> str:
    """py-spy names a file by its path under site-packages or the standard library."""
    if "site-packages/" in file:
        file = file.split("site-packages/", 1)[1]
    head = file.split("/", 1)[0]
    if "/" not in file or head in _STDLIB_DIRS:
        return "python (standard library)" if file.endswith(".py") else "native code"
    return head


# Standard-library packages whose modules py-spy shows with their folder.
_STDLIB_DIRS = {"concurrent", "multiprocessing", "json", "xml", "email", "importlib", "collections",
                "encodings", "asyncio", "http", "urllib", "logging", "re", "sqlite3", "unittest"}


def summarise(raw: Path, top: int = 25) -> dict:
    """Inclusive share of lodpub's own lines, and the innermost frame's package."""
    steps: Counter = Counter()
    packages: Counter = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        samples = int(count)
        total += samples
        frames = [m for m in (_FRAME.match(f) for f in stack.split(";")) if m]
        seen = set()
        for frame in frames:
            file = frame["file"]
            if "lodpub/" in file and "benchmarks/" not in file:
                where = f"{frame['function']} ({file.split('lodpub/', 1)[1]}:{frame['line']})"
                if where not in seen:
                    seen.add(where)
                    steps[where] += samples
        if frames:
            packages[_package(frames[-1]["file"])] += samples
    share = lambda n: round(100 * n / total, 1) if total else 0.0  # noqa: E731
    return {
        "samples": total,
        "lodpub_lines": [(share(n), where) for where, n in steps.most_common(top)],
        "busy_in": [(share(n), package) for package, n in packages.most_common(12)],
    }


def lines(summary: dict) -> list[str]:
    """The summary as the benchmark table prints it."""
    out = [f"profile: {summary['samples']:,} samples over all processes",
           "  busy in (innermost frame): " + ", ".join(f"{package} {pct}%" for pct, package in summary["busy_in"])]
    out += [f"  {pct:5.1f}%  {where}" for pct, where in summary["lodpub_lines"]]
    return out
