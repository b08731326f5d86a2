#!/usr/bin/env bash
# The whole suite: static checks, then pytest on SQLite (embedded mode) and again on
# PostgreSQL + Redis (scaled mode). Installs the system packages the browser tests need.
#
# On each database the suite runs twice: the main run (`-m "not browser"`), with Django's
# async-safety guard on, then the browser run (`-m browser`) in a process of its own, which
# lifts the guard for Playwright (tests/conftest.py says why). Arguments go to every run.
# A run that fails, or collects no test at all (pytest's exit code 5), fails the script.
#
# The two databases' runs go side by side, one lane each, so that both of the machine's cores
# work: nothing is shared between them (each run has its own data directory, temporary folder
# and database; only the PostgreSQL lane uses Redis). Each lane writes its log to a file,
# printed whole when the lane ends, SQLite's first. Within a lane a failed run stops the lane,
# as it stopped the script before. WALLETDESK_TEST_LANES=1 runs the lanes one after the other.
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

lane_sqlite() {
  banner "suite on SQLite (embedded mode)"
  unset DATABASE_URL REDIS_URL
  run_pytest "SQLite, main run" "not browser" "$@"
  banner "browser tests on SQLite (embedded mode)"
  run_pytest "SQLite, browser run" "browser" "$@"
}

lane_postgres() {
  banner "suite on PostgreSQL + Redis (scaled mode)"
  if ! ensure_services; then
    cat >&2 <<MSG

!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!! PostgreSQL ($pg_url) or Redis ($redis_url) is not reachable.
!! The scaled-mode suite did NOT run, so this is a FAILURE, not a pass.
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
MSG
    return 1
  fi
  redis-cli -u "$redis_url" flushdb >/dev/null
  export DATABASE_URL=$pg_url REDIS_URL=$redis_url
  run_pytest "PostgreSQL + Redis, main run" "not browser" "$@"
  banner "browser tests on PostgreSQL + Redis (scaled mode)"
  redis-cli -u "$redis_url" flushdb >/dev/null
  run_pytest "PostgreSQL + Redis, browser run" "browser" "$@"
}

lanes_dir=$(mktemp -d "${TMPDIR:-/tmp}/walletdesk-lanes-XXXXXX")
declare -A lane_pid=()
stop_lanes() {  # each lane is a process group of its own (set -m): stop what still runs
  local pid
  for pid in "${lane_pid[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
}
trap 'rm -rf "$lanes_dir"' EXIT
trap 'stop_lanes; exit 130' INT TERM
set -m

start_lane() {  # start_lane NAME [pytest args…]: the lane in a subshell of its own, logged
  local name=$1; shift
  mkdir -p "$lanes_dir/$name/tmp"
  # Each lane's pytest keeps its temporary folders under a root of its own.
  ( set -e; export PYTEST_DEBUG_TEMPROOT="$lanes_dir/$name/tmp"; "lane_$name" "$@" ) \
    >"$lanes_dir/$name.log" 2>&1 </dev/null &
  lane_pid[$name]=$!
}

finish_lane() {  # finish_lane NAME: wait for the lane, print its log, return its status
  local status=0
  wait "${lane_pid[$1]}" || status=$?
  unset "lane_pid[$1]"
  cat "$lanes_dir/$1.log"
  return "$status"
}

sqlite_status=0 postgres_status=0
if [ "${WALLETDESK_TEST_LANES:-2}" = 1 ]; then
  start_lane sqlite "$@"; finish_lane sqlite || sqlite_status=$?
  start_lane postgres "$@"; finish_lane postgres || postgres_status=$?
else
  echo "The SQLite and the PostgreSQL + Redis lanes run side by side; each log follows when it ends."
  start_lane sqlite "$@"
  start_lane postgres "$@"
  finish_lane sqlite || sqlite_status=$?
  finish_lane postgres || postgres_status=$?
fi

# On success the output still ends with the last run's own pytest summary.
if [ "$sqlite_status" -ne 0 ] || [ "$postgres_status" -ne 0 ]; then
  banner "summary"
  [ "$sqlite_status" -ne 0 ] && echo "!! SQLite lane FAILED (exit $sqlite_status)." >&2
  [ "$postgres_status" -ne 0 ] && echo "!! PostgreSQL + Redis lane FAILED (exit $postgres_status)." >&2
  [ "$sqlite_status" -ne 0 ] && exit "$sqlite_status"
  exit "$postgres_status"
fi
