#!/usr/bin/env bash
# Fails (and lists the files) when a C++ source is not clang-formatted with the root
# .clang-format. Prints "N passed, M failed" over the files checked.
set -euo pipefail
cd "$(dirname "$0")/.."
passed=0
failed=0
while IFS= read -r f; do
  if clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    passed=$((passed + 1))
  else
    echo "not formatted: $f (run clang-format -i $f)"
    failed=$((failed + 1))
  fi
done < <(git ls-files '*.cc' '*.h')
echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
