"""Where `lodpub serve` gets query results and entity descriptions: one interface, two implementations.

EmbeddedRepository answers queries with the embedded store's worker processes and describes an
entity with the files the build wrote (build/doc/{kind}/{key}.{ext}.gz), or, in a format the build
does not write, with what derived.py makes of its Turtle file. StoreRepository answers
both from an external SPARQL store: queries through RemoteEngine, descriptions through one
CONSTRUCT whose triples go through the build's own document code (entities.index,
descriptions.describe, serialize.serialize), so a description from the store says what the build's file
says, in the store's canonical literal forms. Pages, dumps and everything else come from build/
in both modes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Protocol

from ..config import Project
from ..core import descriptions, entities, layout, serialize
from ..core.canonical import triple_key
from ..core.formats import TURTLE, Format
from ..sparql.engine import Engine, Result
from ..sparql.limits import EngineError
from ..sparql.remote import RemoteEngine
from .derived import FromTurtle, written


class Repository(Protocol):
    """What the server asks: a query's result, and an entity's RDF description."""

    def query(self, query: str, result_format: Format, default_graph_uris=(), named_graph_uris=()) -> Result:
        """Engine.run's contract: refusals as QueryRefused, limits as QueryTimeout and Busy."""

    def describe(self, kind: str, key: str, fmt: Format) -> Path | FromTurtle | bytes | None:
        """The description of {base}id/{kind}/{key} in `fmt` (an RDF format): a file of build/ to send,
        the Turtle file of build/ to make it from, or the bytes; None when there is no such entity.
        Blocking."""

    def close(self) -> None:
        ...


class EmbeddedRepository:
    """Queries on the embedded store (`engine`, None: no endpoint); descriptions are build/'s files."""

    def __init__(self, root: Callable[[], Path], engine: Engine | None):
        self._root = root  # looked up per call: a new build is served as soon as it lands
        self.engine = engine

    def query(self, query: str, result_format: Format, default_graph_uris=(), named_graph_uris=()) -> Result:
        if self.engine is None:
            raise EngineError("this server runs without a SPARQL endpoint")
        return self.engine.run(query, result_format, default_graph_uris, named_graph_uris)

    def describe(self, kind: str, key: str, fmt: Format) -> Path | FromTurtle | None:
        if not layout.is_key(kind) or not layout.is_key(key):
            return None
        root = self._root().resolve()
        made = not written(fmt)
        found = layout.stored_file(str(root), f"{layout.document(kind, key)}.{(TURTLE if made else fmt).extension}")
        path = Path(found[0]).resolve() if found is not None else None
        if path is None or not path.is_relative_to(root):
            return None
        return FromTurtle(path, fmt) if made else path

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()


class StoreRepository:
    """Queries and descriptions from an external store, through `engine` and its limits."""

    def __init__(self, engine: RemoteEngine, project: Project):
        self.engine = engine
        self.project = project

    def query(self, query: str, result_format: Format, default_graph_uris=(), named_graph_uris=()) -> Result:
        return self.engine.run(query, result_format, default_graph_uris, named_graph_uris)

    def describe(self, kind: str, key: str, fmt: Format) -> bytes | None:
        if not layout.is_key(kind) or not layout.is_key(key):
            return None
        iri = self.project.iri(kind, key)
        found = sorted(set(self.engine.construct(description_query(iri))), key=triple_key)
        index = entities.index(self.project, found)
        entity = index.entities.get(iri)
        if entity is None:
            return None
        return serialize.serialize(descriptions.describe(entity, index), fmt, self.project)

    def close(self) -> None:
        self.engine.close()


def description_query(iri: str) -> str:
    """A CONSTRUCT for what descriptions.describe needs about `iri`.

    The entity's own triples; those of its hash parts ({iri}#...) reached from it in one or two
    steps (#span, then #position and #quote) or linking to it (a document's #extraction); and every
    label of what any of these link to, under each predicate entities.index ranks, so that
    descriptions.describe picks the same label as the build. Each part is an index lookup: a store
    has no cheap way to find subjects by IRI prefix, so a hash part linked in neither way is left
    out. `iri` is {base}id/{kind}/{key} with kind and key checked against layout.KEY: nothing in it
    needs escaping.
    """
    predicates = " ".join(f"<{p}>" for p in entities.LABEL_PREDICATES)
    return f"""CONSTRUCT {{ ?s ?p ?o . ?o ?lp ?label }}
WHERE {{
  {{ BIND(<{iri}> AS ?s) }}
  UNION {{ <{iri}> ?a ?s . FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{iri}#")) }}
  UNION {{ <{iri}> ?a ?h . FILTER(isIRI(?h) && STRSTARTS(STR(?h), "{iri}#"))
           ?h ?b ?s . FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{iri}#")) }}
  UNION {{ ?s ?a <{iri}> . FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{iri}#")) }}
  ?s ?p ?o .
  OPTIONAL {{ VALUES ?lp {{ {predicates} }} ?o ?lp ?label . }}
}}"""
