"""Child processes that end when the process that started them is gone, however it went.

A parent killed with SIGKILL, by the OOM killer or by a crash runs no cleanup, so its children
would go on: server processes on the port, validation workers asleep on a queue nobody writes
to, page writers holding a copy of every quad. On Linux the kernel can tell a child when its
parent dies: prctl(PR_SET_PDEATHSIG). Two caveats, both handled here or by the callers:

- The signal fires when the *thread* that started the child ends, not the process. lodpub starts
  children from the main thread (uvicorn's supervisor, the CLI's build), or from a pool that lives
  inside one call of the thread that made it, so the thread lives as long as its children.
- A child can outlive its parent before it asks: the parent may die between fork and prctl.
  So the child checks, right after asking, that its parent is still the process it expects.

Processes forked by multiprocessing's fork server have the fork server as their parent, not the
process they work for; for them, end_with() watches that process through a pidfd instead. (The
fork server itself ends by multiprocessing's own rule, once the process that started it and
all the processes it forked are gone.) Elsewhere (not Linux) these calls do nothing and
children end as they did before.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import sys
import threading

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def end_with(owner: int) -> None:
    """End this process (SIGKILL) as soon as process `owner`, which started it, is gone.

    When `owner` is our parent, the kernel's parent-death signal does it. When it is not (a fork
    server forked us), or it is gone already, a daemon thread waits on a pidfd of `owner`
    (Linux 5.3 and later): call it only where the process may start a thread. Nothing happens
    in `owner` itself: a pool run in-process calls its initializer there.
    """
    if not sys.platform.startswith("linux") or owner == os.getpid():
        return
    if os.getppid() == owner:
        libc = ctypes.CDLL(None, use_errno=True)
        # Checked again after asking: the parent may have died between fork and prctl, and
        # then no signal will ever come.
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0 and os.getppid() == owner:
            return
    _watch(owner)


def before_exec(owner: int):
    """A `preexec_fn` for subprocess: the program it runs (Pagefind) gets SIGKILL when `owner`,
    the process starting it, is gone. The parent-death signal survives exec."""

    def ask() -> None:
        if not sys.platform.startswith("linux"):
            return
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != owner:
            os._exit(1)  # gone before we asked: no signal will come

    return ask


def module_command(module: str, *args: str) -> list[str]:
    """The command of a fresh interpreter running `module` of this package, told which process
    started it (the last argument: its `_main` calls end_with with it). A fresh interpreter, not
    a fork: the module needs its arguments, not a copy of all its caller holds.

    runpy warns when it runs a module that the package imported first (lodpub.build imports
    build.search, lodpub.sparql imports sparql.store): true and harmless, but it was the first
    line of every message such a process wrote, and the last when it was killed."""
    return [sys.executable, "-W", "ignore::RuntimeWarning:runpy", "-m", module, *args, str(os.getpid())]


def started_by(owner: int, initializer=None, *args) -> None:
    """A pool's initializer: end_with(owner), then `initializer(*args)` if given."""
    end_with(owner)
    if initializer is not None:
        initializer(*args)


def _watch(owner: int) -> None:
    try:
        handle = os.pidfd_open(owner)
    except ProcessLookupError:  # gone already
        _end()
    except (OSError, AttributeError):  # a kernel or Python without pidfds: as before, no lifeline
        return

    def wait() -> None:
        select.select([handle], [], [])  # readable once the process has ended
        _end()

    threading.Thread(target=wait, name=f"lifeline-{owner}", daemon=True).start()


def _end() -> None:
    os.kill(os.getpid(), signal.SIGKILL)
