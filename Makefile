# The two commands a newcomer needs: `make serve` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 1

.PHONY: serve test lint lock lock-check compat unit faults bench migrate seed clean

# Every dependency is pinned, with hashes, in uv.lock; uv itself is pinned (with hashes) in
# tools/uv-requirements.txt and lives in its own venv, since `uv sync` keeps .venv to the lock.
TOOLS := .tools
UV := $(TOOLS)/bin/uv
# Never download a Python: use the interpreter $(PYTHON) names.
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)

$(UV): tools/uv-requirements.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --require-hashes -r tools/uv-requirements.txt
	touch $@

# --locked: install exactly what uv.lock says, and fail if the lock is stale against pyproject.toml.
# Serving installs the runtime packages and removes nothing (so a dev venv keeps its tools);
# the dev venv is the whole lock, dev and bench extras included.
$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --inexact --quiet
	touch $@

$(VENV)/.installed-dev: pyproject.toml uv.lock $(VENV)/.installed
	$(UV) sync --locked --all-extras --quiet
	touch $@

# Refresh uv.lock after editing pyproject.toml; upgrade one package with
# `make lock LOCK_ARGS="--upgrade-package msgspec"` (or all with LOCK_ARGS=--upgrade).
lock: | $(UV)
	$(UV) lock $(LOCK_ARGS)

# Fails when uv.lock no longer matches pyproject.toml (CI runs it through `make test`).
lock-check: | $(UV)
	$(UV) lock --check

serve: $(VENV)/.installed
	$(BIN)/beautique serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

migrate: $(VENV)/.installed
	$(BIN)/beautique migrate

seed: $(VENV)/.installed
	$(BIN)/beautique seed-demo

lint: lock-check $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# The whole suite, Postgres included: it fails (never skips) when TEST_DATABASE_URL is unreachable.
test: lint compat
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The lock pins msgspec 0.23; the codec also keeps 0.22's error for invalid UTF-8 working, so
# a looser install (a distribution's package, an older venv) answers the same 400.
compat: $(VENV)/.installed-dev
	$(UV) run --locked --all-extras --quiet --with 'msgspec==0.22.0' \
		python -m pytest -q -p no:cacheprovider tests/http/test_body_encoding.py

unit: $(VENV)/.installed-dev
	$(BIN)/python -m pytest tests/unit $(PYTEST_ARGS)

# wrk is the load generator (Debian package). BENCH_ARGS e.g. "--server granian --duration 20".
bench: $(VENV)/.installed-dev
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
	rm -rf $(VENV) $(TOOLS) var .pytest_cache .mypy_cache .ruff_cache
