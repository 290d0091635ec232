# The index of what a maintainer can do here. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
MATRIX := 3.11 3.12 3.13
export PATH := $(CURDIR)/$(BIN):$(PATH)
export UV_PYTHON_DOWNLOADS := never
# Installed packages get their bytecode when .venv is first made: without it every Python process compiles what
# it imports from source again when the machine's Python writes no bytecode (PYTHONDONTWRITEBYTECODE), ~0.4 s a
# process. Only then: uv compiles all of site-packages on every sync (4,900 files, ~8 CPU-s), and a later sync
# (a release's new version, a new lock) has little new; `make test` writes what is missing as it imports it (other
# targets do where the machine's Python writes bytecode at all).
COMPILE := $(if $(wildcard $(VENV)/bin/python),--no-compile-bytecode,--compile-bytecode)

.PHONY: help setup generate check-generated lint-spec lint typecheck test test-matrix

# Feature areas keep their targets in mk/*.mk (emulator, record, demo, bench, diff, speclint, upstream, contract).
include $(sort $(wildcard mk/*.mk))

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --all-extras --python $(PYTHON) $(COMPILE)
	@touch $@

setup: $(VENV)/.synced ## Create .venv with the package, its extras and every dev tool, at the locked versions

generate: setup ## Regenerate generated/ (the models and the per-operation layer of sendmux) from openapi.yaml
	codegen/generate.sh generated

check-generated: setup ## Fail, showing the diff, if generated/ is not what openapi.yaml and codegen/ produce
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	codegen/generate.sh "$$tmp" >/dev/null && \
	diff -ru -x __pycache__ generated "$$tmp" && echo "generated/ is up to date"

SPEC ?= openapi.yaml
lint-spec: setup speclint-deps ## Validate SPEC=path (default openapi.yaml): openapi-spec-validator, then Spectral's OpenAPI rules and ours (tools/speclint)
	@tools/speclint/lint-spec.sh '$(SPEC)'

lint: setup ## ruff over the handwritten code
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup ## mypy --strict, as source, over sendmux (overlays/ and generated/ joined), sendmux_client, the emulator and the examples
	$(BIN)/python scripts/typecheck.py

# The checks: make test runs each as a test (tests/test_checks.py), beside the rest of the suite; `make checks`
# runs them alone, two at a time. pytest-xdist: one worker per core (WORKERS=auto), each handed one test at a time
# so the slow tests, which tests/conftest.py puts first, run beside the quick ones. WORKERS=0 runs in one process.
CHECKS := lint-spec check-generated diff-check lint typecheck
WORKERS ?= auto
.PHONY: checks
checks: setup speclint-deps diff-deps ## Only the checks make test runs: spec lint, codegen up to date, spec diff vs the last release, ruff, mypy (two at a time)
	@$(MAKE) --no-print-directory -j2 --output-sync=target $(CHECKS)

# The suite starts hundreds of Python processes over this checkout's own modules: their bytecode is written
# (to __pycache__/, which git, ruff, the wheel and scratch copies ignore), even where the machine's Python is told
# to write none, so each module is compiled once a run rather than once a process.
test: export PYTHONDONTWRITEBYTECODE :=
test: setup browser speclint-deps diff-deps prism-deps ## Everything CI runs, on WORKERS=auto xdist workers: the checks (spec lint, codegen up to date, spec diff vs the last release, ruff, mypy) as tests beside every other test (browser: chromium for the inspector test)
	$(BIN)/pytest -n $(WORKERS) --maxschedchunk 1 --block-network --allowed-hosts=127.0.0.1,localhost,::1

test-matrix: $(UV) ## Run pytest on CPython 3.11, 3.12 and 3.13 (pyenv's)
	@set -e; for v in $(MATRIX); do \
	  py=$$(pyenv prefix $$v 2>/dev/null | head -n1)/bin/python$$v; \
	  echo "== CPython $$v ($$py)"; \
	  UV_PROJECT_ENVIRONMENT=.venv-$$v $(UV) sync --frozen --all-extras --python $$py --quiet --compile-bytecode; \
	  .venv-$$v/bin/pytest -q -p no:cacheprovider; \
	done
