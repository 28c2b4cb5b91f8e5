#!/usr/bin/env bash
# Install the Debian packages Groundwork needs, when running as root; otherwise say what is missing.
set -euo pipefail

packages=(libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core fonts-noto-cjk)
if [[ "${1:-}" == "--with-browser" ]]; then
    packages+=(chromium)
fi
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
    packages+=(postgresql-client)  # pg_dump and pg_restore, for manage.py backup/restore and its test
fi
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    packages+=(python3-venv)
fi

missing=()
for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ "$(id -u)" -ne 0 ]]; then
    echo "Groundwork needs these Debian packages, which are not installed:" >&2
    echo "    sudo apt-get install ${missing[*]}" >&2
    echo "Install them (or run make as root), then run make again." >&2
    exit 1
fi
if ! command -v apt-get >/dev/null; then
    echo "Please install the equivalents of: ${missing[*]} (apt-get is not available here)." >&2
    exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
