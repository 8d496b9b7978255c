# Assure: the two commands are `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Django 6 needs Python 3.12 or newer; scripts/find-python prints the first suitable interpreter.
BASE_PYTHON ?= $(shell scripts/find-python)
PYTEST_ARGS ?= -n 2
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help
help:  ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(BASE_PYTHON)" || { echo "Assure needs Python 3.12 or newer (Django 6). Install one, or set BASE_PYTHON=/path/to/python3.12." >&2; exit 1; }
	$(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/.built: node_modules/.installed frontend/assure.scss scripts/build-assets
	scripts/build-assets
	touch $@

.PHONY: setup
setup: $(VENV)/.installed static/.built var/.env  ## Install pinned Python and npm dependencies and build the front end.

var/.env:
	@mkdir -p var
	$(PY) scripts/make-local-env > $@
	@echo "Wrote var/.env with a newly generated secret key."

.PHONY: demo
# DfE's published tables (EES tidy CSVs), for England, region and statistical-neighbour comparisons.
BENCHMARKS_DIR ?= ../shared/data/benchmarks

demo: setup  ## Migrate the embedded database and load the demo authority (idempotent).
	$(PY) manage.py migrate --no-input
	$(PY) manage.py install_audit_tools
	$(PY) manage.py load_demo
	@if [ -d "$(BENCHMARKS_DIR)" ]; then $(PY) manage.py import_benchmarks "$(BENCHMARKS_DIR)"; \
	  else echo "No DfE published tables at $(BENCHMARKS_DIR): scorecards will show no England figures (set BENCHMARKS_DIR)."; fi

.PHONY: run
run: demo  ## Set up, load the demo authority, start the worker, the daily scheduler and the web server.
	@$(PY) manage.py demo_signins
	@echo "The daily scheduler writes to var/scheduler.log (the demo's e-mails go there too)."
	@trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
	  $(PY) manage.py run_scheduler >> var/scheduler.log 2>&1 & scheduler=$$!; \
	  $(PY) manage.py runserver $(HOST):$(PORT) --noreload

.PHONY: browser
browser:  ## Install Debian's chromium for the browser tests, if it is missing.
	@scripts/ensure-chromium

# The DfE validators (csc-validator-be-903 and -cin) pin pandas 1.x, which has no wheels for Python 3.12,
# so they get their own Python 3.11 environment; imports run them there as a separate process.
VALIDATORS := .venv-validators
VALIDATOR_PYTHON ?= python3.11

$(VALIDATORS)/.installed: requirements-validators.txt
	@command -v $(VALIDATOR_PYTHON) >/dev/null || { echo "The DfE validators need Python 3.11: install it, or set VALIDATOR_PYTHON=/path/to/python3.11." >&2; exit 1; }
	$(VALIDATOR_PYTHON) -m venv --clear $(VALIDATORS)
	$(VALIDATORS)/bin/python -m pip install --quiet --upgrade pip
	$(VALIDATORS)/bin/python -m pip install --quiet -r requirements-validators.txt
	$(VALIDATORS)/bin/python -m pip check
	touch $@

.PHONY: validators
validators: $(VALIDATORS)/.installed  ## Build the DfE validators' own Python 3.11 environment (imports use it).

.PHONY: test
test: setup browser validators  ## Set up whatever is missing and run every test (DATABASE_URL picks the database).
	$(PY) -m pytest $(PYTEST_ARGS)

.PHONY: lint
lint: setup  ## ruff (lint and format check) and mypy.
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

.PHONY: bench
bench: setup  ## Run every benchmark and print the figures.
	$(PY) -m benchmarks

.PHONY: bench-alerts
bench-alerts: setup  ## Deadline engine at authority and regional scale against a row-by-row baseline.
	$(PY) benchmarks/bench_deadlines.py

.PHONY: bench-indicators
bench-indicators: setup  ## Indicator engine at authority, regional and national scale against pandas; scorecard p95.
	$(PY) benchmarks/bench_indicators.py

.PHONY: bench-audits
bench-audits: setup  ## Audit analytics and compliance board for 20,000 audits against the first Python version.
	$(PY) benchmarks/bench_audits.py

.PHONY: bench-import
bench-import: setup  ## Import benchmarks: 903 CSV/XML and CIN at 1x/10x/100x against the DfE converters; storage growth.
	$(PY) benchmarks/bench_903_import.py
	$(PY) benchmarks/bench_cin_parse.py
	$(PY) benchmarks/bench_snapshot_growth.py
