"""The limits a SPARQL query runs under, and the exceptions that say which one it hit."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UserError


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds, enforced by killing the worker process
    max_rows: int = 10_000  # result rows (or triples) returned at most; more sets Result.truncated
    max_query_bytes: int = 100_000
    max_concurrent: int = 4  # queries evaluating at once; more -> Busy
    max_depth: int = 64  # nesting of ( { [ in the query text
    # Heap of one worker process (RLIMIT_DATA). A query that needs more stops its worker, and the
    # caller gets QueryRefused instead of the machine swapping. None: no limit.
    max_memory_mb: int | None = 2048


class QueryRefused(Exception):
    """The query is not evaluated (or could not be): `status` is the HTTP status to answer."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class FormNotAcceptable(QueryRefused):
    """The result format asked for does not fit the query form; `alternatives` do."""

    def __init__(self, form: str, asked, alternatives: tuple):
        names = ", ".join(f.label for f in alternatives)
        super().__init__(406, f"A {form} result cannot be given as {asked.label}; ask for one of: {names}.")
        self.alternatives = alternatives


class QueryTimeout(Exception):
    """The query ran out of time and its worker was killed."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self.message = f"The query ran longer than {timeout:g} s and was stopped."
        super().__init__(self.message)


class Busy(Exception):
    """As many queries as allowed are running; try again after `retry_after` seconds."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        self.message = f"Too many queries are running at once; try again in {retry_after} s."
        super().__init__(self.message)


class EngineError(UserError):
    """The engine itself cannot work (the store cannot be built or opened, a worker cannot start).

    Not the query's fault: a server answers 503; the CLI prints the message and exits.
    """


class StoreUnavailable(EngineError):
    """The store cannot answer: down, unreachable, refusing our credentials, or failing (5xx).

    Not the query's fault: the server answers 502 Bad Gateway with `message`, which names the
    store and never holds credentials.
    """


class StoreTimeout(QueryTimeout):
    """The store did not finish answering within limits.timeout; the request was cut (504)."""

    def __init__(self, timeout: float, store: str):
        super().__init__(timeout)
        self.message = (
            f"The SPARQL store at {store} did not answer within {timeout:g} s; the query was stopped. "
            "Narrow it or add LIMIT."
        )
        self.args = (self.message,)
