# Two commands for a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# What is installed: the project alone (enough to serve), or with the test extras.
STAMP := $(VENV)/.installed-serve
TEST_STAMP := $(VENV)/.installed-test
# Where `make serve` listens: make serve HOST=0.0.0.0 PORT=8080
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup setup-serve system test serve build extract validate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the project's requirements change, not on every run. Serving needs the project
# alone; the test extras (playwright, the clients the tests use, ...) only the tests.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP) $(TEST_STAMP)

setup-serve: $(STAMP)

setup: $(TEST_STAMP)

# Debian and npm packages the tests use (nginx, Chromium, Java, vnu-jar, axe-core).
system:
	scripts/setup-system

test: setup system
	$(BIN)/python -m pytest

# The main job: data/ is current, the build is valid and complete, and the site is served.
serve: setup-serve
	$(BIN)/lodpub extract --check
	$(BIN)/lodpub build
	$(BIN)/lodpub serve --host $(HOST) --port $(PORT)

build: setup-serve
	$(BIN)/lodpub build

extract: setup-serve
	$(BIN)/lodpub extract

validate: setup-serve
	$(BIN)/lodpub validate

clean:
	rm -rf build .builds .cache .pytest_cache test-output

# Benchmarks (issue 6): timings, memory and ratios to Oxigraph, rdflib-endpoint, nginx and an
# rdflib + pyshacl script, on synthetic corpora under /tmp; results in benchmarks/results/.
.PHONY: bench bench-full
bench: setup
	scripts/setup-bench
	$(BIN)/python -m benchmarks.run --count 1000 --count 10000

bench-full: setup
	scripts/setup-bench
	$(BIN)/python -m benchmarks.run --count 1000 --count 10000 --count 100000
