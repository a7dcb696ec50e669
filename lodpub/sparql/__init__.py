"""The read-only SPARQL engine that `lodpub serve` and `lodpub query` share.

check() refuses what must not run (updates, SERVICE, graphs outside the dataset, overlong or
overly nested text) before anything is evaluated; open_store() builds the on-disk store from
the build's N-Quads dump; Engine runs each query in a worker process it can kill.
"""

from .check import FORMS, UPDATE_KEYWORDS, Checked, analyse, check
from .engine import Engine, Result
from .limits import Busy, EngineError, FormNotAcceptable, Limits, QueryRefused, QueryTimeout
from .store import STORES, complete, fill, filled, graph_names, hold, open_store, prune

__all__ = [
    "FORMS", "UPDATE_KEYWORDS", "Busy", "Checked", "Engine", "EngineError", "Limits", "FormNotAcceptable",
    "QueryRefused", "QueryTimeout", "Result", "STORES", "analyse", "check", "complete", "fill", "filled", "graph_names", "hold", "open_store", "prune",
]
