"""The obvious alternative to `lodpub build`: one rdflib Graph, pyshacl on all of it, rdflib serialisers, jinja2 pages.

    python -m benchmarks.baseline PROJECT OUT

Parses data/*.ttl, data/reference/*.ttl and ontology/*.ttl of PROJECT into one Graph, validates
the whole graph with pyshacl against shapes/*.ttl (the options lodpub uses: no inference,
SHACL-AF on), writes OUT/dump.ttl and OUT/dump.jsonld, and one HTML page per entity (every
subject under {base}id/) at OUT/doc/{kind}/{key}.html, found by walking the Graph. It does less
than `lodpub build` (no per-entity Turtle, JSON-LD, N-Triples or RDF/XML, no N-Quads dump, no
listings or description): the ratio to lodpub is therefore a lower bound of the real one.
Prints one line per phase with its time, on stderr.
"""

from __future__ import annotations

import sys
import time
import tomllib
from pathlib import Path

from jinja2 import Environment
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

PAGE = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1><p><code>{{ uri }}</code></p>
<table>{% for p, values in rows %}<tr><th>{{ p }}</th><td><ul>{% for v in values %}<li>
{%- if v.href %}<a href="{{ v.href }}">{{ v.text }}</a>{% else %}{{ v.text }}{% endif %}</li>{% endfor %}</ul></td></tr>
{% endfor %}</table></main></body></html>
""")


def label(graph: Graph, node) -> str:
    if isinstance(node, Literal):
        return str(node)
    found = graph.value(node, RDFS.label) or graph.value(node, SKOS.prefLabel)
    return str(found) if found is not None else str(node)


def main(project: Path, out: Path) -> None:
    base = tomllib.loads((project / "lodpub.toml").read_text())["dataset"]["base"]
    phase = time.perf_counter()

    def done(name: str) -> None:
        nonlocal phase
        now = time.perf_counter()
        print(f"baseline {name}: {now - phase:.1f} s", file=sys.stderr, flush=True)
        phase = now

    graph = Graph()
    for pattern in ("data/*.ttl", "data/reference/*.ttl", "ontology/*.ttl"):
        for path in sorted(project.glob(pattern)):
            graph.parse(path, format="turtle")
    shapes = Graph()
    for path in sorted(project.glob("shapes/*.ttl")):
        shapes.parse(path, format="turtle")
    done(f"parse ({len(graph)} triples)")

    from pyshacl import validate

    conforms, _, _ = validate(graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    done(f"validate (conforms: {conforms})")
    if not conforms:
        raise SystemExit("baseline: the data does not conform to the shapes")

    out.mkdir(parents=True, exist_ok=True)
    graph.serialize(out / "dump.ttl", format="turtle")
    done("turtle")
    graph.serialize(out / "dump.jsonld", format="json-ld")
    done("json-ld")

    prefix = base + "id/"
    pages = 0
    for subject in sorted({s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(prefix)}):
        rows: dict[str, list[dict]] = {}
        for p, o in graph.predicate_objects(subject):
            href = str(o).replace(prefix, "/doc/") if isinstance(o, URIRef) and o.startswith(prefix) else None
            rows.setdefault(label(graph, p), []).append({"text": label(graph, o), "href": href})
        page = out / "doc" / (subject[len(prefix):] + ".html")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.render(title=label(graph, subject), uri=str(subject), rows=sorted(rows.items())),
                        encoding="utf-8")
        pages += 1
    done(f"pages ({pages})")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
