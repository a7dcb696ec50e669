"""The one error a user sees: a message naming the file (and line), never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import click


class UserError(click.ClickException):
    """Bad input, bad settings or invalid data; `exit_code` says which kind."""

    exit_code = 2

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where = f"{display_path(path)}:{line}: " if line else f"{display_path(path)}: "
        super().__init__(where + message)
        self.path = path
        self.line = line


def display_path(path: Path | str) -> str:
    """A path relative to the working directory when it lies below it, for messages.

    Symlinks are not followed: build/ is a link, and users know it as build/.
    """
    absolute = os.path.abspath(path)
    here = os.getcwd()
    return os.path.relpath(absolute, here) if absolute.startswith(here + os.sep) else str(path)
