"""Validation in a process of its own, while the build loads the dataset.

The two read the same files and need nothing of each other, and a build went from one to the
other: at 10,000 answers, a rebuild after one changed answer validated for 5 s (reading the
kept reports of 400 chunks) and then loaded for 5 s, a cold build 40 s and 23 s. Nothing is
written to build/ before the report is in, so invalid data is still never published.

A project small enough to be validated as one graph (validate.CHUNK seeds or fewer) is
validated in the build's own process, as before: its report holds an rdflib graph, and the
process would cost more than the work.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from dataclasses import dataclass

from rdflib import Graph

from .. import lifeline, validate
from ..config import Project


@dataclass
class Validating:
    """`validate.validate` running in a process of its own (`start`), or its report already."""

    process: multiprocessing.Process | None
    receiving: object | None  # the pipe's end this process reads the report from
    report: validate.Report | None = None


def start(project: Project, shapes: Graph, cache: bool, engine: str) -> Validating:
    """Validate `project` against `shapes` in a forked process; `finish` waits for its report.
    Forked before the dataset is loaded, so it holds none of it; it forks its own workers, so it
    is not a daemon (a daemon may have no children), and it ends with the build, however that
    ends (lifeline)."""
    chunk = validate.CHUNK
    if len(list(project.data.glob("*.ttl"))) <= chunk:
        return Validating(None, None, validate.validate(project, chunk=chunk, shapes=shapes, cache=cache, engine=engine))
    fork = multiprocessing.get_context("fork")
    receiving, sending = fork.Pipe(duplex=False)
    process = fork.Process(target=_validate_and_send, args=(sending, os.getpid(), project, shapes, chunk, cache, engine))
    process.start()
    sending.close()
    return Validating(process, receiving)


def finish(validating: Validating) -> validate.Report:
    """The report `start` began; what went wrong in its process raised here."""
    if validating.report is not None:
        return validating.report
    try:
        outcome, value = validating.receiving.recv()
    except EOFError:  # it died without a word
        validating.process.join()
        raise OSError(f"validation ended with exit status {validating.process.exitcode}") from None
    finally:
        validating.receiving.close()
    validating.process.join()
    if outcome == "failed":
        raise value
    validating.report = value
    return value


def stop(validating: Validating) -> None:
    """End the validation; for a build that failed meanwhile."""
    if validating.process is not None:
        if validating.process.is_alive():
            validating.process.kill()
        validating.process.join()
        validating.receiving.close()


def _validate_and_send(sending, owner: int, project: Project, shapes: Graph, chunk: int, cache: bool, engine: str) -> None:
    lifeline.end_with(owner)
    try:
        sending.send(("done", validate.validate(project, chunk=chunk, shapes=shapes, cache=cache, engine=engine)))
    except Exception as error:  # noqa: BLE001 - said by `finish`, in the build's process
        try:
            # One that pickles but cannot be made again from its arguments would fail in `finish`.
            pickle.loads(pickle.dumps(error))
        except Exception:  # noqa: BLE001 - an error that does not cross: its words
            error = RuntimeError(f"{type(error).__name__}: {error}")
        sending.send(("failed", error))
    finally:
        sending.close()
