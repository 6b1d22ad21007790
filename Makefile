# One command each: `make site` sets up and builds the site from seeds/ into site/;
# `make test` sets up and runs every test; `make check` adds lint and types.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test check bench serve clean

$(BIN)/python: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/python

site: $(BIN)/python
	$(BIN)/python build.py build

test: $(BIN)/python
	$(BIN)/python -m pytest

check: test
	$(BIN)/ruff check archive_site tests bench build.py
	$(BIN)/mypy

bench: $(BIN)/python
	$(BIN)/python bench/bench_loader.py

serve: $(BIN)/python
	$(BIN)/python build.py serve
