"""A real OpenLink Virtuoso 7 (Debian's `virtuoso-opensource`) on free loopback ports, for tests.

    with VirtuosoServer(tmp_path / "virtuoso") as server:
        server.endpoints  # GSP at /sparql-graph-crud, queries and updates at /sparql
        server.kill()     # SIGKILL, as a crash
        server.start()    # again, on the same database and ports

The database, its ini and its log live in the folder given. The SPARQL user gets the right to
update (`GRANT SPARQL_UPDATE TO "SPARQL"`, through isql-vt), as the README says to set it up.
ThreadsPerQuery = 1: one query takes one core, as on a machine that also runs `lodpub serve`
(Virtuoso's default, 4, lets a runaway query starve the pages served beside it on two cores).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import httpx
from oxigraph_server import free_port
from store_process import StoreProcess

from lodpub.store_access import Endpoints

SETUP = "run scripts/setup-system (as root) to install the Debian package virtuoso-opensource"

INI = """\
[Database]
DatabaseFile       = {folder}/virtuoso.db
ErrorLogFile       = {folder}/virtuoso.log
LockFile           = {folder}/virtuoso.lck
TransactionFile    = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile       = {folder}/virtuoso-temp.db
TransactionFile    = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
NumberOfBuffers    = 2000
MaxDirtyBuffers    = 1500
DirsAllowed        = .
ThreadsPerQuery    = 1
[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerRoot         = {folder}
ServerThreads      = 10
[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = {timeout_s}
"""


def binaries() -> tuple[str, str]:
    """virtuoso-t and isql-vt; a failure saying how to install them where they are missing."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server is None or isql is None:
        raise RuntimeError(f"Virtuoso is not installed (no virtuoso-t or isql-vt on PATH): {SETUP}")
    return server, isql


class VirtuosoServer(StoreProcess):
    """One virtuoso-t process over one database folder; the ports stay the same across restarts."""

    stop_grace = 30.0  # SIGTERM: Virtuoso checkpoints, then exits

    def __init__(self, folder: Path, startup_timeout: float = 60.0, timeout_s: float = 30.0,
                 anonymous_updates: bool = True):
        self.folder = Path(folder).resolve()
        self.http_port, self.sql_port = free_port(), free_port()
        self.startup_timeout = startup_timeout
        # MaxQueryExecutionTime: Virtuoso stops a query by itself then (and answers with what it has).
        self.timeout_s = timeout_s
        self.process: subprocess.Popen | None = None
        # The anonymous SPARQL user may update (GRANT SPARQL_UPDATE TO "SPARQL"), or only users made
        # with add_user(), through the endpoints that take Digest: /sparql-auth, /sparql-graph-crud-auth.
        self.granted = not anonymous_updates

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        return self.url + "/sparql"

    @property
    def gsp_url(self) -> str:
        return self.url + "/sparql-graph-crud"

    @property
    def update_url(self) -> str:
        return self.url + "/sparql"

    @property
    def endpoints(self) -> Endpoints:
        return Endpoints.of(gsp=self.gsp_url, query=self.query_url, update=self.update_url)

    @property
    def log(self) -> Path:
        return self.folder / "virtuoso.log"

    def start(self) -> VirtuosoServer:
        server, _ = binaries()
        if self.process is not None and self.process.poll() is None:
            raise RuntimeError("the server is already running")
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(INI.format(folder=self.folder, sql_port=self.sql_port, http_port=self.http_port,
                                  timeout_s=f"{self.timeout_s:g}"), encoding="utf-8")
        with open(self.folder / "console.log", "ab") as console:
            self.process = subprocess.Popen(
                [server, "+configfile", str(ini), "+foreground"], cwd=self.folder,
                stdout=console, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        try:
            self._wait_until_ready()
            if not self.granted:
                try:
                    self.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
                except RuntimeError as error:
                    if "already have role" not in str(error):  # a database started before
                        raise
                self.granted = True
        except BaseException:
            self.kill()
            raise
        return self

    def add_user(self, name: str, password: str) -> None:
        """A SQL user who may update through the -auth endpoints."""
        self.isql(f"DB.DBA.USER_CREATE('{name}', '{password}');")
        self.isql(f'GRANT SPARQL_UPDATE TO "{name}";')

    def isql(self, statement: str) -> str:
        """Run one SQL statement as dba (the default password of a new database)."""
        _, isql = binaries()
        done = subprocess.run([isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
                              capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed on {statement!r}:\n{done.stdout}{done.stderr}")
        return done.stdout

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode} on start:\n{self._logs()}")
            try:
                answer = httpx.get(self.query_url, params={"query": "ASK {}"}, timeout=1.0)
                if answer.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"virtuoso-t did not answer within {self.startup_timeout} s:\n{self._logs()}")

    def _logs(self) -> str:
        return "".join(p.read_text(errors="replace")[-3000:] for p in (self.folder / "console.log", self.log) if p.is_file())

    def after_kill(self) -> None:
        (self.folder / "virtuoso.lck").unlink(missing_ok=True)  # left behind by a crash; the restart would refuse
