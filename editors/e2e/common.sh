# common.sh: shared setup of the editor end-to-end tests (nvim, emacs, vscode). Sourced.
#
# Each run gets a fresh `mktemp -d` work dir with HOME, XDG_* and TMPDIR inside it and a
# copy of a fixture project (ws/). Every process it starts runs in its own process group
# under `timeout`, and all the groups are killed on exit. The work dir is removed after a
# pass and kept after a failure. The last line printed is the verdict:
#   PASS <name> (1.2s)      or      FAIL <name>: <reason> (after 3.4s; logs in <dir>)
#
# Inputs (environment):
#   TRUSTLINT_BIN   absolute path of the trustlint binary under test (required)
#   E2E_FIXTURE     fixture project dir, copied to $E2E_WORK/ws
#   E2E_OPEN        file to open, relative to the fixture dir
#   EXPECT_CODE, EXPECT_DIAG, FIX_TITLE, EXPECT_FIXED, EXPECT_GONE   what to see and do
#   E2E_TIMEOUT     whole run in seconds; E2E_STEP_TIMEOUT each wait
#   E2E_KEEP=1      keep the work dir after a pass too

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EDITORS_DIR=$(cd "$E2E_DIR/.." && pwd)
E2E_NAME=${E2E_NAME:-e2e}
E2E_PGIDS=()
E2E_WORK=
E2E_REASON=
E2E_T0=$(date +%s.%N)
: "${E2E_KEEP:=0}"

e2e_log() { printf '[%s] %s\n' "$E2E_NAME" "$*" >&2; }

# Fail with a one-line reason (the EXIT trap prints the verdict line).
e2e_die() {
  E2E_REASON=$(printf '%s' "$*" | tr '\n\t' '  ' | cut -c1-600)
  if [ -z "$E2E_WORK" ]; then echo "FAIL $E2E_NAME: $E2E_REASON"; exit 2; fi
  exit 1
}

