# The two commands a newcomer needs: `make serve` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 1

.PHONY: serve test lint check-lint unit faults bench migrate seed clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

serve: $(VENV)/.installed
	$(BIN)/beautique serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

migrate: $(VENV)/.installed
	$(BIN)/beautique migrate

seed: $(VENV)/.installed
	$(BIN)/beautique seed-demo

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# The whole suite, Postgres included: it fails (never skips) when TEST_DATABASE_URL is unreachable.
test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

unit: $(VENV)/.installed-dev
	$(BIN)/python -m pytest tests/unit $(PYTEST_ARGS)

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

# wrk is the load generator (Debian package). BENCH_ARGS e.g. "--server granian --duration 20".
bench: $(VENV)/.installed-bench
	@command -v wrk >/dev/null 2>&1 || (apt-get update && apt-get install -y wrk) \
		|| { echo "bench: wrk is missing and could not be installed: run 'sudo apt-get install wrk' (Debian/Ubuntu) or 'brew install wrk' (macOS)"; exit 1; }
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# The fault suite alone (also part of `make test`): a flaky PostgreSQL link, kill -9, locked
# SQLite, hostile bodies. See docs/reliability.md.
faults: $(VENV)/.installed-dev
	$(BIN)/python -m pytest tests/integration/test_faults_postgres.py \
		tests/integration/test_faults_sqlite_kill.py tests/integration/test_body_memory.py \
		tests/http/test_storage_outages.py $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
