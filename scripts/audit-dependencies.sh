#!/usr/bin/env bash
# `make audit`: the pinned dependencies against the known-vulnerability database (pip-audit, PyPI service).
# A known vulnerability fails. When the service cannot be reached or does not know a release (a private
# mirror, no network), it says so and does not fail: the audit could not happen, which is not a pass either.
set -uo pipefail
cd "$(dirname "$0")/.."
report=$(mktemp)
trap 'rm -f "$report"' EXIT

.venv/bin/pip-audit -r requirements/base.txt -r requirements/dev.txt --require-hashes --disable-pip \
  --progress-spinner off --format json --output "$report" 2>"$report.err"
status=$?
summary=$(.venv/bin/python - "$report" <<'PY'
import json, sys
try:
    data = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print("unreadable"); sys.exit()
dependencies = data.get("dependencies", [])
vulnerable = [f"{d['name']} {d['version']}: {', '.join(v['id'] for v in d['vulns'])}" for d in dependencies if d.get("vulns")]
skipped = sum(1 for d in dependencies if d.get("skip_reason"))
print("\n".join(vulnerable) if vulnerable else f"ok {len(dependencies) - skipped} {skipped}")
PY
)
rm -f "$report.err"
case "$summary" in
  ok\ *)
    read -r _ audited skipped <<<"$summary"
    echo "pip-audit : aucune vulnérabilité connue ($audited paquets audités, $skipped inconnus du service)."
    [ "$audited" = 0 ] && echo "ATTENTION : aucun paquet n'a pu être audité (service de vulnérabilités injoignable ?)."
    exit 0 ;;
  unreadable)
    echo "ATTENTION : pip-audit n'a pas pu interroger le service de vulnérabilités (code $status) : audit non fait."
    exit 0 ;;
  *)
    echo "Vulnérabilités connues dans les dépendances :"; echo "$summary"; exit 1 ;;
esac
