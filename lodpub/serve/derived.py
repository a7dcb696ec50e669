"""Entity descriptions in the formats the build does not write, made from the entity's Turtle file.

The build writes each entity's document in WRITTEN_DOCUMENT_FORMATS only (core/formats.py); the
server answers the others by parsing the Turtle file and serialising its triples again with the
build's own serialiser, in the build's order, so the bytes are those the build would have written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..config import Project
from ..core import serialize
from ..core.canonical import triple_key
from ..core.formats import TURTLE, WRITTEN_DOCUMENT_FORMATS, Format


@dataclass(frozen=True)
class FromTurtle:
    """A description to make from the entity's Turtle file at `turtle`, in `fmt`."""

    turtle: Path
    fmt: Format


def written(fmt: Format) -> bool:
    """Whether the build writes an entity's document in `fmt` (else it is made from the Turtle)."""
    return fmt in WRITTEN_DOCUMENT_FORMATS


def from_turtle(turtle: bytes, fmt: Format, project: Project) -> bytes:
    """An entity's Turtle document as `fmt`, byte for byte what serialize.serialize writes.

    The build writes triples sorted (canonical.triple_key); the Turtle keeps that order, and
    sorting again makes it so whatever order a parser reads them in. pyoxigraph writes blank nodes
    as labels and keeps a label it reads, so a blank node comes back under the build's label.
    """
    triples = sorted(ox.parse(turtle, format=TURTLE.oxigraph), key=triple_key)
    return serialize.serialize(triples, fmt, project)
