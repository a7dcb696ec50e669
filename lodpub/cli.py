"""The `lodpub` command. Only this module prints or exits; each command imports its work lazily."""

from __future__ import annotations

from pathlib import Path

import click

from . import terminal
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
@click.option("--check", is_flag=True, help="Write nothing to data/; exit 1 if data/ is not what the seeds give now.")
@click.option("--strict", is_flag=True, help="Refuse a seed read with warnings (something left out, a text cut off).")
@click.option("--no-cache", is_flag=True, help="Read every seed again instead of taking the output of a seed "
              "read before from .cache/extract (whose entries are renewed).")
@click.pass_context
def extract(ctx: click.Context, seed_files: tuple[str, ...], check: bool, strict: bool, no_cache: bool) -> None:
    """Extract seeds (default: all of seeds/) into data/, one Turtle file each.

    Every seed is read; a seed that cannot be read is refused and named at the end, the
    others are written; the exit code is then 1.
    """
    from . import extract as extracting

    project = _project(ctx)
    complete = not seed_files
    batch = extracting.extract(project, list(seed_files) or None, strict=strict, cache=not no_cache)
    if not batch.seeds:
        raise UserError("no seeds to extract (seeds/*.txt)", project.seeds)
    for output in batch.outputs:
        for warning in output.warnings:
            click.echo(f"Warning: {warning}", err=True)
    if check:
        stale = extracting.stale(project, batch.outputs, complete, batch.seeds)
        for path in stale:
            click.echo(f"stale: {display_path(path)}", err=True)
        if stale:
            click.echo(
                f"{len(stale)} of the data files differ from what the seeds give now; run `lodpub extract`.",
                err=True,
            )
        _report_refused(batch, checked=True)
        if stale or batch.refused:
            ctx.exit(1)
        click.echo(f"data/ is current: {len(batch.outputs)} seed(s) give exactly the committed files.")
        return
    removed = extracting.write(project, batch.outputs, complete, batch.seeds)
    for output in batch.outputs:
        click.echo(
            f"{display_path(output.seed)} -> {display_path(output.path)}: "
            f"{output.responses} operator response(s), {output.findings} finding(s), "
            f"{output.statements} other attributed statement(s)"
        )
    for path in removed:
        click.echo(f"removed {display_path(path)}: its seed is gone")
    _report_refused(batch)
    if batch.refused:
        ctx.exit(1)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", default=None, help="The question's (or the answer's) page on ft.dk.")
@click.option("--committee", default=None, help="The committee's letters (e.g. UUI), where neither text nor URL gives them.")
@click.option("--strict", is_flag=True, help="Do not add a text read with warnings.")
@click.pass_context
def add(ctx: click.Context, file: Path, url: str | None, committee: str | None, strict: bool) -> None:
    """Add an answer text: into seeds/ under its key, with a sidecar from its header and URL, then extracted."""
    from . import extract as extracting
    from .extract import adding

    project = _project(ctx)
    added = adding.add(project.seeds, file, url, committee)
    batch = extracting.extract(project, [str(added.seed)], strict=strict)
    if batch.refused:
        # A text that cannot be read is not kept: seeds/ holds only what extracts.
        added.seed.unlink()
        added.sidecar.unlink()
        _report_refused(batch)
        ctx.exit(1)
    for output in batch.outputs:
        for warning in output.warnings:
            click.echo(f"Warning: {warning}", err=True)
    extracting.write(project, batch.outputs, complete=False)
    output = batch.outputs[0]
    click.echo(f"{display_path(file)} -> {display_path(added.seed)} and {display_path(added.sidecar)}")
    click.echo(
        f"{display_path(output.seed)} -> {display_path(output.path)}: {output.responses} operator response(s), "
        f"{output.findings} finding(s), {output.statements} other attributed statement(s)"
    )


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def repair(ctx: click.Context, file: Path, output: Path) -> None:
    """Mend a text whose letters a wrong decoding garbled ("pÃ¥" for "på") into OUTPUT, a new file to add.

    Each garbled word is mended and every other one left as it is; a "”" that lost its last byte
    is restored and its line named. What cannot be mended is named by its line, and nothing is
    written."""
    from .extract import repair as repairing
    from .extract.seeds import utf8_text

    if output.exists():
        raise UserError("exists already: give a new file for the mended text", output)
    repaired = repairing.repair(utf8_text(file.read_bytes(), file))
    if repaired.left:
        for line, garbled in repaired.left:
            click.echo(f"Error: {display_path(file)}:{line}: '{garbled}' cannot be mended from the text alone "
                       "(a character was lost when it was garbled); mend it by hand", err=True)
        click.echo(f"{len(repaired.left)} line(s) left garbled; nothing written.", err=True)
        ctx.exit(UserError.exit_code)
    if not repaired.mended:
        click.echo(f"{display_path(file)}: no garbled word; nothing written.")
        return
    temporary = output.with_name(output.name + ".partial")
    temporary.write_text(repaired.text, encoding="utf-8")
    temporary.replace(output)
    for line in repaired.restored:
        click.echo(f"Warning: {display_path(output)}:{line}: '”' restored where its last byte was lost ('â€'); check it",
                   err=True)
    click.echo(f"{display_path(file)} -> {display_path(output)}: {repaired.mended} word(s) mended. "
               "Read it against the source, then add it (lodpub add).")


