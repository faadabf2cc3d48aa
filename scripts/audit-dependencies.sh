#!/usr/bin/env bash
# `make audit`: the pinned dependencies against the known-vulnerability database (pip-audit, PyPI service).
# - a known vulnerability fails (exit 1), naming the package, version and advisory;
# - the service unreachable (no network, a mirror without PyPI's JSON API: every package "not found") is said
#   loudly and does not fail (exit 0): the audit could not happen, which is not a pass either;
# - any other error of pip-audit (a requirement without hash, a broken file) fails (exit 2).
# PIP_AUDIT overrides the command (the tests use a stand-in).
set -uo pipefail
cd "$(dirname "$0")/.."
PIP_AUDIT=${PIP_AUDIT:-.venv/bin/pip-audit}
PYTHON=${PYTHON:-.venv/bin/python}
report=$(mktemp)
errors=$(mktemp)
trap 'rm -f "$report" "$errors"' EXIT

"$PIP_AUDIT" -r requirements/base.txt -r requirements/dev.txt --require-hashes --disable-pip \
  --progress-spinner off --format json --output "$report" 2>"$errors"
status=$?
summary=$("$PYTHON" - "$report" "$errors" <<'PY'
import json, re, sys

try:
    data = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    errors = open(sys.argv[2], errors="replace").read()
    network = r"ConnectionError|NameResolutionError|Max retries exceeded|timed out|Temporary failure in name resolution"
    print("unreachable" if re.search(network, errors) else "failed")
    sys.exit()
dependencies = data.get("dependencies", [])
vulnerable = [f"{d['name']} {d['version']}: {', '.join(v['id'] for v in d['vulns'])}" for d in dependencies if d.get("vulns")]
skipped = sum(1 for d in dependencies if d.get("skip_reason"))
print("\n".join(vulnerable) if vulnerable else f"ok {len(dependencies) - skipped} {skipped}")
PY
)
case "$summary" in
  ok\ *)
    read -r _ audited skipped <<<"$summary"
    if [ "$audited" = 0 ]; then
      echo "ATTENTION : aucun paquet n'a pu être audité ($skipped inconnus du service de vulnérabilités :"
      echo "            réseau fermé ou miroir sans l'API JSON de PyPI). Audit NON FAIT ; relancer 'make audit' avec accès à pypi.org."
    else
      echo "pip-audit : aucune vulnérabilité connue ($audited paquets audités, $skipped inconnus du service)."
    fi
    exit 0 ;;
  unreachable)
    echo "ATTENTION : le service de vulnérabilités est injoignable (pip-audit, code $status). Audit NON FAIT."
    tail -n 1 "$errors"
    exit 0 ;;
  failed)
    echo "pip-audit a échoué (code $status) :" >&2
    grep -v '^\s' "$errors" | tail -n 5 >&2
    exit 2 ;;
  *)
    echo "Vulnérabilités connues dans les dépendances épinglées :"; echo "$summary"
    echo "Mettre à jour la version dans requirements/*.in puis recompiler (voir README)."
    exit 1 ;;
esac
