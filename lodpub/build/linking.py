"""The files of unchanged entities linked from the build before by a forked process, while the
build's own process goes on with the listings and the reference pages. At 10,000 answers a
one-answer rebuild links some 280,000 files, 4 to 5 s of one core (py-spy) that the other core,
left to the dump writer, the store and Pagefind, had room for.

The process is given each entity's IRI and file names, made before it is forked, so that it
reads few of the build's objects: every object a forked process reads has its count of
references written, and the page that holds it copied (page writers that linked had taken
twice as long). It ends with the build, however that ends (lifeline)."""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path

from .. import lifeline
from . import products


@dataclass
class Linking:
    process: multiprocessing.Process
    receiving: object  # the pipe's end the process sends on


def start(folder: Path, entities: list[tuple[str, list[str]]], out: Path) -> Linking:
    """Link each entity's files (its IRI, and its files' names under a build) from the build in
    `folder` into `out`, in a forked process; `finish` waits for it. No thread may be running:
    a fork copies the locks that other threads hold."""
    fork = multiprocessing.get_context("fork")
    receiving, sending = fork.Pipe(duplex=False)
    process = fork.Process(target=_link_and_send, args=(sending, os.getpid(), folder, entities, out), daemon=True)
    process.start()
    sending.close()
    return Linking(process, receiving)


def finish(linking: Linking) -> list[str]:
    """The IRIs of the entities whose files could not be linked (products.link), for the build to
    make; OSError if the process ended without saying."""
    try:
        failed = linking.receiving.recv()
    except EOFError:
        failed = None
    linking.process.join()
    linking.receiving.close()
    if failed is None:
        raise OSError(f"the linking of unchanged files ended with exit status {linking.process.exitcode}")
    return failed


def stop(linking: Linking) -> None:
    """End the linking; for a build that failed."""
    if linking.process.is_alive():
        linking.process.kill()
    linking.process.join()
    linking.receiving.close()


def _link_and_send(sending, owner: int, folder: Path, entities: list[tuple[str, list[str]]], out: Path) -> None:
    lifeline.end_with(owner)
    sending.send([iri for iri, names in entities if not products.link(folder, names, out)])
