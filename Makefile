# Mutugraph: two commands on a fresh clone, `make demo` and `make test`.
# Each builds .venv by itself first (again whenever pyproject.toml changes); `make test`
# also installs the JavaScript GraphQL-over-HTTP audit (again whenever its lock changes).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Python tools run through the venv's interpreter, not their scripts' #! lines, so a venv
# that was moved or copied still works.
PY := $(BIN)/python
STAMP := $(VENV)/.installed
# tests/http_audit: graphql-http's spec audits, run by tests/gateway/test_http_audit.py.
# Its stamp lives in node_modules, so that deleting node_modules reinstalls it.
AUDIT := tests/http_audit
AUDIT_STAMP := $(AUDIT)/node_modules/.installed
# Type-checked strictly (pyproject [tool.mypy]); add a package here once it passes.
MYPY_TARGETS := -p gateway -p schema -p resolvers -p adapters -p sandbox

.DEFAULT_GOAL := help
.PHONY: help venv demo test lint typecheck pytest bench schema

help:
	@echo "make demo       sandbox + gateway on 127.0.0.1 (GraphiQL: http://127.0.0.1:8000/graphql)"
	@echo "make test       lint, import contracts, types, tests"
	@echo "make lint       ruff check, ruff format --check, lint-imports"
	@echo "make typecheck  mypy --strict on $(MYPY_TARGETS)"
	@echo "make pytest     the test suite only"
	@echo "make bench      every bench/*.py script"
	@echo "make schema     rewrite schema/schema.graphql from the code"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check --quiet -e '.[dev]'
	touch $(STAMP)

$(AUDIT_STAMP): $(AUDIT)/package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js >= 18) is needed by $(AUDIT)" >&2; exit 1; }
	npm ci --prefix $(AUDIT) --no-audit --no-fund --loglevel=error
	touch $(AUDIT_STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/mutugraph demo

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) $(BIN)/lint-imports

typecheck: $(STAMP)
	$(PY) -m mypy --follow-imports=silent $(MYPY_TARGETS)

pytest: $(STAMP) $(AUDIT_STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	@set -e; for script in bench/*.py; do \
		[ -e "$$script" ] || { echo "no bench/*.py script yet"; break; }; \
		echo "== $$script"; $(PY) "$$script"; \
	done

schema: $(STAMP)
	$(BIN)/mutugraph export-schema > schema/schema.graphql.new
	mv schema/schema.graphql.new schema/schema.graphql
