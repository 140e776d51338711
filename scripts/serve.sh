#!/usr/bin/env bash
# Run the Participa demo on http://127.0.0.1:8000 with SQLite and the development settings.
#
#   bash scripts/serve.sh
#
# Creates .venv (Python 3.11+) if missing, installs requirements.txt when it changed, migrates,
# loads the demo data (idempotent; prints the demo accounts) and starts the development server.
# Environment: PYTHON (interpreter used to create .venv), PORT (default 8000).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/venv.sh
source scripts/venv.sh

ensure_venv requirements.txt

export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-portal.settings.dev}"

echo "==> Migrating the database"
.venv/bin/python manage.py migrate --noinput

echo "==> Loading the demo data"
# --refresh-schedules: the open calls' relative dates follow today, so intake is always open.
.venv/bin/python manage.py seed_demo --refresh-schedules

echo "==> Serving on http://127.0.0.1:${PORT:-8000}/ (Ctrl+C to stop)"
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}"
