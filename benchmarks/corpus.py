"""Synthetic answers for benchmarks: answer texts in the real layouts, each beside the facts it states.

    python -m benchmarks.corpus --count N --seed S --out DIR   # DIR becomes a lodpub project
    python -m benchmarks.corpus verify DIR                      # extract every text, compare facts

Every draw comes from random.Random seeded from --seed alone and nothing iterates a set or
depends on hash order, so the same arguments give byte-identical files. The facts file of a
text holds what the text says, in the fields of tests/fixtures/answers/*.expected.toml;
`verify` runs lodpub's extractor on every text and lists each difference.

Phrasings and layouts that real answers use but the extractor misreads are kept in the
generator behind --gaps (see GAPS), so that they are neither lost nor counted as passing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import shutil
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if not __package__:  # run as a script: benchmarks/corpus.py verify DIR
    sys.path.insert(0, str(ROOT))

from benchmarks.answers import Answer, Question  # noqa: E402
from benchmarks.phrasings import GAPS  # noqa: E402

MARKER = ".lodpub-corpus"  # marks a folder this module made, so a rerun may replace it


# --- The corpus ------------------------------------------------------------------------------


def questions(count: int, seed: int) -> list[Question]:
    """The questions of a corpus, drawn in order from one generator so that keys never repeat."""
    keys = random.Random(seed)
    used: set[str] = set()
    return [Question(keys, used, count) for _ in range(count)]


def generate(count: int, seed: int, gaps: bool = False):
    """Yield (question, text, facts) for `count` answers, the same ones for the same seed."""
    for index, question in enumerate(questions(count, seed)):
        yield (question, *_answer(question, seed, index, gaps))


def _answer(question: Question, seed: int, index: int, gaps: bool) -> tuple[str, dict]:
    """One answer's text and facts; its own generator, so it does not matter who writes it."""
    answer = Answer(question, random.Random(f"{seed}/{index}"), gaps)
    text, facts = answer.compose()
    if answer.gaps_used:
        facts["gaps"] = sorted(set(answer.gaps_used))
    return text, facts


def facts_json(facts: dict) -> str:
    """A facts file: one line per part and per response, readable and quick to write."""
    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [f' "question": {dump(facts["question"])},', f' "answer": {dump(facts["answer"])},']
    responses = [f"  {dump(r)}" for r in facts["responses"]]
    lines.append(' "responses": [' + ("\n" + ",\n".join(responses) + "\n ]," if responses else "],"))
    lines.append(f' "findings": {dump(facts["findings"])}' + ("," if "gaps" in facts else ""))
    if "gaps" in facts:
        lines.append(f' "gaps": {dump(facts["gaps"])}')
    return "{\n" + "\n".join(lines) + "\n}\n"


def sidecar(question: Question, text: bytes, received_as: str, seed: int, index: int) -> str:
    """The seed's sidecar, in the form of seeds/*.toml."""
    q = question
    if q.kind == "general":
        url = f"https://www.ft.dk/samling/{q.session}/almdel/{q.committee[0].lower()}/spm/{q.number}/index.htm"
        kind = "alm. del"
    elif q.kind == "bill":
        url = f"https://www.ft.dk/samling/{q.session}/lovforslag/l{q.bill[2:]}/spm/{q.number}/index.htm"
        kind = "lovforslag"
    elif q.kind == "proposal":
        url = f"https://www.ft.dk/samling/{q.session}/beslutningsforslag/B{q.bill[2:]}/spm/{q.number}/index.htm"
        kind = "beslutningsforslag"
    else:
        url = f"https://www.ft.dk/samling/{q.session}/spoergsmaal/s{q.number[2:]}/index.htm"
        kind = "§ 20"
    lines = [
        f"# Sidecar of seeds/{q.key}.txt: where the text came from and what it answers.",
        "# The extractor refuses the text if its sha256 no longer matches.",
        "",
        "[source]",
        f'received_as = "{received_as}"',
        f'description = "Synthetic answer no. {index} of the benchmark corpus (benchmarks/corpus.py, seed {seed})"',
        f'url = "{url}"',
        f'sha256 = "{hashlib.sha256(text).hexdigest()}"',
        "",
        "[question]",
        f'session = "{q.session}"',
    ]
    if q.kind != "section-20":
        lines.append(f'committee = "{q.committee[0]}"')
    lines += [f'number = "{q.number}"', f'kind = "{kind}"']
    if q.bill:
        lines.append(f'bill = "{q.bill}"')
    return "\n".join(lines) + "\n"


