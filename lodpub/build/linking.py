"""The files of unchanged entities linked from the build before by a forked process, while the
build's own process goes on with the listings and the reference pages. At 10,000 answers a
one-answer rebuild links some 280,000 files, 4 to 5 s of one core (py-spy) that the other core,
left to the dump writer, the store and Pagefind, had room for.

The process is given the entities' IRIs and finds their files' names itself, in the index it
shares with the build's process: made there beforehand, the names were 37 MB more of the build's
process at its largest. It ends with the build, however that ends (lifeline)."""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path

from .. import lifeline
from . import products
from ..core.entities import Index


@dataclass
class Linking:
    process: multiprocessing.Process
    receiving: object  # the pipe's end the process sends on


def start(folder: Path, iris: list[str], index: Index, out: Path) -> Linking:
    """Link the files of the entities `iris` of `index` from the build in `folder` into `out`, in
    a forked process; `finish` waits for it. No thread may be running: a fork copies the locks
    that other threads hold."""
    fork = multiprocessing.get_context("fork")
    receiving, sending = fork.Pipe(duplex=False)
    process = fork.Process(target=_link_and_send, args=(sending, os.getpid(), folder, iris, index, out), daemon=True)
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


def _link_and_send(sending, owner: int, folder: Path, iris: list[str], index: Index, out: Path) -> None:
    lifeline.end_with(owner)
    entities = index.entities
    sending.send([iri for iri in iris if not products.link(folder, products.entity_files(entities[iri]), out)])
