# Two commands do all set-up on a fresh machine:
#   make run    serve the API and the cockpit with the Gifhorn data on a local Neo4j started here
#   make test   lint, type-check and run every test (browser tests included) against a real Neo4j
#   make check  the quick loop: lint, type-check and the tests that need no server (< 2 min)
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
CHROMIUM ?= /usr/bin/chromium
# Everything the cockpit's build reads: a change to any of them rebuilds web/dist.
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/graphiql.html \
	web/package.json web/tsconfig.json web/vite.config.ts

.PHONY: install web browser clients run test check lint bench neo4j-stop clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# The cockpit: npm packages exactly as locked, then a type-checked Vite build into web/dist
# (git-ignored). Rebuilt only when a source or the lock file changed.
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build
	touch $@

web: web/dist/index.html

# Third-party clients the API tests drive (Apollo Client, the graphql-http audit), locked.
tests/node/node_modules/.package-lock.json: tests/node/package-lock.json
	cd tests/node && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

clients: tests/node/node_modules/.package-lock.json

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot work
# offline); install it when missing (as root; otherwise say how).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else \
	    echo "Chromium fehlt / missing: sudo apt-get install chromium" >&2; exit 1; \
	  fi; }

run: install web
	$(BIN)/integration-graph neo4j start
	$(BIN)/integration-graph load --if-empty loaders/data/gifhorn
	$(BIN)/integration-graph serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

# Parallel workers of `make test`, each with a Neo4j server of its own (tests/conftest.py);
# 0 runs serially, as it must with NEO4J_URI (one database cannot serve several workers).
# The 30 slowest tests are listed at the end, to see where the suite's time goes.
PYTEST_WORKERS ?= $(if $(NEO4J_URI),0,2)

test: lint web browser clients
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup --durations=30

# Tests that use the test server are marked `neo4j` (tests/conftest.py) and left out; the
# closed port in NEO4J_URI makes any other test that reaches for a server fail, not pass by
# talking to one that happens to run.
check: lint
	NEO4J_URI=bolt://127.0.0.1:9 NEO4J_PASSWORD=none $(BIN)/python -m pytest -q -m "not neo4j"

bench: install web browser
	$(BIN)/python -m bench all

neo4j-stop: install
	$(BIN)/integration-graph neo4j stop

clean:
	rm -rf $(VENV) .neo4j .mypy_cache .ruff_cache .pytest_cache web/node_modules web/dist
