"""A build validates in a process of its own while it loads the data: the two side by side, the
report as the build's own validation gives it, and nothing published until it is in."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import time

import pytest
from projects import assert_left_whole, built_copy, copy_project
from rdflib.compare import isomorphic

from lodpub import build, config, validate
from lodpub.build import validating
from lodpub.errors import UserError

LOADING = "loading"


@pytest.fixture
def built(tmp_path):
    """A copy of the project, built (its own one seed: validated in the build's process)."""
    return built_copy(tmp_path)


@pytest.fixture
def chunked(monkeypatch):
    """Projects of a seed or two validated in chunks, as one of 26 answers and more is."""
    monkeypatch.setattr(validate, "CHUNK", 0)


def test_the_build_validates_while_it_loads(tmp_path, monkeypatch, chunked):
    """Validation, in the process the build forks, waits to hear that the build's own process has
    begun to load; were the two one after the other, it would wait in vain and fail."""
    project = config.load(copy_project(tmp_path / "p"))
    began = multiprocessing.get_context("fork").Event()
    load, check = build._load, validate.validate

    def loading(*args, **kwargs):
        began.set()
        return load(*args, **kwargs)

    def waiting(*args, **kwargs):  # in the validation's process
        if not began.wait(60):
            raise RuntimeError("validation ran before the load began, not beside it")
        return check(*args, **kwargs)

    monkeypatch.setattr(build, "_load", loading)
    monkeypatch.setattr(validate, "validate", waiting)
    summary = build.build(project, cache=False)
    assert began.is_set() and summary.files > 0


def test_a_violation_found_beside_the_load_stops_the_build_and_leaves_the_previous_build_whole(built, chunked):
    root, project, before = built
    data = root / "data" / "20151-uui-896.ttl"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("ftv:maxPerWeek 3.0", "ftv:maxPerWeek -1.0", 1), encoding="utf-8")
    with pytest.raises(validate.InvalidData, match="nothing was published") as raised:
        build.build(project)
    assert "data/20151-uui-896.ttl:" in str(raised.value.message)
    assert_left_whole(root, before)


def test_a_file_validation_cannot_read_is_reported_as_validation_reports_it(built, chunked):
    """The load fails on the same file; what validation says of it comes first, as it did when
    validation ran before the load."""
    root, project, before = built
    data = root / "data" / "20151-uui-896.ttl"
    data.write_text(data.read_text(encoding="utf-8") + "\nthis is not turtle .\n", encoding="utf-8")
    with pytest.raises(UserError) as from_validation:
        validate.validate(project.as_configured(), chunk=0, cache=False)
    with pytest.raises(UserError) as from_build:
        build.build(project)
    assert str(from_build.value.message) == str(from_validation.value.message)
    assert_left_whole(root, before)


def test_violations_come_before_what_the_load_says(built, chunked, monkeypatch):
    root, project, before = built
    data = root / "data" / "20151-uui-896.ttl"
    data.write_text(data.read_text(encoding="utf-8").replace("ftv:maxPerWeek 3.0", "ftv:maxPerWeek -1.0", 1), encoding="utf-8")

    def failing(*args, **kwargs):
        raise UserError("the load failed")

    monkeypatch.setattr(build, "_load", failing)
    with pytest.raises(validate.InvalidData, match="nothing was published"):
        build.build(project)
    assert_left_whole(root, before)


def test_a_validation_process_that_dies_stops_the_build_and_keeps_the_previous_build(built, chunked, monkeypatch):
    root, project, before = built
    monkeypatch.setattr(validate, "validate", lambda *args, **kwargs: os._exit(3))
    with pytest.raises(OSError, match="validation ended with exit status 3"):
        build.build(project, cache=False)
    assert_left_whole(root, before)


def test_a_load_interrupted_ends_the_validation(tmp_path, monkeypatch, chunked):
    project = config.load(copy_project(tmp_path / "p"))
    monkeypatch.setattr(validate, "validate", lambda *args, **kwargs: time.sleep(600))

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "_load", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build.build(project, cache=False)
    assert multiprocessing.active_children() == []


def test_a_build_interrupted_while_it_waits_for_the_report_ends_the_validation(tmp_path, monkeypatch, chunked):
    """Else the validation's process, no daemon, would be waited for when the interpreter exits."""
    project = config.load(copy_project(tmp_path / "p"))
    monkeypatch.setattr(validate, "validate", lambda *args, **kwargs: time.sleep(600))

    def interrupted(checking):
        raise KeyboardInterrupt

    monkeypatch.setattr(validating, "finish", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build.build(project, cache=False)
    assert multiprocessing.active_children() == []


def test_a_merged_report_crosses_a_pipe_with_its_graph_and_digest(tmp_path):
    """What the validation's process sends: a report merged from chunks, as plain data."""
    project = config.load(copy_project(tmp_path / "p"))
    data = project.data / "20151-uui-896.ttl"
    data.write_text(data.read_text(encoding="utf-8").replace("ftv:maxPerWeek 3.0", "ftv:maxPerWeek -1.0", 1), encoding="utf-8")
    sent = validate.validate(project, chunk=0, cache=False)
    received = pickle.loads(pickle.dumps(sent))
    assert received.violations == sent.violations > 0
    assert received.results == sent.results and received.digest == sent.digest
    assert isomorphic(received.graph, sent.graph)


def test_a_small_project_is_validated_in_the_builds_own_process(tmp_path, monkeypatch):
    project = config.load(copy_project(tmp_path / "p"))
    monkeypatch.setattr(validating, "_validate_and_send", lambda *args: os._exit(3))
    checking = validating.start(project, validate.load_shapes(project), cache=False, engine=validate.DEFAULT_ENGINE)
    assert checking.process is None and validating.finish(checking).conforms
