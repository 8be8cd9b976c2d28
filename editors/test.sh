#!/usr/bin/env bash
# The editor tests of trustlint, with the real editors:
#   Neovim (Debian's neovim): the Lua plugin on a JavaScript, a Go and a Python project
#   Emacs 28 + eglot (Debian's emacs-nox, elpa-eglot): trustlint.el, quick fix and fix-all
#   VS Code: unit tests, `npm run package` -> trustlint.vsix, and the .vsix installed into
#            code-server 4.100.3 driven through Debian's headless Chromium by playwright-core
#
# 1. installs what is missing (apt packages, npm ci in editors/vscode, code-server into
#    editors/vscode/.e2e-cache), 2. builds trustlint into a temp dir, 3. runs the tests; a
#    missing editor is a failure, never a skip. Last line: "N passed, M failed"; exit 1 on
#    any failure. Screenshots of the VS Code run: editors/.artifacts/vscode/.
#
#   editors/test.sh                 everything (what .ci/run calls)
#   E2E_ONLY="nvim emacs" editors/test.sh     only the tests whose names start so
#   SKIP_INSTALL=1 editors/test.sh  install nothing (a missing tool fails its tests)
set -u
EDITORS=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$EDITORS/.." && pwd)
VSCODE="$EDITORS/vscode"
export E2E_CACHE=${E2E_CACHE:-$VSCODE/.e2e-cache}
APT_PACKAGES="neovim emacs-nox elpa-eglot chromium ripgrep libkrb5-dev build-essential python3 pkg-config"
T_START=$(date +%s.%N)

say() { printf '[editors] %s\n' "$*" >&2; }
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

