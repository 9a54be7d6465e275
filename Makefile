# One entry point for set-up, demo, tests and the pre-push gate.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PYTHON ?= python3

.PHONY: demo serve test lint types check bench bench-load bench-statistics bench-screening bench-pathways bench-spark messages icu java ocr ocr-font

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(MAKE) --no-print-directory icu java
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

# Reading passport scans needs Debian's tesseract-ocr; the OCR tests draw their scans in
# OCR-B (fonts-ocr-b). Each is installed when missing if we are root, else named in one line.
APT_INSTALL := apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
# PyICU (for FollowTheMoney's name normalisation) is built from source against Debian's ICU.
icu:
	@pkg-config --exists icu-i18n || { [ "$$(id -u)" = 0 ] && $(APT_INSTALL) libicu-dev pkg-config g++ >/dev/null; } \
	  || echo "Building PyICU needs ICU's headers: apt-get install libicu-dev pkg-config g++"

# The identity engine on Spark (--engine spark) runs PySpark on Debian's Java runtime.
java:
	@command -v java >/dev/null || { [ "$$(id -u)" = 0 ] && $(APT_INSTALL) default-jre-headless >/dev/null; } \
	  || echo "The Spark engine needs Java: apt-get install default-jre-headless"

ocr:
	@command -v tesseract >/dev/null || { [ "$$(id -u)" = 0 ] && $(APT_INSTALL) tesseract-ocr >/dev/null; } \
	  || echo "Reading passport scans (OCR) needs tesseract-ocr: apt-get install tesseract-ocr"

ocr-font:
	@test -f /usr/share/fonts/opentype/ocr-b/OCRB.otf || { [ "$$(id -u)" = 0 ] && $(APT_INSTALL) fonts-ocr-b >/dev/null; } \
	  || echo "The OCR tests draw passport scans in OCR-B: apt-get install fonts-ocr-b"

demo: $(STAMP) ocr
	$(BIN)/readmit demo

serve: $(STAMP) ocr
	$(BIN)/readmit serve

test: $(STAMP) ocr ocr-font
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

types: $(STAMP)
	$(BIN)/mypy

check: lint types test

# Re-extract the interface's messages and add new ones to each language's catalogue.
messages: $(STAMP)
	$(BIN)/python -m readmit.i18n.catalogue

bench: $(STAMP) ocr ocr-font
	$(BIN)/python bench/identity.py
	$(BIN)/python bench/biometrics.py
	$(BIN)/python bench/ocr.py

# 50 officers for 60 s against a real server, on SQLite then PostgreSQL (bench/results/load.md).
bench-load: $(STAMP)
	$(BIN)/python bench/load.py
	$(BIN)/python bench/load.py --database-url $${READMIT_BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}

# Every statistics and scorecard page at 1,000,000 cases, SQLite then PostgreSQL
# (bench/results/statistics.md).
bench-statistics: $(STAMP)
	$(BIN)/python bench/statistics_pages.py --postgresql $${READMIT_BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}

# Screening at 1,000,000 designated entities, against nomenklatura's matcher (the `bench`
# extra), with latency on SQLite (bench/results/screening.md); --quick for a smoke run.
bench-screening: $(STAMP)
	@$(BIN)/python -c "import nomenklatura" 2>/dev/null || $(BIN)/pip install --quiet -e '.[bench]'
	flock /tmp/readmit-bench.lock $(BIN)/python bench/screening.py $(ARGS)

# Legal pathways at 500,000 cases: a fiscal year's allocation and eligibility p95 on SQLite
# (bench/results/pathways.md); ARGS="--cases 20000" for a smoke run.
bench-pathways: $(STAMP)
	flock /tmp/readmit-bench.lock $(BIN)/python bench/pathways.py $(ARGS)

# The identity engine on one machine and on Spark (local mode) at 1M and 10M persons, with the
# capacity plan for 1.4 billion (bench/results/spark.md); ARGS="--sizes 100000" for a smoke run.
bench-spark: $(STAMP) java
	flock /tmp/readmit-bench.lock $(BIN)/python bench/spark.py $(ARGS)
