#!/usr/bin/env bash
# The whole suite: static checks, then pytest on SQLite (embedded mode) and again on
# PostgreSQL + Redis (scaled mode). Installs the system packages the browser tests need.
#
# On each database the suite runs twice: the main run (`-m "not browser"`), with Django's
# async-safety guard on, then the browser run (`-m browser`) in a process of its own, which
# lifts the guard for Playwright (tests/conftest.py says why). Arguments go to every run.
# A run that fails, or collects no test at all (pytest's exit code 5), fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

banner() { printf '\n==================== %s ====================\n' "$*"; }

ensure_system_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi -E 'wqy|noto sans cjk' || missing+=(fonts-wqy-microhei)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "!! Missing system packages: ${missing[*]} — install them with apt-get (needs root)." >&2
    exit 1
  fi
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

pg_url=${WALLETDESK_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/walletdesk}
redis_url=${WALLETDESK_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}

services_up() {
  pg_isready -q -h 127.0.0.1 -p 5432 && redis-cli -u "$redis_url" ping 2>/dev/null | grep -q PONG
}

ensure_services() {
  services_up && return 0
  echo "PostgreSQL or Redis is not answering; trying to start them."
  if ! pg_isready -q -h 127.0.0.1 -p 5432 && command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  if ! redis-cli -u "$redis_url" ping >/dev/null 2>&1 && command -v redis-server >/dev/null; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
  fi
  for _ in $(seq 1 20); do services_up && return 0; sleep 1; done
  return 1
}

banner "system packages"
ensure_system_packages

banner "static checks"
scripts/lint.sh

run_pytest() {  # run_pytest LABEL MARKS [pytest args…]
  local label=$1 marks=$2; shift 2
  local status=0
  $BIN/pytest -m "$marks" "$@" || status=$?
  if [ "$status" -eq 5 ]; then
    echo "!! $label: no test was collected. That is a failure, not a pass." >&2
  elif [ "$status" -ne 0 ]; then
    echo "!! $label: pytest failed (exit $status)." >&2
  fi
  return "$status"
}

banner "suite on SQLite (embedded mode)"
unset DATABASE_URL REDIS_URL
run_pytest "SQLite, main run" "not browser" "$@"
banner "browser tests on SQLite (embedded mode)"
run_pytest "SQLite, browser run" "browser" "$@"

banner "suite on PostgreSQL + Redis (scaled mode)"
if ! ensure_services; then
  cat >&2 <<MSG

!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!! PostgreSQL ($pg_url) or Redis ($redis_url) is not reachable.
!! The scaled-mode suite did NOT run, so this is a FAILURE, not a pass.
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
MSG
  exit 1
fi
redis-cli -u "$redis_url" flushdb >/dev/null
export DATABASE_URL=$pg_url REDIS_URL=$redis_url
run_pytest "PostgreSQL + Redis, main run" "not browser" "$@"
banner "browser tests on PostgreSQL + Redis (scaled mode)"
redis-cli -u "$redis_url" flushdb >/dev/null
run_pytest "PostgreSQL + Redis, browser run" "browser" "$@"
