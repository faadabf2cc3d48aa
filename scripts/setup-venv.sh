#!/usr/bin/env bash
# Create .venv with Python >= 3.11 if it is missing, and install the pinned, hashed requirements
# whenever the lock files change (their checksum is kept in .venv/requirements.sha256).
# Installs no system package: `make run` does that first (scripts/system-packages.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
LOCKS=(requirements/base.txt requirements/dev.txt)

if [ ! -x "$VENV/bin/python" ]; then
  python=$(scripts/find-python.sh)
  echo "Première installation : environnement Python et dépendances, 2 à 3 minutes (pip n'affiche rien pendant ce temps)."
  echo "Création de $VENV avec $python ($("$python" --version))"
  if ! "$python" -m venv "$VENV"; then
    rm -rf "$VENV"
    echo "Impossible de créer $VENV : installez le module venv (sudo apt-get install python3-venv) ou lancez « make run »." >&2
    exit 1
  fi
fi

checksum=$(cat "${LOCKS[@]}" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$VENV/requirements.sha256" 2>/dev/null || true)" != "$checksum" ]; then
  echo "Installation des dépendances épinglées (${LOCKS[*]}) : patientez, 2 à 3 minutes la première fois…"
  # The lock files name local package mirrors (/opt/...) that may be absent: pip's warnings about them are noise.
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --require-hashes \
    -r requirements/base.txt -r requirements/dev.txt 2>&1 \
    | { grep -v "is ignored: it is neither a file nor a directory" || true; }
  echo "$checksum" > "$VENV/requirements.sha256"
fi
