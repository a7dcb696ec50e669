"""The SPARQL stores lodpub is tested against, each a real server: Oxigraph and Virtuoso.

Both server classes have the same face: url, query_url, gsp_url, update_url, endpoints (lodpub's
Endpoints for them), start(), stop(), kill(), running, and `with` to start and stop.
"""

from __future__ import annotations

from pathlib import Path

from oxigraph_server import OxigraphServer
from virtuoso_server import VirtuosoServer

KINDS = ["oxigraph", "virtuoso"]


def store_server(kind: str, location: Path, timeout_s: float | None = None) -> OxigraphServer | VirtuosoServer:
    """A server of this kind over a new folder (not started); timeout_s: the store's own query timeout."""
    if kind == "oxigraph":
        return OxigraphServer(location, timeout_s=timeout_s)
    if kind == "virtuoso":
        return VirtuosoServer(location, **({"timeout_s": timeout_s} if timeout_s is not None else {}))
    raise ValueError(f"no such store: {kind}")
