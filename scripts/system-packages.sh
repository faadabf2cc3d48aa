#!/usr/bin/env bash
# Install the Debian/Ubuntu packages `make run` needs and that are missing, as root or with sudo:
# the venv module; gettext once the project has .po files; WeasyPrint's libraries once it is a dependency.
# (`make test` never calls this; CI installs its own list in .ci/run.)
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
have_package() { dpkg -s "$1" >/dev/null 2>&1; }

if [ ! -x .venv/bin/python ]; then
  python=$(scripts/find-python.sh)
  if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
    [ "$python" = python3 ] && missing+=(python3-venv) || missing+=("$python-venv")
  fi
fi
if [ -n "$(find . -path ./.venv -prune -o -name '*.po' -print -quit)" ] && ! command -v msgfmt >/dev/null; then
  missing+=(gettext)
fi
if grep -qi '^weasyprint==' requirements/base.txt; then
  for package in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
    have_package "$package" || missing+=("$package")
  done
fi

[ ${#missing[@]} -eq 0 ] && exit 0
echo "Paquets système manquants : ${missing[*]}"
if ! command -v apt-get >/dev/null; then
  echo "Installez-les avec le gestionnaire de paquets de votre système, puis relancez." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "Lancez en root : apt-get install -y ${missing[*]}" >&2
  exit 1
fi
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
