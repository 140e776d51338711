#!/usr/bin/env bash
# Run the whole test suite (extra arguments go to pytest):
#
#   bash scripts/test.sh
#   bash scripts/test.sh -m "not e2e" -x
#   bash scripts/test.sh -n 0 tests/convocatorias/test_calls.py        (one process, e.g. to use --pdb)
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test bash scripts/test.sh --create-db
#
# Creates .venv (Python 3.11+) if missing and installs requirements-dev.txt when it changed.
# The browser tests (marker e2e) run in /usr/bin/chromium; without it they are skipped, unless
# E2E_REQUIRED=1 (as in CI), where they fail.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/venv.sh
source scripts/venv.sh

ensure_venv requirements-dev.txt

if [ ! -x /usr/bin/chromium ]; then
    echo "Note: /usr/bin/chromium is missing; the e2e tests will be skipped (apt-get install chromium)." >&2
fi

# pytest.ini chooses portal.settings.test; an exported DJANGO_SETTINGS_MODULE (say, the dev
# settings) would take precedence over it, so drop it. Use `--ds=...` to pick other settings.
unset DJANGO_SETTINGS_MODULE

# The suite runs on every core with pytest-xdist (one test database per worker); pass `-n 0` (or
# your own `-n N`) to choose, e.g. `-n 0` to debug with pdb.
parallel=(-n auto)
for argument in "$@"; do
    case "$argument" in
        -n|-n*|--numprocesses|--numprocesses=*|no:xdist|-pno:xdist) parallel=() ;;
    esac
done

# pytest's own exit status is this script's: 1 failures, 2 interrupted, 5 no tests collected.
exec .venv/bin/python -m pytest "${parallel[@]}" "$@"