def write(out: Path, count: int, seed: int, gaps: bool = False, processes: int | None = None) -> dict[str, int]:
    """Write the corpus into `out` as a lodpub project; returns counts of what it wrote."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise FileExistsError(f"{out} is not empty and not a corpus this module made; choose a new folder")
        shutil.rmtree(out)
    (out / "seeds").mkdir(parents=True)
    (out / "facts").mkdir()
    shutil.copy(ROOT / "lodpub.toml", out / "lodpub.toml")
    shutil.copytree(ROOT / "data" / "reference", out / "data" / "reference")
    shutil.copytree(ROOT / "ontology", out / "ontology")
    shutil.copytree(ROOT / "shapes", out / "shapes")
    (out / MARKER).write_text(f"benchmarks/corpus.py --count {count} --seed {seed}{' --gaps' if gaps else ''}\n")
    drawn = questions(count, seed)
    processes = processes or min(2, os.cpu_count() or 1)
    size = max(1, min(500, -(-count // processes)))
    jobs = [(seed, gaps, start, drawn[start : start + size]) for start in range(0, count, size)]
    totals = {"texts": 0, "responses": 0, "findings": 0, "with_gaps": 0}
    # Workers compose; this process alone writes: creating files in one folder from two
    # processes contends for the folder's lock and is several times slower.
    if processes > 1 and len(jobs) > 1:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for files in pool.imap(_compose_part, jobs):
                _write_files(out, files, totals)
    else:
        for job in jobs:
            _write_files(out, _compose_part(job), totals)
    return totals


def _compose_part(job: tuple) -> list[tuple]:
    """The files of consecutive answers: (key, text bytes, sidecar, facts file, facts)."""
    seed, gaps, start, part = job
    files = []
    for index, question in enumerate(part, start):
        text, facts = _answer(question, seed, index, gaps)
        raw = text.encode("utf-8")
        received = f"{index:06d}_{hashlib.sha256(f'{seed}/{index}'.encode()).hexdigest()[:16]}.txt"
        counts = (len(facts["responses"]), len(facts["findings"]), "gaps" in facts)
        files.append((question.key, raw, sidecar(question, raw, received, seed, index), facts_json(facts), counts))
    return files


def _write_files(out: Path, files: list[tuple], totals: dict[str, int]) -> None:
    seeds, facts_dir = out / "seeds", out / "facts"
    for key, raw, toml, facts, (responses, findings, gaps) in files:
        with open(seeds / f"{key}.txt", "wb") as handle:
            handle.write(raw)
        with open(seeds / f"{key}.toml", "wb") as handle:
            handle.write(toml.encode("utf-8"))
        with open(facts_dir / f"{key}.json", "wb") as handle:
            handle.write(facts.encode("utf-8"))
        totals["texts"] += 1
        totals["responses"] += responses
        totals["findings"] += findings
        totals["with_gaps"] += gaps


# --- Verification: the extractor against the facts written ----------------------------------

_KIND_ORDER = ("named-offer", "mother-child-teaching", "mother-child-group", "mother-group",
               "offer-for-mothers-with-small-children", "similar-offer")


def facts_of(extraction) -> dict:
    """An extraction in the shape of a facts file (and of tests/fixtures/answers/*.expected.toml)."""
    q, a = extraction.question, extraction.answer
    question = {"key": extraction.key, "number": q.number, "kind": q.kind}
    if q.bill:
        question["bill"] = q.bill
    if q.committee_name is not None:
        question["committee_name"] = q.committee_name
    question.update(date_asked=q.date_asked.isoformat() if q.date_asked else None, asker=q.asker, party=q.party,
                    addressed_to=q.addressed_to, text_start=q.text[:30])
    answer = {"date": a.date.isoformat()} if a.date else {}
    answer.update(signatories=list(a.signatories), agencies=list(a.agencies))
    responses = []
    for response in a.responses:
        facts = {"operator": response.operator, "offer_kinds": list(response.offer_kinds)}
        if response.offer_name:
            facts["offer_name"] = response.offer_name
        facts["coverage"] = response.coverage.kind
        if response.coverage.excluded is not None:
            facts["excluded"] = response.coverage.excluded
        if response.coverage.count is not None:
            facts["count"] = response.coverage.count
        if response.frequency:
            f = response.frequency
            facts.update(min=_number(f.minimum), max=_number(f.maximum), average=f.average, unit=f.unit)
        if response.target_group:
            t = response.target_group
            facts["target_group"] = t.description
            if t.child_min_age is not None:
                facts["child_min_age"] = t.child_min_age
            if t.child_max_age is not None:
                facts["child_max_age"] = t.child_max_age
        facts["qualifiers"] = list(response.qualifiers)
        responses.append(facts)
    return {"question": question, "answer": answer, "responses": responses,
            "findings": [{"kind": f.kind} for f in a.findings]}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral() else float(value)


def _canonical(facts: dict) -> dict:
    """Offer kinds and qualifiers are sets (the extractor orders them its own way)."""
    facts = json.loads(json.dumps(facts))
    facts.pop("gaps", None)
    for response in facts["responses"]:
        response["offer_kinds"] = sorted(response["offer_kinds"], key=_KIND_ORDER.index)
        response["qualifiers"] = sorted(response["qualifiers"])
    return facts


def differences(expected, found, where: str = "") -> list[str]:
    """Each place where `found` differs from `expected`: 'path: expected X, extracted Y'."""
    if isinstance(expected, dict) and isinstance(found, dict):
        out = []
        for name in list(expected) + [k for k in found if k not in expected]:
            out += differences(expected.get(name), found.get(name), f"{where}.{name}" if where else name)
        return out
    if isinstance(expected, list) and isinstance(found, list) and any(isinstance(x, dict) for x in expected + found):
        if len(expected) == len(found):
            return [d for i, (e, f) in enumerate(zip(expected, found)) for d in differences(e, f, f"{where}[{i}]")]
        # Responses or findings missed or added: name them, then compare those found on both sides.
        def label(item: dict) -> str:
            return item.get("operator") or item.get("kind") or json.dumps(item, ensure_ascii=False)

        found_by = {label(f): f for f in found}
        out = [f"{where}: expected {len(expected)} {[label(e) for e in expected]}, "
               f"extracted {len(found)} {[label(f) for f in found]}"]
        for e in expected:
            if label(e) in found_by:
                out += differences(e, found_by[label(e)], f"{where}[{label(e)}]")
        return out
    if expected != found:
        return [f"{where}: expected {json.dumps(expected, ensure_ascii=False)}, extracted {json.dumps(found, ensure_ascii=False)}"]
    return []


def check(text_path: Path) -> tuple[str, list[str]]:
    """Extract one text in-process and compare with its facts file: (name, differences)."""
    name = text_path.stem
    facts_path = text_path.parent.parent / "facts" / f"{name}.json"
    if not facts_path.is_file():
        return name, [f"no facts file {facts_path}"]
    expected = json.loads(facts_path.read_text(encoding="utf-8"))
    problems = _problems(text_path, expected)
    if problems and expected.get("gaps"):
        problems.insert(0, "gaps used: " + ", ".join(expected["gaps"]))
    return name, problems


def _problems(text_path: Path, expected: dict) -> list[str]:
    from lodpub.errors import UserError
    from lodpub.extract import answer, seeds

    try:
        seed = seeds.read(text_path)
        extraction = answer.extract(seed)
    except UserError as error:
        return [f"not extracted: {error.message}"]
    if extraction.answer is None:
        return ["the answer was not read: " + "; ".join(w.message for w in extraction.warnings)]
    problems = differences(_canonical(expected), _canonical(facts_of(extraction)))
    spans = [extraction.question.span, extraction.answer.span]
    spans += [r.span for r in extraction.answer.responses] + [f.span for f in extraction.answer.findings]
    return problems + [f"citation {s.start}:{s.end} is not the verbatim text" for s in spans
                       if seed.text[s.start : s.end] != s.exact]


def verify(directory: Path, processes: int | None = None) -> list[str]:
    """Every mismatch between extraction and the facts files of a corpus, as 'NAME: problem'."""
    texts = sorted((Path(directory) / "seeds").glob("*.txt"))
    processes = processes or min(2, os.cpu_count() or 1)
    chunk = max(1, len(texts) // (processes * 16))
    mismatches: list[str] = []
    if processes > 1 and len(texts) > 1:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            results = pool.imap(check, texts, chunksize=chunk)
            mismatches = [f"{name}: {p}" for name, problems in results for p in problems]
    else:
        mismatches = [f"{name}: {p}" for name, problems in map(check, texts) for p in problems]
    return mismatches


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["verify"]:
        parser = argparse.ArgumentParser(prog="benchmarks.corpus verify",
                                         description="Extract every text of a corpus and compare with its facts.")
        parser.add_argument("directory", type=Path)
        parser.add_argument("--processes", type=int, default=None)
        parser.add_argument("--show", type=int, default=50, help="mismatches to print (default 50)")
        args = parser.parse_args(argv[1:])
        started = time.perf_counter()
        total = len(list((args.directory / "seeds").glob("*.txt")))
        mismatches = verify(args.directory, args.processes)
        bad = len({m.split(":", 1)[0] for m in mismatches})
        for line in mismatches[: args.show]:
            print(line)
        if len(mismatches) > args.show:
            print(f"... and {len(mismatches) - args.show} more")
        print(f"{total - bad} of {total} texts extracted with exactly the facts written; "
              f"{bad} mismatched ({time.perf_counter() - started:.1f} s)")
        labelled = {m.split(":", 1)[0]: m.split("gaps used: ", 1)[1].split(", ") for m in mismatches if ": gaps used: " in m}
        if labelled:
            counts = {gap: sum(gap in used for used in labelled.values()) for gap in GAPS}
            print("mismatched texts by the known gap they use: "
                  + ", ".join(f"{gap} {n}" for gap, n in counts.items() if n)
                  + f"; using none: {bad - len(labelled)}")
        return 1 if mismatches else 0
    parser = argparse.ArgumentParser(prog="benchmarks.corpus", description="Write a synthetic corpus of answers.")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--gaps", action="store_true", help="also use phrasings the extractor misreads (GAPS)")
    parser.add_argument("--processes", type=int, default=None, help="processes composing texts (default: up to 2)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        totals = write(args.out, args.count, args.seed, args.gaps, args.processes)
    except FileExistsError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    print(f"{totals['texts']} texts, {totals['responses']} operator responses, {totals['findings']} findings"
          + (f", {totals['with_gaps']} with known gaps" if args.gaps else "")
          + f" -> {args.out} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
