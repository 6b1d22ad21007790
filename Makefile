# One command each: `make site` sets up and builds the site from seeds/ into site/;
# `make test` sets up and runs every test; `make check` adds lint and types.
#
# `make site` needs only Python: it creates .venv with the project. `make test` also installs, when
# missing, what the browser and validator tests need: Debian's chromium, fonts-dejavu-core,
# default-jre-headless, nodejs and npm with apt-get (as root; anyone else is told the command and
# nothing runs), the test extra in .venv, and the npm tools of package.json in node_modules/.
# Each step is redone only when its input changes; steps print one line, or their full log on failure.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
NODE_STAMP := node_modules/.installed
SETUP := bash scripts/setup-test-env.sh
STEP := $(SETUP) step

# Test tools use Debian's Chromium; none may download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: site test check bench serve golden system-packages
# apt-get and pip run one after the other, even under -j.
.NOTPARALLEL:

# Without root, `make test` stops here, before any work, with the one command that installs what is missing.
ifneq ($(filter test check,$(MAKECMDGOALS)),)
SETUP_PROBLEM := $(shell $(SETUP) check)
ifneq ($(SETUP_PROBLEM),)
$(error $(SETUP_PROBLEM))
endif
endif

$(BIN)/python:
	@$(SETUP) venv $(PYTHON) $(VENV)
	@$(STEP) "upgrade pip" $(BIN)/python -m pip install --quiet --upgrade pip

# The project and its runtime dependencies: enough to build the site.
$(STAMP): pyproject.toml | $(BIN)/python
	@$(STEP) "pip install -e ." $(BIN)/python -m pip install --quiet -e .
	@touch $@

# The project with its test extra (pytest, Playwright, ruff, mypy, ...); it includes $(STAMP).
$(TEST_STAMP): pyproject.toml | $(BIN)/python
	@$(STEP) "pip install -e .[test]" $(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP) $@

system-packages:
	@$(SETUP) packages

# --ignore-scripts keeps vnu-jar from fetching a Java runtime of its own.
$(NODE_STAMP): package.json package-lock.json | system-packages
	@$(STEP) "npm ci" npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

site: $(STAMP)
	$(BIN)/python build.py build

test: system-packages $(TEST_STAMP) $(NODE_STAMP)
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
