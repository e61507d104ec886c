# fanzha — the two commands of the README are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export FANZHA_DEMO_PASSWORD ?= fanzha-demo-2021

.PHONY: help venv venv-test demo serve worker test test-sqlite test-postgres lint typecheck \
        migrations-check messages bench soak clean

help:
	@echo "make demo   - set up and serve the demo district on SQLite (http://127.0.0.1:$(PORT))"
	@echo "make test   - set up and run the whole suite (SQLite and PostgreSQL)"
	@echo "make bench  - run the benchmarks under bench/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

venv: $(VENV)/.installed
venv-test: $(VENV)/.installed-test

# The demo: embedded SQLite under var/, built once, served with a background worker.
demo: export FANZHA_MODE = demo
demo: venv
	$(BIN)/fanzha migrate --no-input -v 0
	$(BIN)/fanzha demo
	@echo "Serving http://127.0.0.1:$(PORT)/  (Ctrl-C stops the server and the worker)"
	@$(BIN)/fanzha worker & WORKER=$$!; \
	  trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/fanzha runserver 127.0.0.1:$(PORT) --noreload

worker: venv
	$(BIN)/fanzha worker

# Production mode: gunicorn (WhiteNoise serves static files) plus the worker. Needs the
# production environment (see README, "Production"): DATABASE_URL, FANZHA_SECRET_KEY, ...;
# FANZHA_MODE is production unless the environment says otherwise.
serve: export FANZHA_MODE ?= production
serve: venv
	$(BIN)/fanzha migrate --no-input
	$(BIN)/fanzha collectstatic --no-input -v 0
	@$(BIN)/fanzha worker & WORKER=$$!; \
	  trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/gunicorn fanzha.wsgi -c deploy/gunicorn.conf.py

test: venv-test
	@bash scripts/test.sh

lint: venv-test
	$(BIN)/ruff check fanzha bench soak
	$(BIN)/ruff format --check fanzha bench soak

typecheck: venv-test
	$(BIN)/mypy fanzha

migrations-check: venv-test
	FANZHA_MODE=test $(BIN)/fanzha makemigrations --check --dry-run

messages: venv-test
	bash scripts/messages.sh

# Load and fault tests against real processes on loopback (bounded; `.ci/run` runs them too).
soak: venv-test
	@bash scripts/soak.sh

bench: venv-test
	bash scripts/bench.sh

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache
