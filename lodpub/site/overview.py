"""The operator responses at a glance: a table and a bar chart of weekly frequency, as plain data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..core.entities import Entity, Index
from .pages import Label, Link, Linker

WEEK = 7  # the chart's scale: a week has seven days, and no answer reports more than daily offers


@dataclass(frozen=True)
class ResponseRow:
    response: Link
    operator: Link
    offers: tuple[Link, ...]
    offer_wording: str | None
    coverage: Label
    frequency: Label
    minimum: Decimal | None
    maximum: Decimal | None
    average: bool
    unit: str | None  # "times" | "days"
    answer: Link | None
    date: str = ""  # the question's, which the answer answers


@dataclass(frozen=True)
class Bar:
    y: int
    x: float
    width: float
    label: str
    value: str
    unit: str
    average: bool
    href: str | None


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    scale: float  # pixels per time/day
    ticks: tuple[tuple[float, str], ...]
    bars: tuple[Bar, ...]
    axis: Label
    title: Label
    description: Label


def _objects(entity: Entity) -> dict[tuple[str, str], list]:
    """The objects of each (subject, predicate) of the entity's triples, in their order: one pass
    over them, where picking out each property in turn took ten (the rows of 10,000 answers:
    6.9 s, now 4.9 s)."""
    found: dict[tuple[str, str], list] = {}
    for t in entity.triples:
        found.setdefault((t.subject.value, t.predicate.value), []).append(t.object)
    return found


def rows(
    index: Index, linker: Linker, dates: dict[str, str] | None = None,
    keys: Mapping[str, str] | None = None, kept: Mapping[str, ResponseRow] | None = None,
) -> list[ResponseRow]:
    """Every response as a row, by operator; `dates` maps answer IRIs to their dates. With `keys`
    (each entity's, build/products.py: a key covers all a row reads), a response whose key is in
    `kept` has the row kept there."""
    keys, kept, dates = keys or {}, kept or {}, dates or {}
    result = []
    for entity in index.entities.values():
        if entity.kind == "response":
            found = kept.get(keys.get(entity.iri, ""))
            result.append(found if found is not None else row(entity, index, linker, dates))
    return sorted(result, key=lambda r: (r.operator.label.da, r.response.iri))


def row(entity: Entity, index: Index, linker: Linker, dates: dict[str, str]) -> ResponseRow:
    """One response: who reported which offers, on how many centres, how often, and when."""
    ftv = index.project.vocab
    iri = entity.iri
    objects = _objects(entity)

    def one(subject: str, predicate: str):
        return next(iter(objects.get((subject, ftv + predicate), ())), None)

    operator = one(iri, "operator")
    answer = one(iri, "inAnswer")
    wording = one(iri, "offerWording")
    coverage_kind = one(iri + "#coverage", "coverageKind")
    excluded = one(iri + "#coverage", "excludedCentres")
    count = one(iri + "#coverage", "centreCount")
    low = one(iri + "#frequency", "minPerWeek")
    high = one(iri + "#frequency", "maxPerWeek")
    average = one(iri + "#frequency", "isAverage")
    unit = one(iri + "#frequency", "frequencyUnit")
    unit_key = unit.value.rsplit("/", 1)[-1] if unit is not None else None
    minimum = Decimal(low.value) if low is not None else None
    maximum = Decimal(high.value) if high is not None else None
    is_average = average is not None and average.value == "true"
    return ResponseRow(
        response=linker.link(iri),
        operator=linker.link(operator.value) if operator is not None else Link(Label("?"), None, ""),
        offers=tuple(linker.link(o.value) for o in objects.get((iri, ftv + "offerKind"), ())),
        offer_wording=wording.value if wording is not None else None,
        coverage=_coverage_label(coverage_kind.value.rsplit("/", 1)[-1] if coverage_kind is not None else None,
                                 excluded.value if excluded is not None else None,
                                 count.value if count is not None else None),
        frequency=_frequency_label(minimum, maximum, is_average, unit_key),
        minimum=minimum,
        maximum=maximum,
        average=is_average,
        unit=unit_key,
        answer=linker.link(answer.value) if answer is not None else None,
        date=dates.get(answer.value, "") if answer is not None else "",
    )


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def _coverage_label(kind: str | None, excluded: str | None, count: str | None) -> Label:
    if kind == "all":
        return Label("alle centre", "all centres")
    if kind == "all-except":
        return Label(f"alle centre undtagen {excluded}", f"all centres but {excluded}")
    if kind == "number":
        return Label(f"{count} centre", f"{count} centres")
    return Label("ikke oplyst", "not stated")


def _frequency_label(low: Decimal | None, high: Decimal | None, average: bool, unit: str | None) -> Label:
    if low is None or high is None:
        return Label("ikke oplyst", "not stated")
    span = _number(low) if low == high else f"{_number(low)}–{_number(high)}"
    if low == high == 1:
        da_unit, en_unit = ("dag", "day") if unit == "days" else ("gang", "time")
    else:
        da_unit, en_unit = ("dage", "days") if unit == "days" else ("gange", "times")
    da = f"{span} {da_unit} om ugen"
    en = f"{span.replace(',', '.')} {en_unit} a week"
    if average:
        da, en = f"gennemsnitligt {da}", f"{en} on average"
    return Label(da, en)


def chart(rows: list[ResponseRow]) -> Chart:
    """One bar per response with a stated frequency, from its minimum to its maximum per week."""
    left, scale, row_height, top = 250, 50.0, 28, 10
    plotted = [r for r in rows if r.minimum is not None and r.maximum is not None]
    bars = []
    for number, row in enumerate(plotted):
        low, high = float(row.minimum), float(row.maximum)
        # A single value is drawn as a short bar centred on it, so it stays visible.
        width = max((high - low) * scale, 6.0)
        x = left + (low * scale if high > low else low * scale - 3)
        bars.append(Bar(
            y=top + number * row_height, x=x, width=width, label=row.operator.label.da,
            value=row.frequency.da, unit=row.unit or "times", average=row.average, href=row.response.href,
        ))
    height = top + len(bars) * row_height + 56
    ticks = tuple((left + n * scale, str(n)) for n in range(WEEK + 1))
    return Chart(
        width=left + int(WEEK * scale) + 20, height=height, left=left, scale=scale, ticks=ticks, bars=tuple(bars),
        axis=Label("gange eller dage om ugen", "times or days a week"),
        title=Label("Tilbud pr. uge efter operatør", "Offers per week by operator"),
        description=Label(
            "Én bjælke pr. operatør, fra det mindste til det største antal gange (eller dage) om ugen, den senest har oplyst.",
            "One bar per operator, from the lowest to the highest number of times (or days) a week it reported last.",
        ),
    )


# --- One row per operator -------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One year of an operator's timeline: the range of what it reported that year."""

    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    spans: tuple[Span, ...]
    description: str  # the same as text, for those who cannot see it
    first_year: str
    last_year: str


@dataclass(frozen=True)
class OperatorRow:
    operator: Link
    responses: int
    answers: int
    latest: ResponseRow
    timeline: Timeline


TIMELINE_WIDTH, TIMELINE_HEIGHT = 160, 36


def operators(rows: list[ResponseRow]) -> list[OperatorRow]:
    """The responses grouped by operator: how many, the latest, and a timeline by year on one scale."""
    grouped: dict[str, list[ResponseRow]] = {}
    for row in rows:
        grouped.setdefault(row.operator.iri, []).append(row)
    years = sorted({r.date[:4] for r in rows if r.date})
    result = []
    for members in grouped.values():
        latest = max(members, key=lambda r: (r.date, r.response.iri))
        result.append(OperatorRow(
            operator=latest.operator,
            responses=len(members),
            answers=len({r.answer.iri for r in members if r.answer is not None}),
            latest=latest,
            timeline=_timeline(members, years),
        ))
    return sorted(result, key=lambda r: (r.operator.label.da.lower(), r.operator.iri))


def _timeline(members: list[ResponseRow], years: list[str]) -> Timeline:
    """A bar per year the operator reported in, from the lowest to the highest frequency that year."""
    slot = TIMELINE_WIDTH / max(1, len(years))
    scale = (TIMELINE_HEIGHT - 4) / WEEK
    spans, said = [], []
    for number, year in enumerate(years):
        that_year = [r for r in members if r.date[:4] == year]
        if not that_year:
            continue
        stated = [r for r in that_year if r.minimum is not None and r.maximum is not None]
        if stated:
            low = float(min(r.minimum for r in stated))
            high = float(max(r.maximum for r in stated))
            span = _number(Decimal(str(low))) + ("" if high == low else "–" + _number(Decimal(str(high))))
            text = f"{year}: {span} pr. uge ({len(that_year)} svar)"
        else:
            low = high = 0.0
            text = f"{year}: hyppighed ikke oplyst ({len(that_year)} svar)"
        height = max((high - low) * scale, 3.0)
        spans.append(Span(
            x=round(number * slot + slot * 0.2, 1), y=round(TIMELINE_HEIGHT - 2 - high * scale - (3.0 if high == low else 0), 1),
            width=round(max(slot * 0.6, 2.0), 1), height=round(height, 1), title=text,
        ))
        said.append(text)
    return Timeline(TIMELINE_WIDTH, TIMELINE_HEIGHT, tuple(spans), "; ".join(said),
                    years[0] if years else "", years[-1] if years else "")
