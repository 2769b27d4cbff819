#!/usr/bin/env bash
# The Python environment of the Python-package and Spark tests (tests/python.rs runs this):
# a virtual environment holding pytest, maturin and pyspark, and the vnplan package
# installed from this repository with pip (`pip install ./python`, as a user would).
#
#   scripts/pyenv.sh VENV_DIR CARGO_BUILD_DIR
#
# Idempotent and safe to run from several test processes at once: one flock serialises
# them; the tools are installed only when missing (or when the list below changes), the
# package only when its sources changed since the last install. Prints the venv's python
# on the last line of stdout. Needs python3 (with venv and pip) and, for the wheel, cargo.
set -euo pipefail

venv=${1:?usage: scripts/pyenv.sh VENV_DIR CARGO_BUILD_DIR}
build=${2:?usage: scripts/pyenv.sh VENV_DIR CARGO_BUILD_DIR}
repo=$(cd "$(dirname "$0")/.." && pwd)
# Versions the tests were written against; pyspark comes as an sdist (~460 MB) that pip
# builds into a wheel. --no-cache-dir: pip's cache would keep a second and third copy
# (the download and the built wheel) for nothing, since the venv keeps the installed tools
# until this list changes; on a machine short of disk that copy is what fails.
tools=("pytest>=8,<10" "maturin>=1.9,<2" "pyspark>=4.0,<5")

mkdir -p "$(dirname "$venv")" "$build"
exec 9>"$venv.lock"
flock 9

py="$venv/bin/python"
if [[ ! -x $py ]] || ! "$py" -c 'import sys' 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv" >&2
fi

tools_stamp="$venv/.vnplan-tools"
if [[ $(cat "$tools_stamp" 2>/dev/null) != "${tools[*]}" ]]; then
    echo "pyenv: installing ${tools[*]} into $venv (pyspark: ~460 MB the first time)" >&2
    if ! "$py" -m pip install --quiet --disable-pip-version-check --no-cache-dir "${tools[@]}" >&2; then
        echo "pyenv: pip failed; free disk where the venv lives: $(df -h --output=avail "$venv" | tail -1 | tr -d ' ')" >&2
        exit 1
    fi
    printf '%s' "${tools[*]}" >"$tools_stamp"
fi

# Everything the wheel is built from: both crates' manifests and sources, the lock files,
# the Python side of the package.
sources=$(cd "$repo" && for p in Cargo.toml Cargo.lock src python/Cargo.toml python/Cargo.lock python/pyproject.toml python/src python/vnplan; do
    if [[ -e $p ]]; then find "$p" -type f; fi
done | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
pkg_stamp="$venv/.vnplan-package"
if [[ $(cat "$pkg_stamp" 2>/dev/null) != "$sources" ]] || ! "$py" -c 'import vnplan' 2>/dev/null; then
    echo "pyenv: pip install ./python (maturin release build in $build)" >&2
    # No build isolation: maturin is in the venv already (its build hook runs `maturin` from
    # PATH), so nothing is fetched for the build.
    (cd "$repo" && PATH="$venv/bin:$PATH" CARGO_TARGET_DIR="$build" "$py" -m pip install --quiet --disable-pip-version-check --no-cache-dir \
        --no-build-isolation --no-deps --force-reinstall ./python) >&2
    printf '%s' "$sources" >"$pkg_stamp"
fi
echo "$py"
