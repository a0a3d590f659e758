# Tremplin — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

TOOLS := .tools
UV := $(TOOLS)/bin/uv
PY := .venv/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install static run test test-fast lint format bench browser data serve clean-db messages

help:
	@echo "make run    — install, migrate, load reference and demo data, serve http://$(HOST):$(PORT)"
	@echo "make test   — install, lint, check migrations, run the whole test suite"
	@echo "make lint   — ruff (lint + format check) and djlint"
	@echo "make messages — (i18n owner) rewrite the English catalogue from the code, then translate"
	@echo "make bench  — list the benchmarks; make bench NAME=<name> runs one, NAME=all all of them"

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv

.venv/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The CSS keeps only the rules the templates use: rebuilt when a template changes.
TEMPLATES_AND_CODE := $(shell find tremplin -name '*.html' -o -name '*.py' -o -path '*/static/js/*.js' 2>/dev/null)
tremplin/www/static/vendor/.copied: node_modules/.installed scripts/copy_assets.sh $(TEMPLATES_AND_CODE)
	bash scripts/copy_assets.sh
	@touch $@

PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

locale/%.mo: locale/%.po
	msgfmt --check-format -o $@ $<

install: .venv/.installed tremplin/www/static/vendor/.copied $(MO_FILES)

# The i18n owner's pass (decision 0901): the notes of the rule parameters, then the English
# catalogue with file-only locations and without obsolete entries. Then translate every
# empty or fuzzy entry (tests/i18n fails while one is left) and run `make install`.
# tests/i18n/test_catalogue.py reads MESSAGES_OPTIONS to check the catalogue is up to date.
MESSAGES_OPTIONS := -l en --add-location=file --no-obsolete --ignore=.venv --ignore=.tools --ignore=node_modules --ignore=var --ignore=tests --ignore=bench
messages: .venv/.installed
	$(MANAGE) rules_note_texts
	$(MANAGE) makemessages $(MESSAGES_OPTIONS)

data: install
	$(MANAGE) prepare_site --url http://$(HOST):$(PORT)

# Static files as in production: hashed names, gzip + brotli, long cache lifetimes.
static: install
	TREMPLIN_COLLECTED_STATIC=1 $(MANAGE) collectstatic --noinput -v0

# The links in the e-mails (cancel a booking...) point to this server unless TREMPLIN_SITE_URL says.
run: data static
	TREMPLIN_SITE_URL=$${TREMPLIN_SITE_URL:-http://$(HOST):$(PORT)} TREMPLIN_COLLECTED_STATIC=1 \
	  $(MANAGE) runserver $(HOST):$(PORT)

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium manquant : sudo apt-get install chromium (les tests navigateur seront ignorés)"; fi; }

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m djlint tremplin --lint --quiet

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .
	$(PY) -m djlint tremplin --reformat --quiet || true

test: install browser lint
	$(MANAGE) makemigrations --check --dry-run -v 1
	$(PY) -m pytest -q $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -q -m "not browser and not bench" $(PYTEST_ARGS)

# make bench lists the benchmarks; make bench NAME=directory_search ARGS="..." runs one;
# make bench NAME=all runs them all and prints one summary (docs/performance.md).
bench: install
	$(PY) -m bench $(NAME) $(ARGS)

clean-db:
	rm -rf var/pgdata
