# Two commands do all set-up on a fresh machine:
#   make run    serve the API with the Gifhorn data on a local Neo4j started here
#   make test   lint, type-check and run every test against a real Neo4j
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: install run test lint bench neo4j-stop clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/integration-graph neo4j start
	$(BIN)/integration-graph load --if-empty loaders/data/gifhorn
	$(BIN)/integration-graph serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

test: lint
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m bench all

neo4j-stop: install
	$(BIN)/integration-graph neo4j stop

clean:
	rm -rf $(VENV) .neo4j .mypy_cache .ruff_cache .pytest_cache