e2e_setup() {  # $1 = test name, $2 = default time limit in seconds
  E2E_NAME=$1
  : "${E2E_TIMEOUT:=$2}"
  for tool in timeout mktemp; do command -v "$tool" >/dev/null || e2e_die "'$tool' not found"; done
  [ -n "${TRUSTLINT_BIN:-}" ] || e2e_die "TRUSTLINT_BIN is not set (path of the trustlint binary)"
  [ -x "$TRUSTLINT_BIN" ] || e2e_die "TRUSTLINT_BIN is not executable: $TRUSTLINT_BIN"
  case "$TRUSTLINT_BIN" in /*) ;; *) TRUSTLINT_BIN=$(cd "$(dirname "$TRUSTLINT_BIN")" && pwd)/$(basename "$TRUSTLINT_BIN") ;; esac
  [ -d "${E2E_FIXTURE:-}" ] || e2e_die "E2E_FIXTURE is not a directory: ${E2E_FIXTURE:-}"
  [ -f "$E2E_FIXTURE/${E2E_OPEN:-}" ] || e2e_die "E2E_OPEN not found in $E2E_FIXTURE: ${E2E_OPEN:-}"

  E2E_WORK=$(mktemp -d "${TMPDIR:-/tmp}/trustlint-e2e-$E2E_NAME.XXXXXX") || e2e_die "mktemp failed"
  trap e2e_on_exit EXIT
  trap 'E2E_REASON="interrupted"; exit 130' INT
  trap 'E2E_REASON="terminated"; exit 143' TERM HUP

  # Nothing may land in the real $HOME.
  mkdir -p "$E2E_WORK"/{home,config,data,cache,state,run,tmp}
  chmod 700 "$E2E_WORK/run"
  export HOME="$E2E_WORK/home" XDG_CONFIG_HOME="$E2E_WORK/config" XDG_DATA_HOME="$E2E_WORK/data" \
    XDG_CACHE_HOME="$E2E_WORK/cache" XDG_STATE_HOME="$E2E_WORK/state" XDG_RUNTIME_DIR="$E2E_WORK/run" \
    TMPDIR="$E2E_WORK/tmp"
  # The test edits and saves files, so it works on a copy of the fixture project.
  cp -R "$E2E_FIXTURE" "$E2E_WORK/ws" || e2e_die "cannot copy $E2E_FIXTURE"
  export E2E_WORK E2E_WS="$E2E_WORK/ws" E2E_FILE="$E2E_WORK/ws/$E2E_OPEN" E2E_RESULT="$E2E_WORK/result" \
    TRUSTLINT_BIN EXPECT_CODE EXPECT_DIAG FIX_TITLE EXPECT_FIXED EXPECT_GONE
  export TRUSTLINT_LOG_LEVEL=${TRUSTLINT_LOG_LEVEL:-debug}
  e2e_log "work dir $E2E_WORK; file $E2E_OPEN; trustlint $TRUSTLINT_BIN"
}

# Start "$@" in the background as its own process group, under a time limit.
# GNU timeout makes itself the group leader, so the group id is its pid.
e2e_spawn() { e2e_spawn_for "$E2E_TIMEOUT" "$@"; }
e2e_spawn_for() {  # $1 = limit in seconds, rest = command
  local limit=$1; shift
  timeout -k 5 "$limit" "$@" </dev/null &
  E2E_LAST_PID=$!
  E2E_PGIDS+=("$E2E_LAST_PID")
}

# Turn the editor's exit status plus its result file into pass or a reason.
e2e_check_result() {  # $1 = exit status of the editor process
  local rc=$1 res=""
  [ -f "$E2E_RESULT" ] && res=$(cat "$E2E_RESULT")
  if [ "$rc" = 0 ] && [ "$res" = PASS ]; then return 0; fi
  [ "$rc" = 124 ] && e2e_die "timed out after ${E2E_TIMEOUT}s"
  case "$res" in FAIL:*) e2e_die "${res#FAIL: }" ;; esac
  e2e_die "test process exited with status $rc without a verdict"
}

e2e_kill_groups() {
  local pg f alive i me pgids=("${E2E_PGIDS[@]}")
  me=$(ps -o pgid= -p $$ | tr -d ' ')
  for f in "$E2E_WORK"/*.pgid; do [ -f "$f" ] && pgids+=("$(cat "$f")"); done  # e.g. chromium
  for pg in "${pgids[@]}"; do
    case "$pg" in ''|*[!0-9]*|0|1) continue ;; esac
    [ "$pg" = "$me" ] && continue
    kill -TERM -- "-$pg" 2>/dev/null && continue
    [ "$(ps -o ppid= -p "$pg" 2>/dev/null | tr -d ' ')" = $$ ] && kill -TERM "$pg" 2>/dev/null
  done
  for i in $(seq 1 30); do
    alive=0
    for pg in "${pgids[@]}"; do
      case "$pg" in ''|*[!0-9]*|0|1) continue ;; esac
      [ "$pg" != "$me" ] && kill -0 -- "-$pg" 2>/dev/null && alive=1
    done
    [ $alive = 0 ] && return 0
    sleep 0.1
  done
  for pg in "${pgids[@]}"; do
    case "$pg" in ''|*[!0-9]*|0|1) continue ;; esac
    [ "$pg" != "$me" ] && kill -KILL -- "-$pg" 2>/dev/null
  done
  return 0
}

e2e_on_exit() {
  local rc=$? secs
  trap - EXIT INT TERM HUP
  e2e_kill_groups
  [ -n "${E2E_ON_EXIT_HOOK:-}" ] && "$E2E_ON_EXIT_HOOK" "$rc"
  secs=$(awk -v a="$E2E_T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  if [ "$rc" = 0 ]; then
    if [ "$E2E_KEEP" = 1 ]; then echo "PASS $E2E_NAME (${secs}s; work dir kept: $E2E_WORK)"
    else rm -rf "$E2E_WORK"; echo "PASS $E2E_NAME (${secs}s)"; fi
  else
    echo "FAIL $E2E_NAME: ${E2E_REASON:-exit status $rc} (after ${secs}s; logs in $E2E_WORK)"
  fi
  exit "$rc"
}
