"""build/'s compressed files: the dumps (dumps/*.nq.gz) and everything under doc/ (layout.PACKED_FOLDER).

Written with no name and mtime 0, so the same text always gives the same bytes, at level 6 (gzip's
own default): on the N-Triples dump half the time of level 9 for 2% more bytes, and on entity
pages and documents 0.4% more bytes at 100 MB/s against 87.

Compressed by zlib-ng, read by the standard library's zlib (any gzip reader can). At level 6 it
made the same sizes as zlib (pages) or 1.5% fewer bytes (the N-Triples dump), 1.65 and 1.9 times
as fast: compression had been a sixth of the page writers' time. Its bytes are not zlib's, and
may differ between zlib-ng's versions, so the keys of reused files name its version
(build/products.py); between processors too (it picks its code by the processor's features),
where only the text is the same.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import BinaryIO

from zlib_ng import zlib_ng

from . import layout

# What reading a damaged gzip file raises: not gzip at all, cut short, or corrupt inside.
DAMAGED = (gzip.BadGzipFile, EOFError, zlib.error)
LEVEL = 6


def open_dump(path: Path) -> BinaryIO:
    """The dump's text as a binary stream: unpacked when its name ends in .gz, else as it is."""
    path = Path(path)
    return gzip.open(path, "rb") if path.name.endswith(layout.PACKED) else path.open("rb")


VERSION = f"zlib-ng {zlib_ng.ZLIBNG_VERSION}"  # what makes the bytes, for the keys of reused files


def compressor(level: int = LEVEL):
    """A compressor of one gzip member, the same bytes every time (wbits 31: no name, mtime 0);
    it lets go of the GIL while it works, so a thread of its own compresses beside Python."""
    return zlib_ng.compressobj(level, zlib_ng.DEFLATED, 31)


def pack(data: bytes, level: int = LEVEL) -> bytes:
    """`data` as one gzip member, the same bytes every time."""
    packing = compressor(level)
    return packing.compress(data) + packing.flush()


def unpack(data: bytes) -> bytes:
    """The text of a file `pack` wrote (or any single gzip member); DAMAGED when it is not one."""
    return gzip.decompress(data)


def read(path: Path) -> bytes:
    """The text a file of build/ holds: unpacked when layout.stored put it in a .gz file."""
    data = Path(path).read_bytes()
    return unpack(data) if str(path).endswith(layout.PACKED) else data
