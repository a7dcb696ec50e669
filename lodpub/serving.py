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

from . import lifeline
from .errors import UserError
from .sparql.limits import EngineError, Limits
from .store_client import Credentials

log = logging.getLogger("uvicorn.error")


def share(limits: Limits, workers: int, processes: int) -> tuple[Limits, int]:
    """Each process's part of the query limits, so that N processes together keep to them."""
    if processes == 1:
        return limits, workers
    concurrent = max(1, math.ceil(limits.max_concurrent / processes))
    return dataclasses.replace(limits, max_concurrent=concurrent), max(1, math.ceil(workers / processes))


@dataclass(frozen=True)
class ProcessApp:
    """Makes the app in each server process (it is sent there, so it holds only settings)."""

    project_dir: Path | None
    limits: Limits  # this process's share
    workers: int
    query_url: str | None = None  # an external store's query endpoint, else the embedded store
    auth: Credentials | None = None
    parent: int = dataclasses.field(default_factory=os.getpid)  # the supervisor, where this is made

    def __call__(self):
        # A supervisor that dies without a word (SIGKILL, the OOM killer) cannot stop us: we end
        # with it, and our query workers with us (they watch this process).
        lifeline.end_with(self.parent)

        from . import config, sparql_http
        from .server import create_app
        from .sparql.repository import StoreRepository

        try:
            project = config.load(self.project_dir)
            if self.query_url is None:
                return create_app(project, sparql_http.endpoint_for(project, self.limits, self.workers))
            endpoint = sparql_http.endpoint_for_store(project, self.limits, self.query_url, self.auth or Credentials())
            return create_app(project, endpoint, StoreRepository(endpoint.engine, project))
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
