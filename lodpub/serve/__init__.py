"""Running `lodpub serve`: uvicorn in one process, or in several that share the listening socket.

One Python process answers on one core. With --processes N, uvicorn's supervisor starts N
server processes on one socket (the kernel spreads connections among them) and replaces any
that dies. Each process builds its own app in ProcessApp: its own query engine, with its share
of the query limits, over the same store. That is sound because the store is only ever read:
every query worker opens it read-only (sparql/worker.py), so any number of processes can.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from uvicorn.config import STARTUP_FAILURE

from .. import lifeline
from ..config import Project
from ..errors import UserError
from ..sparql.limits import EngineError, Limits
from ..store_access import Credentials

log = logging.getLogger("uvicorn.error")


@dataclass(frozen=True)
class ServeSettings:
    """How `lodpub serve` runs, besides the project: its query limits and where queries go.

    Small and picklable: with --processes it is sent to every server process, which makes its
    own app from it (`assemble`).
    """

    limits: Limits = Limits()  # for the whole server, shared out among its processes
    workers: int = 2  # query worker processes of the embedded store
    processes: int = 1
    query_url: str | None = None  # an external store's query endpoint; None: the embedded store
    auth: Credentials = Credentials()

    def per_process(self) -> ServeSettings:
        """One process's part of the limits and workers, so that N processes together keep to them."""
        if self.processes == 1:
            return self
        concurrent = max(1, math.ceil(self.limits.max_concurrent / self.processes))
        return dataclasses.replace(
            self, limits=dataclasses.replace(self.limits, max_concurrent=concurrent),
            workers=max(1, math.ceil(self.workers / self.processes)), processes=1,
        )


def assemble(project: Project, settings: ServeSettings):
    """The ASGI app of one server process: the site, and /sparql over the embedded store or the
    external one. UserError when there is no build to serve."""
    from . import sparql_endpoint
    from .app import create_app
    from .repository import StoreRepository

    endpoint = sparql_endpoint.endpoint(project, settings.limits, settings.workers, settings.query_url, settings.auth)
    repository = StoreRepository(endpoint.engine, project) if settings.query_url is not None else None
    return create_app(project, endpoint, repository)


@dataclass(frozen=True)
class ProcessApp:
    """Makes the app in each server process (it is sent there, so it holds only settings)."""

    project_dir: Path | None
    settings: ServeSettings  # this process's part
    parent: int = dataclasses.field(default_factory=os.getpid)  # the supervisor, where this is made
    base: str | None = None  # published under this base (`--base`); None: lodpub.toml's

    def __call__(self):
        # A supervisor that dies without a word (SIGKILL, the OOM killer) cannot stop us: we end
        # with it, and our query workers with us (they watch this process).
        lifeline.end_with(self.parent)

        from .. import config

        try:
            return assemble(config.load(self.project_dir).published_at(self.base), self.settings)
        except (UserError, EngineError) as error:
            # The parent checked all this before it started us; if it fails now it would fail
            # in every replacement too: say so, and let the supervisor stop.
            log.error("cannot start a server process: %s", error)
            sys.exit(STARTUP_FAILURE)


def run(app, host: str, port: int, *, access_log: bool) -> None:
    """Serve `app` in this process until interrupted."""
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, access_log=access_log)


def run_processes(app: ProcessApp, processes: int, host: str, port: int, *, access_log: bool) -> None:
    """Serve in `processes` processes, each making its app with `app`, until interrupted."""
    from uvicorn.supervisors import Multiprocess

    settings = uvicorn.Config(
        app, host=host, port=port, log_level="info", server_header=False, access_log=access_log,
        workers=processes, factory=True,
    )
    socket = settings.bind_socket()
    try:
        Multiprocess(settings, sockets=[socket]).run()
    finally:
        socket.close()
