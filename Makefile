# One entry point for set-up, demo, tests and the pre-push gate.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PYTHON ?= python3

.PHONY: demo serve test lint types check bench bench-load

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

demo: $(STAMP)
	$(BIN)/readmit demo

serve: $(STAMP)
	$(BIN)/readmit serve

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

types: $(STAMP)
	$(BIN)/mypy

check: lint types test

bench: $(STAMP)
	$(BIN)/python bench/identity.py
	$(BIN)/python bench/biometrics.py

# 50 officers for 60 s against a real server, on SQLite then PostgreSQL (bench/results/load.md).
bench-load: $(STAMP)
	$(BIN)/python bench/load.py
	$(BIN)/python bench/load.py --database-url $${READMIT_BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}
