# One command each: `make site` sets up and builds the site from seeds/ into site/;
# `make test` sets up and runs every test; `make check` adds lint and types.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test check bench serve golden

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/python build.py build

test: $(STAMP)
	$(BIN)/python -m pytest

check: test
	$(BIN)/ruff check archive_site tests bench scripts build.py
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/bench_loader.py
	$(BIN)/python bench/bench_loader.py --claims

serve: $(STAMP)
	$(BIN)/python build.py serve

golden: $(STAMP)
	$(BIN)/python scripts/update_golden.py
