#!/usr/bin/env bash
# The test command: a virtual environment with the pinned dependencies, lint, then the tests.
#   bash scripts/test.sh            # everything (browser tests need /usr/bin/chromium)
#   bash scripts/test.sh -k corpus  # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
# shellcheck disable=SC1091
source .venv/bin/activate
python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
ruff check .
python -m pytest "$@"
