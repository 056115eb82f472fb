# Set-up and everyday commands. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails (confirmation, invitation) point where `make run` serves.
SITE_URL ?= http://$(HOST):$(PORT)

# A Python >= 3.12: $PYTHON if given, else the first found on PATH or under pyenv.
PYTHON ?= $(shell for c in python3.13 python3.12 python3.14 python3 \
	$$(ls -d /root/.pyenv/versions/3.1[2-9]*/bin/python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
	command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$c; break; }; done)

.PHONY: help venv install run worker test test-fast schemathesis bench lint format migrations messages clean screenshots vnu

help:
	@echo "make run    install into $(VENV), migrate, load the demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test   install and run the whole test suite (SQLite, or PostgreSQL with DATABASE_URL)"
	@echo "make bench  benchmarks against PostgreSQL (DATABASE_URL)"
	@echo "make lint   ruff check, ruff format --check, makemigrations --check"
	@echo "make vnu    install the Nu HTML checker (npm, Java) for tests/site/test_html_validity.py"
	@echo "make screenshots  PNGs of the main pages at 1280 and 360 px in three languages, in .screenshots/"

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
		echo "This project needs Python 3.12 or newer (Django 6), and none was found."; \
		echo "Install one (e.g. 'pyenv install 3.13') or run: make PYTHON=/path/to/python3.12 ..."; \
		exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

venv install: $(VENV)/.installed

# Collect every marked string into the Spanish and French catalogues, then
# compile them (the compiled .mo files are committed: a newcomer needs no gettext).
messages: install
	$(PY) manage.py makemessages -l es -l fr --add-location=file --no-obsolete \
		--ignore=.venv --ignore=staticfiles --ignore=tests --ignore=media -v 0
	$(PY) manage.py compilemessages --ignore=.venv -v 0

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo --sample
	$(PY) manage.py ensure_staff_account --base-url $(SITE_URL)
	@echo "Starting a background task worker (newsletters, emails); its log, with the mail it sends, is in .worker.log"
	@$(PY) manage.py resume_sends > /dev/null
	@SITE_URL=$(SITE_URL) $(PY) manage.py db_worker --queue-name '*' > .worker.log 2>&1 & echo $$! > .worker.pid
	@trap 'kill $$(cat .worker.pid) 2>/dev/null; rm -f .worker.pid' EXIT INT TERM; \
		SITE_URL=$(SITE_URL) DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(PY) manage.py resume_sends
	$(PY) manage.py db_worker --queue-name '*'

test: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(PYTEST_ARGS)

# The suite's schemathesis run (every operation, every check, anonymous, partner,
# staff) with ten times the examples: minutes, not seconds (docs/api.md).
schemathesis: install
	SCHEMATHESIS_EXAMPLES=$${SCHEMATHESIS_EXAMPLES:-50} $(PY) -m pytest tests/api/test_schemathesis.py -p no:randomly $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -m "not e2e" -x $(PYTEST_ARGS)

bench: install
	$(PY) -m tests.benchmarks.run $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Pictures of the main pages from the demo data, for anyone reviewing a change
# (tools/screenshots.py): a server on a spare port, stopped afterwards.
SCREENSHOTS_PORT ?= 8765
screenshots: install
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_demo > /dev/null
	$(PY) manage.py ensure_staff_account --base-url http://$(HOST):$(SCREENSHOTS_PORT) > /dev/null
	@DEBUG=1 $(PY) manage.py runserver $(HOST):$(SCREENSHOTS_PORT) --noreload > .screenshots.log 2>&1 & echo $$! > .screenshots.pid; \
		trap 'kill $$(cat .screenshots.pid) 2>/dev/null; rm -f .screenshots.pid' EXIT INT TERM; \
		for i in $$(seq 50); do curl -sf -o /dev/null http://$(HOST):$(SCREENSHOTS_PORT)/health/ && break; sleep .2; done; \
		$(PY) tools/screenshots.py --base-url http://$(HOST):$(SCREENSHOTS_PORT) $(SCREENSHOTS_ARGS)

migrations: install
	$(PY) manage.py makemigrations

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# The Nu HTML checker (tests/site/test_html_validity.py runs it on the main
# pages and the emails; skipped without Java or the jar): pinned, into .vnu/
# (gitignored); a new VNU_VERSION reinstalls.
VNU_VERSION := 26.9.27
vnu: .vnu/.installed-$(VNU_VERSION)
.vnu/.installed-$(VNU_VERSION):
	npm install --prefix .vnu --no-save --no-audit --no-fund --silent vnu-jar@$(VNU_VERSION)
	@test -f .vnu/node_modules/vnu-jar/build/dist/vnu.jar
	@touch $@
