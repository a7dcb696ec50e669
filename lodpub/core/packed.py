"""build/'s compressed files: the dumps (dumps/*.nq.gz) and everything under doc/ (layout.PACKED_FOLDER).

Written with no name and mtime 0, so the same text always gives the same bytes, at level 6 (gzip's
own default): on the N-Triples dump half the time of level 9 for 2% more bytes, and on entity
pages and documents 0.4% more bytes at 100 MB/s against 87.

Compressed by zlib-ng, readable by any gzip reader; the dumps are read back by zlib-ng's (open_dump). At level 6 it
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

from zlib_ng import gzip_ng, zlib_ng

from . import layout

# What reading a damaged gzip file raises: not gzip at all, cut short, or corrupt inside.
DAMAGED = (gzip.BadGzipFile, EOFError, zlib.error, zlib_ng.error)
LEVEL = 6


def open_dump(path: Path) -> BinaryIO:
    """The dump's text as a binary stream: unpacked when its name ends in .gz, else as it is."""
    path = Path(path)
    # zlib-ng's reader: reading the 10,000-answer N-Quads dump line by line, 1.3 s against gzip's 2.3.
    return gzip_ng.open(path, "rb") if path.name.endswith(layout.PACKED) else path.open("rb")


VERSION = f"zlib-ng {zlib_ng.ZLIBNG_VERSION}"  # what makes the bytes, for the keys of reused files


def compressor(level: int = LEVEL):
    """A compressor of one gzip member, the same bytes every time (wbits 31: no name, mtime 0);
    it lets go of the GIL while it works, so a thread of its own compresses beside Python."""
    return zlib_ng.compressobj(level, zlib_ng.DEFLATED, 31)


def pack(data: bytes, level: int = LEVEL) -> bytes:
    """`data` as one gzip member, the same bytes every time."""
    packing = compressor(level)
    return packing.compress(data) + packing.flush()


# One gzip member made of pieces compressed apart (build/by_graph.py), as pigz makes one: the
# header zlib writes for wbits 31 (no name, mtime 0, Unix), each piece's raw deflate ending on a
# byte boundary, then an empty last block and the trailer (the text's CRC-32 and size).
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
LAST_BLOCK = zlib_ng.compressobj(LEVEL, zlib_ng.DEFLATED, -15).flush()


WINDOW = 1 << 15  # how far back deflate looks


def deflate_piece(data: bytes, before: bytes = b"") -> bytes:
    """`data` as raw deflate that another piece may follow: flushed to a byte boundary, no last
    block. `before` is the end of the text the pieces before it hold (as much as deflate looks
    back at), for it to refer to, as pigz does: pieces compressed with nothing before them made
    the dumps 40 % larger."""
    if before:
        packing = zlib_ng.compressobj(
            LEVEL, zlib_ng.DEFLATED, -15, zlib_ng.DEF_MEM_LEVEL, zlib_ng.Z_DEFAULT_STRATEGY, before[-WINDOW:],
        )
    else:
        packing = zlib_ng.compressobj(LEVEL, zlib_ng.DEFLATED, -15)
    return packing.compress(data) + packing.flush(zlib_ng.Z_SYNC_FLUSH)


def crc(data: bytes) -> int:
    return zlib_ng.crc32(data)


def crc_joined(first: int, second: int, second_size: int) -> int:
    """The CRC-32 of two texts one after the other, from the CRC-32 of each and the second's size."""
    return zlib_ng.crc32_combine(first, second, second_size)


def trailer(crc_of_text: int, size: int) -> bytes:
    return LAST_BLOCK + crc_of_text.to_bytes(4, "little") + (size & 0xFFFFFFFF).to_bytes(4, "little")


def unpack(data: bytes) -> bytes:
    """The text of a file `pack` wrote (or any single gzip member); DAMAGED when it is not one."""
    return gzip.decompress(data)


def read(path: Path) -> bytes:
    """The text a file of build/ holds: unpacked when layout.stored put it in a .gz file."""
    data = Path(path).read_bytes()
    return unpack(data) if str(path).endswith(layout.PACKED) else data
