"""Refusing what a read-only endpoint must not run, before any evaluation.

One linear pass of one regular expression over the query text, no recursion: a 100 kB query
or 5,000 nested parentheses are judged in a few milliseconds, and nesting is refused as soon as
it passes the limit. The lexer follows the SPARQL grammar's terminals (strings, IRIs, comments,
variables, prefixed names, numbers), so keywords inside a string, an IRI or a comment are text.

Oxigraph's parser matches keywords without looking at what follows them: `trueSERVICE <x> {}`,
`1SERVICE`, `true.SERVICE` and `SERVICE:x {}` (with `PREFIX : <http://...>`) all parse as
SERVICE. So a run of name characters, or the prefix of a prefixed name, that merely *contains*
SERVICE or FROM is refused too. No SPARQL keyword contains either word, so valid queries with
keywords written apart are never refused for it. Update keywords need no such care: the query
parser cannot run an update at all; they are refused only to say so clearly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from .limits import Limits, QueryRefused

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
_PROLOGUE = frozenset({"PREFIX", "BASE", "VERSION"})

# The terminals of SPARQL 1.1 (section 19.8), as character classes.
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL = rf"(?:[{_U}:0-9]|{_PLX})(?:[{_CHARS}.:]|{_PLX})*+"
_EXPONENT = r"[eE][+-]?[0-9]++"

# Possessive quantifiers (*+, ++) never give back what they matched, so no alternative can
# backtrack: each token costs time proportional to its length, and the whole pass is linear.
_TOKEN = re.compile(
    rf"""
    (?P<space>\s++)
  | (?P<comment>\#[^\r\n]*+)
  | (?P<string>'''(?:(?:''|')?(?:[^'\\]|\\.))*+'''
             | \"\"\"(?:(?:\"\"|\")?(?:[^\"\\]|\\.))*+\"\"\"
             | '(?:[^'\\\r\n]|\\.)*+'
             | "(?:[^"\\\r\n]|\\.)*+")
  | (?P<unclosed>['"])
  | (?P<iri><(?:[^\x00-\x20<>"{{}}|^`\\]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*+>)
  | (?P<var>[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*+)
  | (?P<lang>@[A-Za-z]++(?:-[A-Za-z0-9]++)*+(?:--[A-Za-z]++)?)
  | (?P<number>[0-9]*+\.[0-9]++(?:{_EXPONENT})?|[0-9]++\.{_EXPONENT}|[0-9]++(?:{_EXPONENT})?)
  | (?P<name>[{_U}][{_CHARS}.]*+(?::(?:{_LOCAL})?)?|:(?:{_LOCAL})?)
  | (?P<open>[(\[{{])
  | (?P<close>[)\]}}])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_IRI_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESCAPE = re.compile(r"\\([_~.\-!$&'()*+,;=/?#@%])")


@dataclass
class Checked:
    """What the check learnt about a query that may run."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    from_graphs: list[str] = field(default_factory=list)  # FROM, resolved
    from_named: list[str] = field(default_factory=list)  # FROM NAMED, resolved
    from_spans: list[tuple[int, int]] = field(default_factory=list)  # where each FROM [NAMED] <iri> is in the text
    uses_graph: bool = False  # a word with GRAPH in it: the query may match named graphs (False: it cannot)
    prefixes: dict[str, str] = field(default_factory=dict)  # for writing Turtle results


def check(query: str, graphs: set[str] | frozenset[str], limits: Limits, base: str | None = None) -> str:
    """Return the query form ('SELECT'|'ASK'|'CONSTRUCT'|'DESCRIBE') or raise QueryRefused."""
    return analyse(query, graphs, limits, base).form


def analyse(query: str, graphs: set[str] | frozenset[str], limits: Limits, base: str | None = None) -> Checked:
    """check(), and what the engine needs besides the form: the dataset the query names, its prefixes.

    `base`: the IRI relative IRIs resolve against until the query's own BASE (the endpoint's URL),
    as the engine parses the query, so that a relative FROM names the graph the engine will read.
    """
    # Length first, before anything reads the text: a 10 MB query costs nothing more than this.
    if len(query) > limits.max_query_bytes or len(query.encode("utf-8", "surrogatepass")) > limits.max_query_bytes:
        raise QueryRefused(413, f"The query is longer than {limits.max_query_bytes:,} bytes.")
    if not query.strip():
        raise QueryRefused(400, "The query is empty.")
    scan = _Scan(query, graphs, limits, base)
    for match in _TOKEN.finditer(query):
        if match.lastgroup not in ("space", "comment"):
            scan.token(match.lastgroup, match.group(), match.start())
    if not scan.found.form:
        raise QueryRefused(400, "The query has no SELECT, ASK, CONSTRUCT or DESCRIBE.")
    return scan.found


class _Scan:
    """The state of one pass: bracket depth, and which declaration (PREFIX, BASE, FROM) is open."""

    def __init__(self, query: str, graphs, limits: Limits, base: str | None = None):
        self.query, self.graphs, self.limits = query, graphs, limits
        self.found = Checked(form="")
        self.depth = 0
        self.base: str | None = base
        self.expect: str | None = None  # prefix, prefix-iri, base or from: what the last keyword needs
        self.prefix = ""  # the prefix being declared
        self.named = False  # FROM NAMED rather than FROM
        self.from_start = 0  # where the open FROM begins

    def token(self, kind: str, text: str, position: int) -> None:
        if kind == "open":
            self.deeper(position)
        elif kind == "close":
            self.depth = max(0, self.depth - 1)
        elif kind == "iri" and ("(" in text or "[" in text):
            # `?a<((1))>1` is an IRI to a lexer but a comparison to the parser: count its brackets too.
            for char in text:
                if char in "([":
                    self.deeper(position)
                elif char in ")]":
                    self.depth = max(0, self.depth - 1)
        elif kind == "unclosed":
            self.refuse(f"The query has a syntax error at {self.where(position)}: a string is never closed.")
        if self.expect is not None and self.declaration(kind, text, position):
            return
        if kind == "name":
            self.name(text, position)

    def deeper(self, position: int) -> None:
        self.depth += 1
        if self.depth > self.limits.max_depth:
            self.refuse(
                f"The query nests brackets more than {self.limits.max_depth} deep ({self.where(position)}); flatten it."
            )

    def name(self, text: str, position: int) -> None:
        if "GRAPH" in text.upper():
            self.found.uses_graph = True
        prefix, colon, _ = text.partition(":")
        upper = prefix.upper().rstrip(".")
        if colon:
            for keyword in ("SERVICE", "FROM"):
                if keyword in upper:
                    self.refuse(
                        f"The prefix {prefix}: reads as the keyword {keyword} to the parser ({self.where(position)}); "
                        "name it differently."
                    )
            return
        if upper in UPDATE_KEYWORDS:
            self.refuse(
                f"This endpoint is read-only: {upper} (SPARQL Update) is not accepted ({self.where(position)})."
            )
        if "SERVICE" in upper:
            self.refuse(
                f"SERVICE (federated query) is not accepted ({self.where(position)}): queries run on this dataset "
                "only, and nothing is fetched from elsewhere."
            )
        if upper in ("FROM", "FROMNAMED"):
            self.expect, self.named, self.from_start = "from", upper == "FROMNAMED", position
        elif "FROM" in upper:
            self.refuse(
                f"{text} ({self.where(position)}) reads as FROM to the parser; write FROM as a word of its own."
            )
        elif upper in ("PREFIX", "BASE"):
            self.expect = upper.lower()
        elif not self.found.form and upper not in _PROLOGUE:
            self.found.form = next((f for f in FORMS if upper.startswith(f)), "")
            if not self.found.form:
                self.refuse(
                    f"The query has a syntax error at {self.where(position)}: a query starts with SELECT, ASK, "
                    "CONSTRUCT or DESCRIBE (after any PREFIX and BASE)."
                )

    def declaration(self, kind: str, text: str, position: int) -> bool:
        """One step of PREFIX p: <iri>, BASE <iri> or FROM [NAMED] <iri>|p:name; True if `text` was part of it.

        A token that does not fit ends the declaration and is checked like any other (the parser
        will refuse the query anyway).
        """
        expect, self.expect = self.expect, None
        if expect == "prefix" and kind == "name" and text.endswith(":") and text.count(":") == 1:
            self.expect, self.prefix = "prefix-iri", text[:-1]
            return True
        if expect == "prefix-iri" and kind == "iri":
            self.found.prefixes[self.prefix] = self.resolve(text)
            return True
        if expect == "base" and kind == "iri":
            self.base = self.resolve(text)
            return True
        if expect != "from":
            return False
        if kind == "name" and text.upper() == "NAMED" and not self.named:
            self.expect, self.named = "from", True
            return True
        if kind == "iri":
            iri = self.resolve(text)
        elif kind == "name" and ":" in text:
            prefix, _, local = text.partition(":")
            if prefix not in self.found.prefixes:
                self.refuse(f"The prefix {prefix}: in FROM ({self.where(position)}) is not declared.")
            iri = self.found.prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
        else:
            self.refuse(f"The query has a syntax error at {self.where(position)}: FROM needs a graph IRI.")
        clause = "FROM NAMED" if self.named else "FROM"
        if iri not in self.graphs:
            self.refuse(f"{clause} <{iri}> names a graph that is not in this dataset; the service description lists the graphs.")
        (self.found.from_named if self.named else self.found.from_graphs).append(iri)
        self.found.from_spans.append((self.from_start, position + len(text)))
        self.named = False
        return True

    def resolve(self, token: str) -> str:
        """The IRI of an <...> token: \\u escapes read (the parser reads them too), resolved against BASE."""
        iri = _IRI_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token[1:-1])
        return urljoin(self.base, iri) if self.base else iri

    def where(self, position: int) -> str:
        line = self.query.count("\n", 0, position) + 1
        column = position - (self.query.rfind("\n", 0, position) + 1) + 1
        return f"line {line}, column {column}"

    @staticmethod
    def refuse(message: str) -> None:
        raise QueryRefused(400, message)
