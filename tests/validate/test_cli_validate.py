"""`lodpub validate`: located results, exit codes, the report as RDF, bad Turtle."""

from __future__ import annotations

import re

from click.testing import CliRunner
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from lodpub.cli import main

SH = Namespace("http://www.w3.org/ns/shacl#")
LINE = re.compile(r"^(data/[\w.-]+\.ttl|data/reference/[\w.-]+\.ttl|ontology/[\w.-]+\.ttl):(\d+): <([^>]+)> (\S+): (.+) \((Violation|Warning|Info)\)$")


def run(root, *args):
    return CliRunner().invoke(main, ["-C", str(root), "validate", *args], catch_exceptions=False)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_real_data_conforms(project):
    result = run(project.root)
    assert result.exit_code == 0, result.output
    assert "0 violations, 0 warnings" in result.output


def test_a_violation_is_located_and_fails(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy)
    data = project_copy / "data" / "20151-uui-896.ttl"
    edit(data, "ftv:maxPerWeek 3.0", "ftv:maxPerWeek -1.0")
    result = run(project_copy)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "# data/20151-uui-896.ttl"
    located = [LINE.match(line) for line in lines[1:-1]]
    assert all(located), lines
    focus = {m.group(3) for m in located}
    assert "https://w3id.org/ftsvar/id/response/20151-uui-896-jammerbugt-kommune#frequency" in focus
    # The line named is where that node's description starts in the file.
    for match in located:
        written = data.read_text(encoding="utf-8").splitlines()[int(match.group(2)) - 1]
        assert match.group(3).rsplit("/", 1)[-1] in written.replace("\\#", "#")
    assert re.match(r"^\d+ violation\(s\), \d+ warning\(s\), \d+ info in 1 file\(s\)$", lines[-1])


def test_both_engines_print_the_same_report(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy)
    data = project_copy / "data" / "20151-uui-896.ttl"
    edit(data, "ftv:maxPerWeek 3.0", "ftv:maxPerWeek -1.0")
    edit(data, 'oa:start "579"^^xsd:nonNegativeInteger', 'oa:start "580"^^xsd:nonNegativeInteger')  # the quote check (sh:sparql)
    turbo = run(project_copy, "--engine", "turbo")
    reference = run(project_copy, "--engine", "pyshacl")
    assert turbo.exit_code == reference.exit_code == 1
    assert turbo.output == reference.output
    assert "violation(s)" in turbo.output.splitlines()[-1]


def test_warnings_pass_unless_strict(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy)
    data = project_copy / "data" / "20151-uui-896.ttl"
    text = data.read_text(encoding="utf-8")
    # A response without a frequency is allowed, but worth a warning.
    node = "response:20151-uui-896-roede-kors\\#frequency"
    start = text.index(f"\n{node} ")
    end = text.index("\n\n", start + 1)
    text = text[:start] + text[end:]
    text = text.replace(f"    ftv:frequency {node} ;\n", "")
    data.write_text(text, encoding="utf-8")
    relaxed = run(project_copy)
    assert relaxed.exit_code == 0, relaxed.output
    assert "(Warning)" in relaxed.output
    assert run(project_copy, "--strict").exit_code == 1


def test_report_as_turtle(project_copy):
    edit(project_copy / "data" / "20151-uui-896.ttl", "ftv:maxPerWeek 3.0", "ftv:maxPerWeek -1.0")
    result = run(project_copy, "--format", "ttl")
    assert result.exit_code == 1
    report = Graph().parse(data=result.output, format="turtle")
    reports = list(report.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1
    assert report.value(reports[0], SH.conforms).toPython() is False
    assert list(report.subjects(RDF.type, SH.ValidationResult))


def test_unparsable_turtle_names_file_line_and_column(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy)
    data = project_copy / "data" / "20151-uui-896.ttl"
    lines = data.read_text(encoding="utf-8").splitlines()
    broken = next(i for i, line in enumerate(lines) if line.startswith("    oa:end "))
    lines[broken] = lines[broken] + " ]]] oops"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(project_copy)
    assert result.exit_code == 2
    assert re.search(rf"data/20151-uui-896\.ttl:{broken + 1}: column \d+: not valid Turtle", result.output), result.output
    assert "Traceback" not in result.output