def _report_refused(batch, checked: bool = False) -> None:
    """Every refused seed, at the end where it is seen: file, line and why."""
    if not batch.refused:
        return
    for error in batch.refused:
        click.echo(f"Error: {error.message}", err=True)
    others = len(batch.seeds) - len(batch.refused)
    click.echo(
        f"{len(batch.refused)} of {len(batch.seeds)} seed(s) refused"
        + (f"; the other {others} checked." if checked else f" and not written; the other {others} written."),
        err=True,
    )


def engine_option(command):
    """The SHACL engine, the same for `validate` and `build`."""
    return click.option(
        "--engine", type=click.Choice(["turbo", "pyshacl"]), default="turbo", show_default=True,
        help="SHACL engine: pyshacl-turbo, or pyshacl, the reference it is tested against.",
    )(command)


@main.command()
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@click.option("--format", "fmt", type=click.Choice(["text", "ttl"]), default="text", show_default=True,
              help="text: one line per result; ttl: the sh:ValidationReport as Turtle.")
@click.option("--no-cache", is_flag=True, help="Validate every file again instead of reusing the reports kept in .cache/ (which are renewed).")
@engine_option
@click.pass_context
def validate(ctx: click.Context, strict: bool, fmt: str, no_cache: bool, engine: str) -> None:
    """Check data/ against the SHACL shapes in shapes/; exit 1 on violations."""
    from . import validate as validating

    project = _project(ctx)
    report = validating.validate(project, cache=not no_cache, engine=engine)
    if fmt == "ttl":
        click.echo(report.turtle, nl=False)
    else:
        for line in validating.format_text(report, project):
            click.echo(line)
    failing = report.violations or (strict and report.warnings)
    ctx.exit(1 if failing else 0)


BASE_HELP = ("Publish under this base instead of lodpub.toml's (e.g. http://127.0.0.1:8000/ for a local "
             "copy): every IRI under the configured base is rewritten to it, in every format.")


@main.command()
@click.option("--no-cache", is_flag=True, help="Validate every file and make every page again instead of reusing the reports "
              "and pages .cache/ keeps track of (which are renewed).")
@engine_option
@click.option("--base", metavar="URL", help=BASE_HELP)
@click.pass_context
def build(ctx: click.Context, no_cache: bool, engine: str, base: str | None) -> None:
    """Validate, then write dumps, pages and the dataset description into build/ (atomically)."""
    project = _project(ctx).published_at(base)
    _build(project, no_cache, engine)


def _build(project, no_cache: bool = False, engine: str = "turbo") -> None:
    import os

    from . import build as building

    summary = building.build(project, terminal.progress(), os.environ.get("SOURCE_DATE_EPOCH"), cache=not no_cache, engine=engine)
    if summary.kept:
        click.echo(
            f"{display_path(summary.path)} is up to date: nothing it is made from changed (data, ontology, shapes, "
            f"settings, lodpub and its libraries), so it was kept ({summary.triples} triples, {summary.entities} entities, "
            f"{summary.files} files, {summary.bytes / 1e6:.1f} MB; checked in {summary.seconds:.1f} s). "
            "`lodpub build --no-cache` makes it anew."
            + (f" {summary.warnings} validation warning(s): see build/validation.html." if summary.warnings else "")
            + (f" Published under {project.base}." if project.dataset_base else "")
        )
        return
    click.echo(
        f"built {display_path(summary.path)}: {summary.triples} triples, {summary.entities} entities, "
        f"{summary.pages} pages, {summary.files} files, {summary.bytes / 1e6:.1f} MB in {summary.seconds:.1f} s"
        + (f" ({summary.warnings} validation warning(s): see build/validation.html)" if summary.warnings else "")
        + (f", published under {project.base}" if project.dataset_base else "")
    )


def _limits(timeout: float, max_rows: int, max_query_bytes: int, max_concurrent: int):
    from . import sparql

    return sparql.Limits(timeout=timeout, max_rows=max_rows, max_query_bytes=max_query_bytes, max_concurrent=max_concurrent)


