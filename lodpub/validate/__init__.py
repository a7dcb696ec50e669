"""SHACL validation of data/ (with the reference data and the vocabulary) against shapes/.

Results are located: each focus node is traced to the file and line where it is described,
so a report reads like a compiler's ("data/x.ttl:120: <node> ftv:minPerWeek: ... (Violation)").
Reading the sources (sources.py), one SHACL run by either engine (shacl.py), chunks and their cache
(chunks.py) and reports (report.py) are modules of their own; this one puts them together.
"""

from __future__ import annotations

from rdflib import Graph

from ..config import Project
from .chunks import CACHE, CHUNK, check_chunks, split
from .report import InvalidData, Report, Result, format_text, merge
from .shacl import DEFAULT_ENGINE, ENGINES, check
from .sources import Sources, load, load_shapes, parse, subject_lines

__all__ = [
    "CACHE", "CHUNK", "DEFAULT_ENGINE", "ENGINES", "InvalidData", "Report", "Result", "Sources", "check", "format_text", "load", "load_shapes",
    "merge", "parse", "split", "subject_lines", "validate",
]


def validate(
    project: Project,
    workers: int | None = None,
    chunk: int = CHUNK,
    shapes: Graph | None = None,
    cache: bool = True,
    engine: str = DEFAULT_ENGINE,
) -> Report:
    """Validate data/ + data/reference/ + ontology/ against shapes/.

    Small projects are validated as one graph. Larger ones in chunks of seeds, each with the
    shared reference data and vocabulary, on all cores; results about the shared nodes, which
    every chunk reports, are kept once. tests/validate/test_validate_chunks.py checks that this gives the
    same results as validating the whole graph at once.

    Each chunk's report is kept under .cache/validation/, keyed by the sha256 of everything
    that decides it (the chunk's files, the shared files, the shapes given, the validator's modules and the
    engine and the versions of pyshacl and rdflib), so after one seed changes only its chunk is validated again.
    With `cache` false every chunk is validated, and the reports kept are renewed.
    """
    seeds = sorted(project.data.glob("*.ttl"))
    shared = sorted(project.reference.glob("*.ttl")) + sorted(project.ontology.glob("*.ttl"))
    shapes = load_shapes(project) if shapes is None else shapes
    if len(seeds) <= chunk:
        sources = load(project)
        return check(sources.graph, shapes, sources.locations, engine)
    return check_chunks(project, seeds, shared, shapes, chunk, workers, cache, engine)
