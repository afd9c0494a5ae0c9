# Sala: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PLAYER := node_modules/h5p-standalone/dist/main.bundle.js
QR_DECODER := node_modules/jsqr/dist/jsQR.js
# Debian packages: Khmer and Chinese fonts, FriBidi for Pillow's complex text layout,
# gettext to compile translations, Chromium for the browser tests.
SYSTEM_PACKAGES := fonts-khmeros fonts-noto-cjk libfribidi0 gettext chromium

.PHONY: run test lint lock bench install system-packages translations clean

run: install translations
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --scale small --if-empty
	@$(MANAGE) demo_logins --url http://$(HOST):$(PORT)/
	$(MANAGE) runserver $(HOST):$(PORT)

# Three pytest sessions (exit code 5 = none selected):
# - the bulk of the suite in one process per core (pytest-xdist; each process has its own test
#   database and cache keys). --dist loadgroup hands each process tests in pytest-django's order
#   (transactional tests, which empty the database, last) and keeps an `xdist_group` together;
# - tests marked `services` alone: they start a real Celery worker on the one shared broker;
# - browser tests: a live server and transactional databases, which must not share a session with
#   the rolled-back tests.
# Outside CI the test databases are kept between runs (--reuse-db; new migrations still apply);
# CI=true starts from fresh ones. TEST_PROCESSES=0 runs the first session in pytest's own process (--pdb).
TEST_PROCESSES ?= auto
REUSE_DB := $(if $(filter true 1,$(CI)),,--reuse-db)
test: install translations
	$(BIN)/pytest -m "not browser and not services" -n $(TEST_PROCESSES) --dist loadgroup $(REUSE_DB) $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(BIN)/pytest -m "services and not browser" $(REUSE_DB) $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(BIN)/pytest -m browser $(REUSE_DB) $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The conventions CI holds the code to: ruff's lint and format, the layers of ARCHITECTURE.md
# (import-linter, configured in pyproject.toml) and no model change without its migration.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	@mkdir -p var
	$(MANAGE) makemigrations --check --dry-run

# Pin every package, direct and transitive, from pyproject.toml into requirements.lock.
lock: install
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

bench: install translations
	$(BIN)/python tests/perf/bench_roster_import.py
	$(BIN)/python tests/perf/measure_lesson_page.py
	$(BIN)/python tests/perf/bench_people.py
	$(BIN)/python tests/perf/bench_records.py
	$(BIN)/python tests/perf/bench_sign_in.py
	$(BIN)/python tests/perf/bench_messages.py
	$(BIN)/python tests/perf/bench_certificates.py
	$(BIN)/python tests/perf/bench_certificate_screens.py

install: system-packages $(VENV)/.installed $(PLAYER) $(QR_DECODER)

# The H5P player and the attendance register's QR decoder (jsQR, for browsers without
# BarcodeDetector) from the npm registry, served as static files (never from a CDN).
$(PLAYER) $(QR_DECODER) &: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $(PLAYER) $(QR_DECODER)

# Exactly the versions CI tested (requirements.lock), then Sala itself without resolving again.
$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || \
	  { echo "Sala needs Python 3.11 (found: $$($(PYTHON) --version)). Set PYTHON=/path/to/python3.11."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create a virtual environment. On Debian/Ubuntu: apt-get install python3-venv"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing system packages:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null) || \
	      { echo "Installing$$missing failed; run: apt-get install$$missing"; exit 1; }; \
	  else \
	    echo "Sala needs these system packages:$$missing"; \
	    echo "Install them with:  sudo apt-get install$$missing"; \
	    exit 1; \
	  fi; \
	fi

translations: install
	@$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --ignore=var -v 0

clean:
	rm -rf $(VENV) var/static var/test-uploads node_modules
