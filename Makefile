# Two commands for a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup system test serve build extract validate clean

# Reinstall when the project's requirements change, not on every run.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Debian and npm packages the tests use (nginx, Chromium, Java, vnu-jar, axe-core).
system:
	scripts/setup-system

test: setup system
	$(BIN)/python -m pytest

# The main job: data/ is current, the build is valid and complete, and the site is served.
serve: setup
	$(BIN)/lodpub extract --check
	$(BIN)/lodpub build
	$(BIN)/lodpub serve --host $(HOST) --port $(PORT)

build: setup
	$(BIN)/lodpub build

extract: setup
	$(BIN)/lodpub extract

validate: setup
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
