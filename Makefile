# Prevex: the developer's commands. `make run` sets everything up and serves the demo; `make test` runs every check.
SHELL := /bin/bash
.NOTPARALLEL:
.DEFAULT_GOAL := help

PY := .venv/bin/python
PORT ?= 8000
PYTEST_ARGS ?=
# `make run`: debug and demo mode, SQLite under var/. The demo accounts' password is printed by demo_data.
DEMO_DB := $(CURDIR)/var/prevex.sqlite3
RUN_ENV := DEBUG=true PREVEX_DEMO=true SECRET_KEY=dev-only-not-secret DATABASE_URL=sqlite:///$(DEMO_DB) \
	PREVEX_VAR_DIR=$(CURDIR)/var

.PHONY: help run demo demo-reset test lint format bench audit venv messages

help:
	@echo "make run     installe tout (.venv, dépendances, base SQLite, démo) et sert http://127.0.0.1:$(PORT)"
	@echo "             (la première fois : 2 à 3 minutes d'installation avant que la démo ne démarre)"
	@echo "make demo-reset  démo à neuf : supprime var/prevex.sqlite3 et les fichiers importés (var/private),"
	@echo "             recrée la base et les données de démonstration ; arrêtez make run avant, relancez-le après"
	@echo "make test    toute la suite : ruff, migrations à jour, couches (lint-imports), pytest (parcours navigateur si /usr/bin/chromium)"
	@echo "make bench   mesures de performance (bilan, liste, recherche, import) sur 100 000 situations"
	@echo "make lint    ruff check + ruff format --check ;  make format  reformate le code"
	@echo "make audit   vulnérabilités connues des dépendances épinglées (pip-audit)"

venv:
	@scripts/setup-venv.sh

# Translations (.mo files are not versioned): compiled when the project has .po files.
messages: venv
	@if [ -n "$$(find . -path ./.venv -prune -o -name '*.po' -print -quit)" ]; then \
		command -v msgfmt >/dev/null || { echo "msgfmt manquant : apt-get install gettext" >&2; exit 1; }; \
		$(RUN_ENV) $(PY) manage.py compilemessages --ignore=.venv -v0; \
	fi

run: demo
	@echo -e "\nPrevex : http://127.0.0.1:$(PORT)/  (Ctrl+C pour arrêter)\n"
	@$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The demo's database (created, migrated and loaded once; `demo_data` does nothing when the demo is there).
demo:
	@scripts/system-packages.sh
	@$(MAKE) --no-print-directory messages
	@mkdir -p var
	@[ -f "$(DEMO_DB)" ] || echo "Création de la base de démonstration (var/prevex.sqlite3) : moins d'une minute…"
	@$(RUN_ENV) $(PY) manage.py migrate --noinput -v0
	@$(RUN_ENV) $(PY) manage.py demo_data

# Start the demo afresh: its SQLite database and the files its imports kept (var/private), then `demo` again.
demo-reset:
	@rm -f "$(DEMO_DB)" "$(DEMO_DB)-wal" "$(DEMO_DB)-shm"
	@rm -rf "$(CURDIR)/var/private"
	@echo "Démo supprimée (var/prevex.sqlite3, var/private)."
	@$(MAKE) --no-print-directory demo
	@echo -e "\nDémo recréée : lancez « make run »."

test: messages
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings_test DATABASE_URL=sqlite://:memory: \
		$(PY) manage.py makemigrations --check --dry-run
	PYTHONPATH=. .venv/bin/lint-imports --no-cache
	$(PY) -m pytest -q -rs $(PYTEST_ARGS)

audit: venv
	@scripts/audit-dependencies.sh

bench: venv
	$(PY) bench/run.py

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: venv
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .
