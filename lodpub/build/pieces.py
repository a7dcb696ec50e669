"""A dump as one gzip member made of pieces compressed apart and kept between builds, as pigz
joins the blocks it compresses apart (core/packed.py). A piece may refer to the end of the text
before it: compressed with nothing before them, the pieces made the dumps 40 % larger. So a
piece is made again whenever the text before it changed, and a dump made of kept pieces is the
same file, byte for byte, as one made from nothing. Each piece is kept in a file of its own
under its key, with a digest of its bytes: a damaged one is made again."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..config import Project
from ..core import digests, kept, packed


@dataclass(frozen=True)
class Piece:
    deflated: bytes
    crc: int  # of the text
    size: int  # of the text


def common(version: bytes, project: Project) -> hashlib.blake2b:
    """The start of every piece's key: the layout's `version`, lodpub and its libraries, and the
    project's settings (its prefixes among them)."""
    summed = hashlib.blake2b(version + digests.code(), digest_size=16)
    summed.update(json.dumps(digests.settings(project), sort_keys=True, default=str).encode("utf-8"))
    return summed


def make(text: bytes, before: bytes) -> Piece:
    """The piece of `text`, which follows `before` in the dump."""
    return Piece(packed.deflate_piece(text, before) if text else b"", packed.crc(text), len(text))


def write(pieces: Iterable[Piece], output: BinaryIO) -> int:
    """The gzip member of `pieces` into `output` (a binary file); returns the size of its text."""
    output.write(packed.HEADER)
    crc, size = 0, 0
    for piece in pieces:
        output.write(piece.deflated)
        crc = packed.crc_joined(crc, piece.crc, piece.size)
        size += piece.size
    output.write(packed.trailer(crc, size))
    return size


def read(folder: Path, key: str) -> Piece | None:
    """The piece kept under `key`, if it is there whole."""
    try:
        data = (folder / f"{key}.piece").read_bytes()
    except OSError:
        return None
    # A digest of all that follows it: the text's CRC and size, then its compressed bytes.
    digest, rest = data[:32], data[32:]
    if len(rest) < 24 or digest != hashlib.blake2b(rest, digest_size=32).digest():
        return None
    return Piece(rest[24:], int.from_bytes(rest[:4], "little"), int.from_bytes(rest[4:24], "little"))


def keep(folder: Path, key: str, piece: Piece) -> None:
    rest = piece.crc.to_bytes(4, "little") + piece.size.to_bytes(20, "little") + piece.deflated
    kept.write_bytes(folder / f"{key}.piece", hashlib.blake2b(rest, digest_size=32).digest() + rest)


def keep_only(folder: Path, wanted: set[str]) -> None:
    """Remove the kept pieces whose keys are not `wanted`, so the folder does not grow."""
    try:
        for path in folder.glob("*.piece"):
            if path.stem not in wanted:
                path.unlink(missing_ok=True)
    except OSError:
        pass
