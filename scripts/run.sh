#!/usr/bin/env bash
# The first command: install dependencies, build, and serve the embedded default
# (127.0.0.1:5433, warehouse ./firn-data, logs on stderr). Extra arguments go to
# `firn serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/firn serve "$@"
