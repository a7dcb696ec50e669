"""The `lodpub` command. Only this module prints or exits; each command imports its work lazily."""

from __future__ import annotations

from pathlib import Path

import click

from .errors import UserError, display_path


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C", "--project", "project_dir", type=click.Path(file_okay=False, path_type=Path),
    default=None, help="The project folder (the one with lodpub.toml); default: here.",
)
@click.version_option(package_name="lodpub")
@click.pass_context
def main(ctx: click.Context, project_dir: Path | None) -> None:
    """Publish ministers' answers to Folketinget's questions as linked open data."""
    ctx.ensure_object(dict)
    ctx.obj["project_dir"] = project_dir


def _project(ctx: click.Context):
    from . import config

    return config.load(ctx.obj.get("project_dir"))


@main.command()
@click.argument("seed_files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if data/ is not what the seeds give now.")
@click.pass_context
def extract(ctx: click.Context, seed_files: tuple[str, ...], check: bool) -> None:
    """Extract seeds (default: all of seeds/) into data/, one Turtle file each."""
    from . import extract as extracting

    project = _project(ctx)
    complete = not seed_files
    outputs = extracting.extract(project, list(seed_files) or None)
    if not outputs:
        raise UserError("no seeds to extract (seeds/*.txt)", project.seeds)
    if check:
        stale = extracting.stale(project, outputs, complete)
        if stale:
            for path in stale:
                click.echo(f"stale: {display_path(path)}", err=True)
            click.echo(
                f"{len(stale)} of the data files differ from what the seeds give now; run `lodpub extract`.",
                err=True,
            )
            ctx.exit(1)
        click.echo(f"data/ is current: {len(outputs)} seed(s) give exactly the committed files.")
        return
    removed = extracting.write(project, outputs, complete)
    for output in outputs:
        click.echo(
            f"{display_path(output.seed)} -> {display_path(output.path)}: "
            f"{output.responses} operator response(s), {output.findings} finding(s)"
        )
    for path in removed:
        click.echo(f"removed {display_path(path)}: its seed is gone")


@main.command()
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@click.option("--format", "fmt", type=click.Choice(["text", "ttl"]), default="text", show_default=True,
              help="text: one line per result; ttl: the sh:ValidationReport as Turtle.")
@click.pass_context
def validate(ctx: click.Context, strict: bool, fmt: str) -> None:
    """Check data/ against the SHACL shapes in shapes/; exit 1 on violations."""
    from . import validate as validating

    project = _project(ctx)
    report = validating.validate(project)
    if fmt == "ttl":
        click.echo(report.turtle, nl=False)
    else:
        for line in validating.format_text(report, project):
            click.echo(line)
    failing = report.violations or (strict and report.warnings)
    ctx.exit(1 if failing else 0)


@main.command()
@click.pass_context
def build(ctx: click.Context) -> None:
    """Validate, then write dumps, pages and the dataset description into build/ (atomically)."""
    import os

    from . import build as building

    project = _project(ctx)
    summary = building.build(project, _progress(), os.environ.get("SOURCE_DATE_EPOCH"))
    click.echo(
        f"built {display_path(summary.path)}: {summary.triples} triples, {summary.entities} entities, "
        f"{summary.pages} pages, {summary.files} files, {summary.bytes / 1e6:.1f} MB in {summary.seconds:.1f} s"
        + (f" ({summary.warnings} validation warning(s): see build/validation.html)" if summary.warnings else "")
    )


def _progress():
    """A progress bar on a terminal; one plain line per finished phase elsewhere (CI logs)."""
    import sys

    if not sys.stderr.isatty():
        def plain(phase: str, done: int, total: int) -> None:
            if done == total:
                click.echo(f"  {phase}: done", err=True)
        return plain

    from rich.progress import Progress

    bar = Progress(transient=True)
    tasks: dict[str, int] = {}

    def fancy(phase: str, done: int, total: int) -> None:
        if not bar.live.is_started:
            bar.start()
        if phase not in tasks:
            tasks[phase] = bar.add_task(phase, total=total)
        bar.update(tasks[phase], completed=done, total=total)
        if all(task.finished for task in bar.tasks) and phase == "hosting":
            bar.stop()

    return fancy


if __name__ == "__main__":  # pragma: no cover
    main()
