# Souk: `make run` serves the demo marketplace, `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo runs in DEBUG on a SQLite file under var/ unless DATABASE_URL says otherwise.
RUN_ENV := DEBUG=$${DEBUG:-1}

.PHONY: run test lint format migrate seed messages clean help system-packages

help:
	@echo "make run    set up and serve the demo marketplace on http://$(HOST):$(PORT)/"
	@echo "make test   run the test suite (PostgreSQL/Redis used when DATABASE_URL/REDIS_URL are set)"
	@echo "make lint   ruff check and format check"

# WeasyPrint's system libraries (export paperwork PDFs): installed with apt-get
# when one is missing (as root, or through sudo), else nothing to do.
PAPERWORK_APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
system-packages:
	@missing=""; for package in $(PAPERWORK_APT_PACKAGES); do \
	  dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if ! command -v apt-get >/dev/null; then echo "Install these libraries for WeasyPrint:$$missing"; exit 1; fi; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  echo "Installing system packages:$$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.installed system-packages
	$(RUN_ENV) $(PY) manage.py migrate --noinput

seed: migrate
	$(RUN_ENV) $(PY) manage.py seed_demo

run: seed
	@echo ""
	@echo "Souk is starting on http://$(HOST):$(PORT)/"
	@echo "  API docs:  http://$(HOST):$(PORT)/api/docs/"
	@echo "  API root:  http://$(HOST):$(PORT)/api/v1/"
	@echo "  Admin:     http://$(HOST):$(PORT)/admin/"
	@echo "  Health:    http://$(HOST):$(PORT)/healthz"
	@echo ""
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev system-packages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.installed-dev
	DEBUG=1 $(PY) manage.py makemessages --all --ignore=.venv --ignore=var --no-obsolete
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
