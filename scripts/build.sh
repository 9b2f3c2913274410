#!/usr/bin/env bash
# Configures and builds Firn into build/ (the server binary is build/firn).
#   scripts/build.sh [extra cmake args...]
# BUILD_DIR overrides the folder (the sanitizer build uses build-asan/).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
