#!/usr/bin/env bash
# Installs the Debian packages Firn needs. Idempotent: runs apt-get only for what is
# missing, and `apt-get update` at most once.
#   scripts/install-deps.sh          build + run dependencies
#   scripts/install-deps.sh --test   also everything the test suite drives (PostgreSQL as
#                                    the oracle, real clients)
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libpg-query-dev nlohmann-json3-dev libssl-dev
  libzstd-dev libsnappy-dev zlib1g-dev libsqlite3-dev
  libgtest-dev tzdata libtcmalloc-minimal4
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(
    clang clang-format libclang-rt-14-dev
    postgresql postgresql-client
    python3 python3-psycopg2 python3-psycopg
    python3-sqlalchemy python3-alembic python3-pandas openjdk-17-jdk-headless
    libpostgresql-jdbc-java
    python3-avro nodejs python3-sklearn
  )
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