def limit_options(command):
    """The query limits, the same for `serve` and `query`."""
    for option in reversed([
        click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
                     help="Seconds a query may run before it is stopped."),
        click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
                     help="Rows (or triples) a result holds at most; more are cut and the cut is signalled."),
        click.option("--max-query-bytes", type=click.IntRange(min=100), default=100_000, show_default=True,
                     help="Longest query accepted."),
        click.option("--max-concurrent", type=click.IntRange(min=1), default=4, show_default=True,
                     help="Queries evaluated at once; more are answered 429 with Retry-After."),
    ]):
        command = option(command)
    return command


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True)
@click.option("--processes", type=click.IntRange(min=1), default=1, show_default=True,
              help="Server processes sharing the port; one uses one core. The query limits and "
                   "--workers are shared out among them.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes evaluating SPARQL queries (embedded store only).")
@click.option("--access-log/--no-access-log", default=False, show_default=True,
              help="Log every request on standard error (it costs over a third of the requests per second).")
@click.option("--store", "store_url", metavar="URL",
              help="Answer queries and RDF descriptions from this SPARQL store (filled by `lodpub publish`) "
                   "instead of an embedded one; its query endpoint is URL/query (Oxigraph).")
@click.option("--query", "query_url", metavar="URL",
              help="The store's SPARQL query endpoint, if not URL/query (Fuseki: .../ds/sparql; Virtuoso: URL/sparql).")
@click.option("--auth-file", type=click.Path(dir_okay=False, path_type=Path),
              help="TOML file with [store] user and password, or token. Default: LODPUB_STORE_USER and "
                   "LODPUB_STORE_PASSWORD, or LODPUB_STORE_TOKEN, from the environment.")
@click.option("--base", metavar="URL", help=BASE_HELP + " Serves a build made for it, building one first if "
              "build/ was made for another base.")
@limit_options
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, processes: int, workers: int, access_log: bool,
          store_url: str | None, query_url: str | None, auth_file: Path | None, base: str | None, timeout: float,
          max_rows: int, max_query_bytes: int, max_concurrent: int) -> None:
    """Serve build/ with content negotiation and a SPARQL endpoint on http://HOST:PORT.

    With --store (or --query), queries and the RDF descriptions of entities come from that store,
    with the same refusals and limits; pages and dumps still come from build/. The server starts
    even when the store does not answer: it warns, and /sparql answers 502 until the store is back.

    build/ is served for the base it was made for: with --base URL, or without it (lodpub.toml's
    base), a build/ made for another base is built again first.
    """
    from . import build as building
    from . import serve as serving

    project = _project(ctx).published_at(base)
    if project.dataset_base and (store_url is not None or query_url is not None):
        raise click.UsageError("--base cannot go with --store: the store holds the data under the base it was "
                               "published with; serve it without --base")
    built = building.published_base(project.build)
    if (built is not None and built != project.base) or (built is None and project.dataset_base):
        click.echo(f"{display_path(project.build)} was made for {built or 'no base'}; building it for {project.base}")
        _build(project)
    settings = serving.ServeSettings(
        limits=_limits(timeout, max_rows, max_query_bytes, max_concurrent), workers=workers, processes=processes,
    )
    if store_url is None and query_url is None:
        if auth_file is not None:
            raise click.UsageError("--auth-file is for a store: give --store URL (or --query URL) too")
        source = "embedded store"
    else:
        settings = _store_settings(settings, store_url, query_url, auth_file)
        source = f"store {settings.query_url}"
    own = settings.per_process()
    # Made here even with --processes, so that a missing build or an unusable store is said once,
    # with the messages of one process; each server process then makes its own.
    app = serving.assemble(project, own)
    endpoint = app.state.sparql
    if settings.query_url is not None:
        _warn_if_store_is_down(endpoint.engine)
    each = f", {processes} processes" if processes > 1 else ""
    click.echo(f"serving {display_path(project.build)} on http://{host}:{port}/ "
               f"(SPARQL: http://{host}:{port}/sparql, {source}{each})")
    if processes > 1:
        endpoint.engine.close()
        serving.run_processes(serving.ProcessApp(ctx.obj.get("project_dir"), own, base=base), processes, host, port,
                              access_log=access_log)
        return
    try:
        serving.run(app, host, port, access_log=access_log)
    finally:
        endpoint.engine.close()


def _store_settings(settings, store_url: str | None, query_url: str | None, auth_file: Path | None):
    """`serve --store`: the store's query endpoint and the credentials, with their warnings said."""
    import dataclasses
    import os

    from .store_access import Endpoints, check_url, credentials

    if store_url is not None:
        query_url = Endpoints.of(store_url, query=query_url).query
    else:
        check_url("--query", query_url)
    auth = credentials(os.environ, auth_file)
    for warning in auth.warnings:
        click.echo(f"warning: {warning}", err=True)
    return dataclasses.replace(settings, query_url=query_url, auth=auth)