PASSED=0
FAILED=0
SUMMARY=()
record() {  # $1 = name, $2 = 0 pass / else fail, $3 = seconds, $4 = reason
  if [ "$2" = 0 ]; then PASSED=$((PASSED + 1)); SUMMARY+=("PASS $1 (${3}s)")
  else FAILED=$((FAILED + 1)); SUMMARY+=("FAIL $1 (${3}s): $4"); fi
}
selected() {  # is test $1 selected by E2E_ONLY?
  [ -z "${E2E_ONLY:-}" ] && return 0
  local p; for p in $E2E_ONLY; do case "$1" in "$p"*) return 0 ;; esac; done
  return 1
}
selected_group() {  # is any test of group $1 (vscode, nvim, emacs) selected?
  [ -z "${E2E_ONLY:-}" ] && return 0
  local p; for p in $E2E_ONLY; do case "$p" in "$1"*) return 0 ;; esac; case "$1" in "$p"*) return 0 ;; esac; done
  return 1
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/trustlint-editors.XXXXXX")
BG_PIDS=()
cleanup() {
  local p; for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. install -------------------------------------------------------------------
INSTALL_ERR_APT=
if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  t=$(date +%s.%N)
  missing=
  for p in $APT_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    SUDO=; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    say "apt-get install$missing"
    export DEBIAN_FRONTEND=noninteractive
    if ! { $SUDO apt-get update -q && $SUDO apt-get install -y --no-install-recommends $missing; } >"$WORK/apt.log" 2>&1; then
      tail -n 15 "$WORK/apt.log" >&2
      INSTALL_ERR_APT="apt-get install$missing failed"
    fi
    say "apt done in $(since "$t")s"
  fi
fi

# npm ci in editors/vscode and code-server: slow, so in the background while trustlint
# builds and the Neovim and Emacs tests run.
NPM_STATUS="$WORK/npm.status"
CS_STATUS="$WORK/code-server.status"
lock_sum() { cksum <"$VSCODE/package-lock.json" | cut -d' ' -f1; }
if [ "${SKIP_INSTALL:-0}" != 1 ] && selected_group vscode; then
  (
    t=$(date +%s.%N)
    if [ -f "$VSCODE/node_modules/.trustlint-lock" ] && [ "$(cat "$VSCODE/node_modules/.trustlint-lock")" = "$(lock_sum)" ]; then
      echo "0 skip" >"$NPM_STATUS"
    elif (cd "$VSCODE" && npm ci --no-audit --no-fund) >"$WORK/npm-ci.log" 2>&1; then
      lock_sum >"$VSCODE/node_modules/.trustlint-lock"
      echo "0 $(since "$t")" >"$NPM_STATUS"
    else
      echo "1 npm ci failed: $(tail -n 3 "$WORK/npm-ci.log" | tr '\n' ' ')" >"$NPM_STATUS"
    fi
  ) &
  BG_PIDS+=($!)
  (
    t=$(date +%s.%N)
    if "$VSCODE/test/install-code-server.sh" >"$WORK/install-code-server.log" 2>&1; then
      echo "0 $(since "$t")" >"$CS_STATUS"
    else
      echo "1 $(tail -n 3 "$WORK/install-code-server.log" | tr '\n' ' ')" >"$CS_STATUS"
    fi
  ) &
  BG_PIDS+=($!)
fi

# --- 2. build trustlint -----------------------------------------------------------
BIN="$WORK/bin/trustlint"
t=$(date +%s.%N)
if (cd "$REPO" && go build -o "$BIN" ./cmd/trustlint) >"$WORK/build.log" 2>&1; then
  say "built $BIN in $(since "$t")s"
else
  cat "$WORK/build.log" >&2
  say "go build ./cmd/trustlint failed: every test fails"
  BIN=
fi
export TRUSTLINT_BIN=$BIN

# --- 3. the tests ------------------------------------------------------------------
run_test() {  # $1 = name, rest = command; its last line is the verdict
  local name=$1; shift
  selected "$name" || return 0
  local t log rc reason
  t=$(date +%s.%N)
  log="$WORK/$name.log"
  if [ -z "$BIN" ]; then record "$name" 1 0 "trustlint did not build"; return; fi
  [ -n "$INSTALL_ERR_APT" ] && say "note: $INSTALL_ERR_APT"
  say "--- $name"
  "$@" >"$log" 2>&1
  rc=$?
  if [ "$rc" = 0 ]; then tail -n 1 "$log" >&2
  else tail -n 40 "$log" >&2; fi
  reason=$(tail -n 1 "$log" | cut -c1-300)
  record "$name" "$rc" "$(since "$t")" "$reason"
}

nvim_case() {  # $1 fixture dir, $2 file, $3 expected text
  E2E_FIXTURE="$EDITORS/testdata/$1" E2E_OPEN=$2 EXPECT_FIXED=$3 "$EDITORS/nvim/test/run.sh"
}
emacs_case() {  # $1 mode, $2 fixture dir, $3 file, $4 expected text
  E2E_MODE=$1 E2E_FIXTURE="$EDITORS/testdata/$2" E2E_OPEN=$3 EXPECT_FIXED=$4 "$EDITORS/emacs/test/run.sh"
}
run_test nvim-js nvim_case js app.js 'const apiKey = process.env.OPENAI_API_KEY;'
run_test nvim-go nvim_case go main.go 'var openaiKey = os.Getenv("OPENAI_API_KEY")'
run_test nvim-py nvim_case python settings.py 'openai_api_key = os.environ["OPENAI_API_KEY"]'
run_test emacs-js-quickfix emacs_case quickfix js app.js 'const apiKey = process.env.OPENAI_API_KEY;'
run_test emacs-py-fixall emacs_case fixall python settings.py 'openai_api_key = os.environ["OPENAI_API_KEY"]'

wait_status() {  # $1 = status file, $2 = what; prints "" when ready, else the reason
  [ "${SKIP_INSTALL:-0}" = 1 ] && return 0
  if [ ! -f "$1" ]; then echo "$2: install did not finish"; return 0; fi
  case "$(cat "$1")" in
    0\ *) say "$2 ready ($(cut -d' ' -f2- "$1")s)" ;;
    *) echo "$2: $(cut -d' ' -f2- "$1")" ;;
  esac
}
if selected_group vscode; then
  for pid in "${BG_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  BG_PIDS=()
  err=$(wait_status "$NPM_STATUS" "npm ci"; wait_status "$CS_STATUS" "code-server")
  vscode_unit() {  # on the out/ that vscode-package compiled (tsc once)
    [ -z "$err" ] || { echo "FAIL: $err"; return 1; }
    [ -f "$VSCODE/out/test/unit.test.js" ] || (cd "$VSCODE" && npx tsc -p .) || { echo "FAIL: tsc"; return 1; }
    (cd "$VSCODE" && node --test out/test/unit.test.js) && echo "PASS vscode-unit"
  }
  vscode_package() {
    [ -z "$err" ] || { echo "FAIL: $err"; return 1; }
    rm -f "$VSCODE/trustlint.vsix"
    (cd "$VSCODE" && TRUSTLINT_BINARY="$BIN" npm run --silent package) || { echo "FAIL: npm run package"; return 1; }
    [ -f "$VSCODE/trustlint.vsix" ] || { echo "FAIL: no trustlint.vsix"; return 1; }
    echo "PASS vscode-package ($(du -h "$VSCODE/trustlint.vsix" | cut -f1) trustlint.vsix)"
  }
  vscode_e2e() { [ -z "$err" ] || { echo "FAIL: $err"; return 1; }; "$VSCODE/test/run.sh"; }
  run_test vscode-package vscode_package
  run_test vscode-unit vscode_unit
  run_test vscode-e2e vscode_e2e
fi

echo
for line in "${SUMMARY[@]}"; do echo "$line"; done
say "editor stage took $(since "$T_START")s"
[ -d "$EDITORS/.artifacts/vscode" ] && say "VS Code screenshots: $EDITORS/.artifacts/vscode/"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ] && [ "$PASSED" -gt 0 ]
