"""What the extractor finds in one answer, as plain data (docs/model.md maps it to RDF)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.danish import key


@dataclass(frozen=True)
class Span:
    """Where a fact comes from: verbatim [start, end) and its text, plus the normalised text."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    text: str  # the same span, normalised (de-hyphenated, one line)
    line: int


@dataclass(frozen=True)
class Coverage:
    kind: str  # all | all-except | number | unspecified
    excluded: int | None = None
    count: int | None = None


@dataclass(frozen=True)
class Frequency:
    minimum: Decimal
    maximum: Decimal
    average: bool
    unit: str  # times | days


@dataclass(frozen=True)
class TargetGroup:
    description: str
    child_min_age: int | None = None
    child_max_age: int | None = None


@dataclass(frozen=True)
class Response:
    operator: str
    offer_kinds: tuple[str, ...]
    offer_wording: str | None
    offer_name: str | None
    coverage: Coverage
    frequency: Frequency | None
    target_group: TargetGroup | None
    qualifiers: tuple[str, ...]
    span: Span
    reported_via: str | None  # the agency whose contribution quotes it


@dataclass(frozen=True)
class Finding:
    kind: str  # not-required-by-contract | no-dedicated-funds | uptake-not-registered
    span: Span
    attributed_to: str | None  # the agency quoted; None: the answer's own words


@dataclass(frozen=True)
class Statement:
    """What the answer says an organisation stated ("X har oplyst, at ...", a quoted contribution)."""

    speaker: str
    span: Span
    reported_via: str | None  # the agency whose quoted contribution holds it
    kind: str = "statement"  # statement | contribution (a quoted contribution as a whole)


@dataclass(frozen=True)
class Notice:
    """Something left out or uncertain in one seed: said to the user, never silently dropped."""

    line: int | None
    message: str


class Requested:
    """What holds `askers` and `parties` (a question, the header that names them): its one asker
    and party, where there is one."""

    @property
    def asker(self) -> str | None:
        """The one member the question was asked for; None where it names none, or several."""
        return self.askers[0] if len(self.askers) == 1 else None

    @property
    def party(self) -> str | None:
        """The party of every member it was asked for, where one party is named."""
        return self.parties[0] if len(self.parties) == 1 else None


@dataclass(frozen=True)
class Question(Requested):
    session: str
    number: str
    kind: str  # general | bill | proposal | section-20
    bill: str | None  # "L 87"; "B 79" for a proposal for a resolution
    committee: str | None  # letters, e.g. "UUI"
    committee_name: str | None
    date_asked: dt.date | None  # None where the text does not say it unambiguously
    askers: tuple[str, ...]  # the members it was asked for: one, or the members of one list
    parties: tuple[str, ...]  # their parties' letters, each once
    addressed_to: str | None  # the post, e.g. "udlændinge-, integrations- og boligminister"
    text: str
    span: Span


@dataclass(frozen=True)
class Answer:
    text: str
    span: Span
    date: dt.date | None
    signatories: tuple[str, ...]
    agencies: tuple[str, ...]
    responses: tuple[Response, ...] = field(default=())
    findings: tuple[Finding, ...] = field(default=())
    statements: tuple[Statement, ...] = field(default=())  # attributed statements that are not responses
    complete: bool = True  # False: the text looks cut off; facts come only from its complete sentences
    preliminary: bool = False  # "besvares foreløbigt", "foreløbige svar": a final answer is to follow


@dataclass(frozen=True)
class Extraction:
    """One seed's facts."""

    document: str  # the seed's key
    question: Question
    answer: Answer | None  # None: the text stops before the answer (it is cut off)
    warnings: tuple[Notice, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return self.answer is not None and self.answer.complete

    @property
    def key(self) -> str:
        """`20151-uui-896`; `20151-s-696` for § 20; `20181-l-87-12` on a bill (docs/model.md)."""
        q = self.question
        if q.kind == "section-20":
            return f"{q.session}-{key(q.number)}"
        middle = q.bill if q.kind in ("bill", "proposal") and q.bill else q.committee or ""
        return f"{q.session}-{key(middle)}-{key(q.number)}"
