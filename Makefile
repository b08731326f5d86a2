# WalletDesk — the two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format bench messages clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

## make run: set up, migrate, seed the demo, serve on http://$(HOST):$(PORT) (SQLite, all in-process)
run: export WALLETDESK_BASE_URL ?= http://$(HOST):$(PORT)
run: $(STAMP)
	$(BIN)/walletdesk migrate --no-input
	$(BIN)/walletdesk seed-demo
	$(BIN)/walletdesk serve --host $(HOST) --port $(PORT)

## make test: set up (system packages too), lint, then the whole suite on SQLite and on PostgreSQL + Redis
test: $(STAMP)
	scripts/test.sh

lint: $(STAMP)
	scripts/lint.sh

format: $(STAMP)
	$(BIN)/ruff format walletdesk tests bench scripts
	$(BIN)/ruff check --fix walletdesk tests bench scripts

## make messages: refresh and compile the translation catalogues
messages: $(STAMP)
	cd walletdesk && ../$(BIN)/django-admin makemessages -l zh_Hans -l en --no-obsolete --settings=walletdesk.config.settings
	cd walletdesk && ../$(BIN)/django-admin compilemessages --settings=walletdesk.config.settings

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache

## make bench [SCENARIO=name]: benchmarks → bench/results/latest.json
bench: $(STAMP)
	$(BIN)/python bench/run.py $(SCENARIO)