def _warn_if_store_is_down(engine) -> None:
    problem = engine.check_store()
    if problem:
        end = "" if problem.endswith((".", "?")) else "."
        click.echo(f"warning: {problem}{end} Pages and dumps are served meanwhile; /sparql and RDF descriptions "
                   "answer 502 until the store answers.", err=True)


@main.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from a file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default=None,
              help="Output format; default: a table on a terminal, CSV in a pipe.")
@limit_options
@click.pass_context
def query(ctx: click.Context, query: str | None, query_file, fmt: str | None, timeout: float, max_rows: int,
          max_query_bytes: int, max_concurrent: int) -> None:
    """Run a read-only SPARQL query on the current build, with the endpoint's refusals and limits."""
    import sys

    from . import sparql
    from .core.formats import CSV, SPARQL_JSON, TSV, TURTLE
    from .serve import sparql_endpoint

    if (query is None) == (query_file is None):
        raise click.UsageError("give a query, or -f FILE, but not both")
    text = query if query is not None else query_file.read()
    project = _project(ctx)
    limits = _limits(timeout, max_rows, max_query_bytes, max_concurrent)
    endpoint = sparql_endpoint.endpoint(project, limits, workers=1)
    try:
        form = sparql.check(text, set(endpoint.graphs), limits, endpoint.engine.base)
        chosen = fmt or ("table" if sys.stdout.isatty() else "csv")
        if form in ("CONSTRUCT", "DESCRIBE"):
            result = endpoint.engine.run(text, TURTLE)
            click.echo(result.body.decode("utf-8"), nl=False)
        else:
            wanted = {"csv": CSV, "tsv": TSV, "json": SPARQL_JSON, "table": SPARQL_JSON}[chosen]
            result = endpoint.engine.run(text, wanted)
            if chosen == "table":
                click.echo(terminal.table(result.body))
            else:
                click.echo(result.body.decode("utf-8"), nl=False)
        if result.truncated:
            click.echo(f"warning: the result was cut at {limits.max_rows} rows (--max-rows)", err=True)
    except sparql.QueryRefused as refused:
        raise UserError(refused.message) from None
    except sparql.QueryTimeout:
        raise UserError(f"the query ran longer than {limits.timeout:g} s and was stopped (--timeout)") from None
    finally:
        endpoint.engine.close()


@main.command()
@click.option("--store", "store_url", metavar="URL",
              help="The store's base URL; Oxigraph's endpoints are URL/store, URL/query and URL/update.")
@click.option("--gsp", metavar="URL",
              help="Graph Store Protocol endpoint, if not URL/store (Fuseki: .../ds/data; Virtuoso: URL/sparql-graph-crud-auth).")
@click.option("--query", "query_url", metavar="URL",
              help="SPARQL query endpoint, if not URL/query (Fuseki: .../ds/sparql; Virtuoso: URL/sparql-auth).")
@click.option("--update", "update_url", metavar="URL",
              help="SPARQL Update endpoint, if not URL/update (Fuseki: .../ds/update; Virtuoso: URL/sparql-auth); "
                   "used when the store has no Graph Store Protocol.")
@click.option("--auth-file", type=click.Path(dir_okay=False, path_type=Path),
              help="TOML file with [store] user and password, or token. Default: LODPUB_STORE_USER and "
                   "LODPUB_STORE_PASSWORD, or LODPUB_STORE_TOKEN, from the environment.")
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@click.option("--force", is_flag=True, help="Write every graph, even those the store's manifest says are current.")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="Seconds to wait for each answer from the store.")
@click.pass_context
def publish(ctx: click.Context, store_url: str | None, gsp: str | None, query_url: str | None,
            update_url: str | None, auth_file: Path | None, dry_run: bool, force: bool, timeout: float) -> None:
    """Push build/'s named graphs to a SPARQL store, writing only the graphs that changed."""
    import os

    from . import build as building
    from . import publish as publishing
    from .publish.client import StoreClient
    from .store_access import Endpoints, credentials

    project = _project(ctx)
    built = building.published_base(project.build)
    if built is not None and built != project.base:
        raise UserError(f"build/ was made for {built} (--base), not for {project.base}: a store holds the data "
                        "under the configured base; run `lodpub build` first", project.build)
    endpoints = Endpoints.of(store_url, gsp=gsp, query=query_url, update=update_url)
    auth = credentials(os.environ, auth_file)
    for warning in auth.warnings:
        click.echo(f"warning: {warning}", err=True)
    with StoreClient(endpoints, auth, timeout=timeout) as store, terminal.publish_progress() as progress:
        report = publishing.publish(
            project.build, store, progress, dry_run, namespace=project.base + "graph/", force=force
        )
    if dry_run:
        for action in report.plan.writes:
            click.echo(f"would {action.kind} <{action.graph}> ({action.triples} triples): {action.reason}")
    click.echo(report.summary())
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
