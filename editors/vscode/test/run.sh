#!/usr/bin/env bash
# VS Code end-to-end test of the packaged extension: trustlint.vsix installed into a
# fresh code-server 4.100.3 (VS Code 1.100 in the browser), driven through Debian's
# headless Chromium by playwright-core (e2e.js). Exit 0 = pass; the last line is the
# verdict. Screenshots are copied to $E2E_ARTIFACTS (default editors/.artifacts/vscode).
#   TRUSTLINT_BIN=/abs/trustlint [E2E_VSIX=editors/vscode/trustlint.vsix] vscode/test/run.sh
# Needs: test/install-code-server.sh run once, `npm ci` here, chromium (CHROMIUM overrides).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
EXT=$(cd "$HERE/.." && pwd)
E2E_NAME=vscode
. "$HERE/../../e2e/common.sh"
: "${E2E_FIXTURE:=$EDITORS_DIR/testdata}" "${E2E_OPEN:=js/app.js}"
: "${EXPECT_CODE:=TL101}" "${EXPECT_DIAG:=Hardcoded OpenAI API key}" "${FIX_TITLE:=Read OPENAI_API_KEY from the environment}"
: "${EXPECT_FIXED:=const apiKey = process.env.OPENAI_API_KEY;}" "${EXPECT_GONE:=sk-proj-}"
export E2E_FIXALL_OPEN=${E2E_FIXALL_OPEN:-python/settings.py}
export E2E_FIXALL_EXPECT=${E2E_FIXALL_EXPECT:-openai_api_key = os.environ[\"OPENAI_API_KEY\"]}
export E2E_SCAN_EXPECT=${E2E_SCAN_EXPECT:-main.go}
E2E_CACHE=${E2E_CACHE:-$EXT/.e2e-cache}
CODE_SERVER=${CODE_SERVER:-$E2E_CACHE/code-server/node_modules/.bin/code-server}
E2E_VSIX=${E2E_VSIX:-$EXT/trustlint.vsix}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
E2E_ARTIFACTS=${E2E_ARTIFACTS:-$EDITORS_DIR/.artifacts/vscode}

[ -x "$CODE_SERVER" ] || e2e_die "code-server not installed in $E2E_CACHE (run vscode/test/install-code-server.sh)"
[ -f "$E2E_VSIX" ] || e2e_die "no $E2E_VSIX (run npm ci && npm run package in editors/vscode)"
[ -d "$EXT/node_modules/playwright-core" ] || e2e_die "playwright-core missing (run npm ci in editors/vscode)"
[ -n "$CHROMIUM" ] && [ -x "$CHROMIUM" ] || e2e_die "chromium not found (apt-get install chromium, or set CHROMIUM)"

e2e_setup vscode 240
W=$E2E_WORK
copy_shots() { mkdir -p "$E2E_ARTIFACTS" && rm -f "$E2E_ARTIFACTS"/*.png && cp "$W"/shots/*.png "$E2E_ARTIFACTS"/ 2>/dev/null; return 0; }
E2E_ON_EXIT_HOOK=copy_shots

mkdir -p "$W/user/User" "$W/ext" "$W/shots" "$W/bin"
cp "$HERE/settings.json" "$W/user/User/settings.json"
export TRUSTLINT_VSCODE_STATUS_FILE="$W/extension.log"   # the extension logs its state here
COMMON=(--user-data-dir "$W/user" --extensions-dir "$W/ext")
e2e_spawn_for 120 "$CODE_SERVER" "${COMMON[@]}" --install-extension "$E2E_VSIX" >"$W/install-extension.log" 2>&1
wait "$E2E_LAST_PID" || e2e_die "--install-extension failed: $(tail -n 1 "$W/install-extension.log")"

# A fresh code-server on a free port of 127.0.0.1; the --disable-* flags stop its
# telemetry, update, trust and welcome lookups.
e2e_spawn_for $((E2E_TIMEOUT + 30)) "$CODE_SERVER" "${COMMON[@]}" --bind-addr 127.0.0.1:0 --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$E2E_WS" >"$W/code-server.log" 2>&1
CS_PID=$E2E_LAST_PID
port=
for _ in $(seq 1 240); do
  port=$(sed -n 's#.*HTTP server listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*#\1#p' "$W/code-server.log" | head -n 1)
  [ -n "$port" ] && break
  kill -0 "$CS_PID" 2>/dev/null || e2e_die "code-server exited: $(tail -n 1 "$W/code-server.log")"
  sleep 0.25
done
[ -n "$port" ] || e2e_die "code-server did not listen within 60s"
e2e_log "code-server on 127.0.0.1:$port"

# Playwright starts Chromium in a process group of its own: record it for the cleanup.
cat >"$W/bin/chromium" <<'SH'
#!/bin/sh
echo $$ >"$E2E_WORK/chromium.pgid"
exec "$E2E_CHROMIUM_BIN" "$@"
SH
chmod +x "$W/bin/chromium"
export E2E_CHROMIUM_BIN="$CHROMIUM" E2E_CHROMIUM="$W/bin/chromium" E2E_SHOTS="$W/shots" \
  CS_URL="http://127.0.0.1:$port" NODE_PATH="$EXT/node_modules"
e2e_spawn node "$HERE/e2e.js"
wait "$E2E_LAST_PID"
e2e_check_result $?
