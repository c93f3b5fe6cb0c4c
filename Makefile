# The two commands of the README: `make up` (run everything) and `make check` (every gate).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
KG     := $(BIN)/kg
STAMP  := $(VENV)/.installed
ASSETS := kg/api/assets
STATIC := kg/api/static
NPM_MODULES := $(ASSETS)/node_modules
APP_SRC := kg/api/app_src
APP_OUT := kg/api/app_static
APP_FILES := $(APP_SRC)/package.json $(APP_SRC)/package-lock.json $(APP_SRC)/index.html \
	$(APP_SRC)/vite.config.js $(wildcard $(APP_SRC)/src/*)

.PHONY: up down install assets app test test-unit check lint format typecheck contracts bench docs clean help chromium

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml $(STATIC)/.installed
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# GraphiQL, React and Swagger UI from the npm registry, served by the API itself (offline).
$(STATIC)/.installed: $(ASSETS)/package.json $(ASSETS)/package-lock.json
	cd $(ASSETS) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	mkdir -p $(STATIC)
	cp $(NPM_MODULES)/graphiql/graphiql.min.js $(NPM_MODULES)/graphiql/graphiql.min.css \
	   $(NPM_MODULES)/react/umd/react.production.min.js \
	   $(NPM_MODULES)/react-dom/umd/react-dom.production.min.js \
	   $(NPM_MODULES)/swagger-ui-dist/swagger-ui-bundle.js \
	   $(NPM_MODULES)/swagger-ui-dist/swagger-ui.css \
	   $(NPM_MODULES)/swagger-ui-dist/favicon-32x32.png $(STATIC)/
	@touch $@

assets: $(STATIC)/.installed  ## Fetch the GraphiQL and Swagger UI assets the API serves

# The web app at /app: its libraries come from the npm registry, bundled by vite (offline).
$(APP_OUT)/index.html: $(APP_FILES)
	cd $(APP_SRC) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	cd $(APP_SRC) && npx --no-install vite build --logLevel warn

app: $(APP_OUT)/index.html  ## Build the web app the API serves at /app (npm and vite)

install: $(STAMP)  ## Create .venv and install the project with its dev tools

up: $(STAMP) app  ## Start Neo4j and the parser, apply the schema, load the seeds, serve the API (idempotent)
	@if [ -z "$$NEO4J_URI" ]; then $(KG) neo4j start; else echo "Using external Neo4j at $$NEO4J_URI"; fi
	@if [ -z "$$KG_NLP_URL" ]; then $(KG) nlp start; else echo "Using external CoreNLP at $$KG_NLP_URL"; fi
	$(KG) db init
	$(KG) load seeds
	$(KG) serve --detach

down: $(STAMP)  ## Stop the API, the local parser and the local Neo4j
	-$(KG) serve --stop
	@if [ -z "$$KG_NLP_URL" ]; then $(KG) nlp stop; fi
	@if [ -z "$$NEO4J_URI" ]; then $(KG) neo4j stop; fi

chromium:  ## Install Debian's headless Chromium for the browser tests (once; needs root)
	command -v chromium || (apt-get update && apt-get install -y chromium)

test: $(STAMP) chromium app  ## Run the whole test suite on a real Neo4j and a real CoreNLP
	$(BIN)/python -m pytest

test-unit: $(STAMP) app  ## Run only the tests that need no server (Neo4j, CoreNLP, Chromium)
	$(BIN)/python -m pytest -m "not neo4j and not browser and not nlp"

lint: $(STAMP)  ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)  ## Format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)  ## mypy (strict on kg/ and loaders/)
	$(BIN)/mypy

contracts: $(STAMP)  ## Import contracts: loaders below kg, layers inside each, no cycles
	$(BIN)/lint-imports

check: lint typecheck contracts test  ## Every gate CI runs: lint, format, types, contracts, tests

# Longer runs of the suites CI runs bounded; their last results are in docs/benchmarks.md
# (bench/results/robustness.md).
fault: $(STAMP)  ## Fault suite, long: 6 kills of the loader and 3 of Neo4j at random points
	KG_FAULT_ROUNDS=6 $(BIN)/python -m pytest tests/test_fault_suite.py -q -s -p no:cacheprovider

fuzz: $(STAMP)  ## Parser fuzzing and generated GraphQL queries, long (1,000 and 300 examples)
	KG_FUZZ_EXAMPLES=1000 KG_GRAPHQL_EXAMPLES=300 $(BIN)/python -m pytest -q -p no:cacheprovider \
		tests/test_fuzz_parsers.py tests/test_graphql_generated.py

soak: $(STAMP)  ## Loads and queries together for 5 minutes; prints latency and memory
	KG_SOAK_SECONDS=300 $(BIN)/python -m pytest tests/test_soak.py -q -s -p no:cacheprovider

clean:  ## Remove the virtualenv and caches (not the Neo4j data in KG_HOME)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(STATIC) $(NPM_MODULES) \
		$(APP_OUT) $(APP_SRC)/node_modules
