"""When each phase of one `lodpub build` starts and ends, on a project already extracted.

    python -m benchmarks.phases DIR [--no-cache]

Prints a line as each phase starts and ends (seconds since the build began), then the total.
The build is `lodpub.build.build`, as `lodpub build` runs it, with a progress callback that
notes the time; run it under `/usr/bin/time -v` for the largest process's memory.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from lodpub import config
from lodpub.build import build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--no-cache", action="store_true", help="everything made again, as `lodpub build --no-cache`")
    options = parser.parse_args(argv)
    began = time.perf_counter()
    started: dict[str, float] = {}

    def progress(phase: str, done: int, total: int) -> None:
        now = time.perf_counter() - began
        if done == 0 and phase not in started:
            started[phase] = now
            print(f"{now:8.1f} start {phase}", flush=True)
        elif done == total:
            print(f"{now:8.1f} end   {phase} ({now - started.get(phase, now):.1f} s)", flush=True)

    summary = build(config.load(options.project), progress, cache=not options.no_cache)
    print(f"total {time.perf_counter() - began:.1f} s; {summary.triples} triples, {summary.entities} entities, "
          f"{summary.pages} pages written, {summary.files} files", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
