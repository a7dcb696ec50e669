# Two commands for a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup test serve extract validate clean

# Reinstall when the project's requirements change, not on every run.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

test: setup
	$(BIN)/python -m pytest

# Until `lodpub build` and `lodpub serve` exist, the main job is: data/ is current and valid.
serve: setup
	$(BIN)/lodpub extract --check
	$(BIN)/lodpub validate

extract: setup
	$(BIN)/lodpub extract

validate: setup
	$(BIN)/lodpub validate

clean:
	rm -rf build .pytest_cache
