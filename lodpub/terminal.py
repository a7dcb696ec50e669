"""What the commands show at a terminal: progress bars (plain lines in a pipe or CI log) and tables."""

from __future__ import annotations

import click


def publish_progress():
    """A progress bar on a terminal; one plain line per graph written elsewhere (CI logs)."""
    import contextlib
    import sys

    if not sys.stderr.isatty():
        def plain(step) -> None:
            if step.action is not None:
                action = step.action
                click.echo(f"  {step.done}/{step.total} {action.kind} <{action.graph}> "
                           f"({action.triples} triples): {action.reason}", err=True)
        return contextlib.nullcontext(plain)

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=Console(stderr=True), transient=True)
    task = bar.add_task("publish", total=None)

    def fancy(step) -> None:
        label = f"{step.action.kind} {step.action.graph.rsplit('/', 1)[-1]}" if step.action else "publish"
        bar.update(task, completed=step.done, total=step.total, description=label)

    @contextlib.contextmanager
    def running():
        with bar:
            yield fancy

    return running()


def table(json_results: bytes) -> str:
    """SPARQL JSON results as an aligned text table (rich), for people at a terminal."""
    import io
    import json

    from rich.console import Console
    from rich.table import Table

    data = json.loads(json_results)
    if "boolean" in data:
        return "true" if data["boolean"] else "false"
    names = data["head"]["vars"]
    table = Table(*names, show_lines=False)
    for binding in data["results"]["bindings"]:
        table.add_row(*[binding.get(name, {}).get("value", "") for name in names])
    buffer = io.StringIO()
    Console(file=buffer, width=200).print(table)
    return buffer.getvalue().rstrip("\n")


def progress():
    """A progress bar on a terminal; one plain line per finished phase elsewhere (CI logs)."""
    import sys

    if not sys.stderr.isatty():
        def plain(phase: str, done: int, total: int) -> None:
            if done == total:
                click.echo(f"  {phase}: done", err=True)
        return plain

    from rich.progress import Progress

    # Drawn when told, never by a thread of its own: the build forks its workers while this runs,
    # and a fork copies every lock another thread holds (the console's among them).
    bar = Progress(transient=True, auto_refresh=False)
    tasks: dict[str, int] = {}

    def fancy(phase: str, done: int, total: int) -> None:
        if not bar.live.is_started:
            bar.start()
        if phase not in tasks:
            tasks[phase] = bar.add_task(phase, total=total)
        bar.update(tasks[phase], completed=done, total=total)
        bar.refresh()
        if all(task.finished for task in bar.tasks) and phase == "hosting":
            bar.stop()

    return fancy
