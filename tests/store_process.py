"""What the tests' real store servers (Oxigraph, Virtuoso) share: one child process, stopped
gently or killed as in a crash, and a context manager around it."""

from __future__ import annotations

import signal
import subprocess


class StoreProcess:
    """A store server in a child process; subclasses start it and say how long it may take to stop."""

    process: subprocess.Popen | None = None
    stop_grace = 10.0  # seconds after SIGTERM before SIGKILL

    def start(self):
        raise NotImplementedError

    def stop(self) -> None:
        """SIGTERM, and SIGKILL if it has not gone after `stop_grace` seconds."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=self.stop_grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """SIGKILL: the store stops mid-whatever, as in a crash or a pulled plug."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.after_kill()

    def after_kill(self) -> None:
        """What a crash leaves that a restart would trip over; nothing by default."""

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
