#!/usr/bin/env bash
# Static checks: lint, format, types, layer contracts, file sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
echo "== ruff"; $BIN/ruff check walletdesk tests bench scripts
echo "== ruff format"; $BIN/ruff format --check walletdesk tests bench scripts
echo "== mypy"; $BIN/mypy walletdesk
echo "== import contracts"; $BIN/lint-imports
echo "== file sizes"
big=$(git ls-files '*.py' '*.html' '*.js' | grep -v -E '(^|/)(migrations|vendor)/' | xargs wc -l \
      | awk '$2 != "total" && $1 > 500 {print "  " $2 " (" $1 " lines)"}')
if [ -n "$big" ]; then echo "Files over 500 lines:"; echo "$big"; exit 1; fi
echo "lint ok"
