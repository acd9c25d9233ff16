# Souk: `make run` serves the demo marketplace, `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): each has its own test database and Redis database.
PYTEST_WORKERS ?= 2
# The demo runs in DEBUG on a SQLite file under var/ unless DATABASE_URL says otherwise.
# runserver speaks plain HTTP: no redirect to HTTPS, with DEBUG=0 too.
RUN_ENV := DEBUG=$${DEBUG:-1} SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-0}

.PHONY: run test lint format migrate seed messages clean help system-packages pay smoke-prod typescript-client

help:
	@echo "make run    set up and serve the demo marketplace on http://$(HOST):$(PORT)/"
	@echo "make test   run the test suite (PostgreSQL/Redis used when DATABASE_URL/REDIS_URL are set)"
	@echo "make lint   ruff check and format check, then the layers of the apps (lint-imports)"
	@echo "make smoke-prod  the production shape (requirements.txt alone, DEBUG=0, 2 gunicorn nodes, 2 workers, beat) driven over HTTP"

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

# Without a Stripe key, a local Stripe emulator (localstripe, dev requirements)
# takes the demo's card payments and sends its signed webhooks back to us.
LOCAL_STRIPE_PORT ?= 8420
DEMO_STRIPE := STRIPE_SECRET_KEY=sk_test_souk_demo STRIPE_PUBLISHABLE_KEY=pk_test_souk_demo \
	STRIPE_WEBHOOK_SECRET=whsec_souk_demo_local STRIPE_API_BASE=http://127.0.0.1:$(LOCAL_STRIPE_PORT)
# Without CMI_GATEWAY_URL, a local CMI emulator (devtools/local_cmi.py) takes the
# MAD payments on its hosted page and posts its signed callbacks back to us.
LOCAL_CMI_PORT ?= 8421
DEMO_CMI := CMI_GATEWAY_URL=http://127.0.0.1:$(LOCAL_CMI_PORT)/fim/est3Dgate \
	CMI_API_URL=http://127.0.0.1:$(LOCAL_CMI_PORT)/fim/api \
	CMI_CALLBACK_URL=http://$(HOST):$(PORT)/webhooks/cmi/ CMI_RETURN_URL=http://$(HOST):$(PORT)/pay/cmi/

run: seed $(VENV)/.installed-dev
	@echo ""
	@echo "Souk is starting on http://$(HOST):$(PORT)/"
	@echo "  API docs:  http://$(HOST):$(PORT)/api/docs/"
	@echo "  API root:  http://$(HOST):$(PORT)/api/v1/"
	@echo "  Admin:     http://$(HOST):$(PORT)/admin/"
	@echo "  Health:    http://$(HOST):$(PORT)/healthz"
	@if [ -z "$$STRIPE_SECRET_KEY" ]; then \
	  echo "  Payments:  local Stripe emulator on http://127.0.0.1:$(LOCAL_STRIPE_PORT); buy and pay: make pay [CARD=declined|3ds]"; \
	fi
	@if [ -z "$$CMI_GATEWAY_URL" ]; then \
	  echo "  CMI:       local CMI emulator on http://127.0.0.1:$(LOCAL_CMI_PORT); pay in MAD: make pay PROVIDER=cmi [CARD=declined|3ds]"; \
	fi
	@if [ -z "$$REDIS_URL" ]; then \
	  echo "  Scheduled: order expiry, sweeps, payouts, export roll-up run in process (manage.py run_schedule)"; \
	fi
	@echo ""
	@demo_env="$(RUN_ENV)"; pids=""; \
	trap 'kill $$pids 2>/dev/null' EXIT INT TERM; \
	if [ -z "$$STRIPE_SECRET_KEY" ]; then \
	  demo_env="$$demo_env $(DEMO_STRIPE)"; \
	  $(PY) -m devtools.local_stripe --port $(LOCAL_STRIPE_PORT) \
	    --webhook-url http://$(HOST):$(PORT)/webhooks/stripe/ --webhook-secret whsec_souk_demo_local & \
	  pids="$$pids $$!"; \
	fi; \
	if [ -z "$$CMI_GATEWAY_URL" ]; then \
	  demo_env="$$demo_env $(DEMO_CMI)"; \
	  $(PY) -m devtools.local_cmi --port $(LOCAL_CMI_PORT) & \
	  pids="$$pids $$!"; \
	fi; \
	if [ -z "$$REDIS_URL" ]; then \
	  env $$demo_env $(PY) manage.py run_schedule & \
	  pids="$$pids $$!"; \
	fi; \
	env $$demo_env $(PY) manage.py runserver $(HOST):$(PORT)

# A demo buyer: two pieces bought through the API of `make run`, paid at the emulator
# (PROVIDER=cmi: in dirhams, on the local CMI's hosted page).
CARD ?= visa
PROVIDER ?= stripe
pay: $(VENV)/.installed-dev
	$(PY) -m devtools.demo_buyer --server http://$(HOST):$(PORT) \
	  --emulator http://127.0.0.1:$(LOCAL_STRIPE_PORT) --card $(CARD) --provider $(PROVIDER)

# The TypeScript client of the contract tests (tests/contract/): its pinned
# packages, installed again when the lock file changes. Without npm, nothing
# is installed and those tests are skipped (they fail with REQUIRE_SERVICES=1).
TYPESCRIPT_CLIENT := clients/typescript
$(TYPESCRIPT_CLIENT)/node_modules/.installed: $(TYPESCRIPT_CLIENT)/package.json $(TYPESCRIPT_CLIENT)/package-lock.json
	@if command -v npm >/dev/null; then \
	  cd $(TYPESCRIPT_CLIENT) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else \
	  echo "npm not found: the TypeScript client's tests need node and npm (apt-get install nodejs npm)"; \
	fi

typescript-client: $(TYPESCRIPT_CLIENT)/node_modules/.installed

test: $(VENV)/.installed-dev system-packages typescript-client
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.installed-dev
	DEBUG=1 $(PY) manage.py makemessages --all --ignore=.venv --ignore=var --no-obsolete
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache $(TYPESCRIPT_CLIENT)/node_modules

# The production shape, driven over HTTP: a virtual environment from
# requirements.txt alone (var/prod-venv), DEBUG=0, two gunicorn nodes, two
# Celery workers and beat on PostgreSQL and Redis (SMOKE_POSTGRES,
# SMOKE_REDIS_URL; database souk_smoke and that Redis database are emptied).
smoke-prod: $(VENV)/.installed-dev system-packages
	$(PY) -m devtools.prod_smoke
