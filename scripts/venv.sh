# Shared by scripts/serve.sh and scripts/test.sh: a Python 3.11+ virtualenv in .venv.
# Sourced, not run: expects to be in the repository root.

# The distribution's /usr/bin/python3 comes before the PATH's python3: distributions build it with
# profile-guided and link-time optimisation, which pyenv's default build lacks (the ballot path ran
# about a fifth slower on pyenv's 3.11 here). Either must be 3.11+ and able to create a venv
# (Debian: python3-venv). PYTHON=/path/to/python3 chooses.
find_python() {
    local candidate
    for candidate in "${PYTHON:-}" /usr/bin/python3 python3 python3.13 python3.12 python3.11; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "Participa needs Python 3.11 or newer (set PYTHON=/path/to/python3)." >&2
    return 1
}

# ensure_venv REQUIREMENTS_FILE...: create .venv and pip install the files when their hash changed.
ensure_venv() {
    if ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        local python
        python="$(find_python)"
        echo "==> Creating .venv with $("$python" --version)"
        rm -rf .venv
        "$python" -m venv .venv
    fi
    local stamp=".venv/.participa-$(basename "$1" .txt).sha256"
    local wanted
    wanted="$(cat requirements*.txt | sha256sum | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
        echo "==> Installing $* into .venv"
        .venv/bin/python -m pip install -qq --disable-pip-version-check --upgrade pip || true
        local args=()
        local file
        for file in "$@"; do args+=(-r "$file"); done
        .venv/bin/python -m pip install -qq --disable-pip-version-check "${args[@]}"
        echo "$wanted" >"$stamp"
    fi
}
