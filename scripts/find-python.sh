#!/usr/bin/env bash
# Print the first Python >= 3.11 found ($PYTHON, python3, python3.13, python3.12, python3.11).
set -euo pipefail
for candidate in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
  if [ -n "$candidate" ] && command -v "$candidate" >/dev/null \
    && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "$candidate"
    exit 0
  fi
done
echo "Python >= 3.11 introuvable (Debian 12 : apt-get install python3 ; ou PYTHON=/chemin/vers/python3.11)." >&2
exit 1
