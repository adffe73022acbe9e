# Lan Tỏa — `make run` starts the system, `make test` runs everything CI runs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

# PyICU (Vietnamese sort order) compiles against Debian's ICU when pip installs it.
BUILD_PACKAGES := libicu-dev pkg-config g++
RUN_PACKAGES := gettext ffmpeg poppler-utils libreoffice-writer-nogui fonts-liberation2
TEST_PACKAGES := gettext postgresql chromium fonts-noto-core fonts-liberation2 ffmpeg poppler-utils libreoffice-writer-nogui

.PHONY: run test lint test-sqlite test-postgres messages setup bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	scripts/ensure-debian-packages $(BUILD_PACKAGES)
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	scripts/ensure-debian-packages $(BUILD_PACKAGES)
	$(BIN)/pip install -q -e ".[dev]"
	touch $@ $(VENV)/.installed-run

messages:
	$(MANAGE) compilemessages --ignore=.venv --ignore=var --ignore=node_modules -v0

# Installs, migrates and loads the agency and demo data; safe to run again.
setup: export DJANGO_SETTINGS_MODULE = lantoa.settings.production
setup: export LANTOA_DEMO = 1
setup: export LANTOA_BASE_URL = http://$(HOST):$(PORT)
setup: $(VENV)/.installed-run
	scripts/ensure-debian-packages $(RUN_PACKAGES)
	$(MAKE) --no-print-directory messages
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_agency
	$(MANAGE) load_plan
	$(MANAGE) load_portal
	$(MANAGE) load_library
	$(MANAGE) load_demo
	# The search index follows the code's folding rules, which an upgrade may change.
	$(MANAGE) update_index -v0
	# The stored Vietnamese sort keys follow ICU's version, which a new Debian release changes.
	$(MANAGE) collation_keys_refresh

run: export DJANGO_SETTINGS_MODULE = lantoa.settings.production
run: export LANTOA_DEMO = 1
run: export LANTOA_BASE_URL = http://$(HOST):$(PORT)
run: export LANTOA_BIND = $(HOST):$(PORT)
run: setup
	@echo "Lan Tỏa is starting on http://$(HOST):$(PORT)/ (admin: /admin/, health: /healthz). Ctrl-C stops it."
	exec $(BIN)/honcho -f Procfile start

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/check-catalogues --consistency
	$(BIN)/python scripts/check-unmarked-strings
	DJANGO_SETTINGS_MODULE=lantoa.settings.test $(MANAGE) makemigrations --check --dry-run -v0

test-sqlite: $(VENV)/.installed-dev
	$(BIN)/pytest -q

test-postgres: $(VENV)/.installed-dev
	scripts/with-throwaway-postgres $(BIN)/pytest -q -m "not browser"

test: $(VENV)/.installed-dev
	scripts/ensure-debian-packages $(TEST_PACKAGES)
	$(MAKE) --no-print-directory messages
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# The portal's pages, then the repository's upload memory, OAI-PMH harvest and catalogue search
# (bench/all.py; BENCH_PARTS, BENCH_SIZES, BENCH_UPLOAD_MB, BENCH_LIBRARY_ASSETS shrink it).
bench: $(VENV)/.installed-run
	scripts/ensure-debian-packages ffmpeg
	$(BIN)/python bench/all.py

clean:
	rm -rf var/static var/test-media
