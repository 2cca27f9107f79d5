# Wirestream: `make run` runs the worker on the sample pages, `make test` runs every test.
# Both set everything up on a fresh machine (Python venv, a local Kafka broker).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install run test test-unit lint kafka kafka-stop bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# A local single-node Kafka 4.x (KRaft) on 127.0.0.1:9092, fetched from Maven Central.
kafka:
	bash scripts/kafka/kafka.sh start

kafka-stop:
	bash scripts/kafka/kafka.sh stop

# Start a worker (and a local broker unless KAFKA_BOOTSTRAP_SERVERS is set), produce
# the sample pages and show the clean articles as they arrive. Ctrl-C stops it.
run: install
	bash scripts/run.sh

# The whole suite: unit tests, then integration tests against a real local broker (the one
# started here, on KAFKA_PORT, unless KAFKA_BOOTSTRAP_SERVERS names another).
test: install
	@if [ -z "$$KAFKA_BOOTSTRAP_SERVERS" ]; then bash scripts/kafka/kafka.sh start; fi
	$(BIN)/ruff check workers tests benchmarks
	KAFKA_BOOTSTRAP_SERVERS="$${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$${KAFKA_PORT:-9092}}" \
		WIRESTREAM_REQUIRE_KAFKA=1 $(BIN)/pytest $(PYTEST_ARGS)

test-unit: install
	$(BIN)/pytest -m "not integration" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check workers tests benchmarks

bench: install
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/dedup.py
	$(BIN)/python benchmarks/tagging.py

clean:
	rm -rf .wirestream-data .wirestream out
