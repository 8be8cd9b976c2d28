#!/usr/bin/env bash
# Installs code-server (VS Code 1.100 for the browser) into the e2e cache, once:
# editors/vscode/.e2e-cache/code-server (git-ignored). Re-running is cheap: every step
# already done is skipped. Needs Node 20, the npm registry, and from Debian: ripgrep,
# libkrb5-dev, build-essential, python3, pkg-config (editors/test.sh installs them).
#
# - 4.100.3 is the newest code-server that runs on Node 20.
# - @vscode/ripgrep downloads rg from GitHub in its postinstall; that host is not
#   reachable here, so its download cache is seeded with Debian's rg first.
# - native modules whose prebuilt download fails compile from source (node-gyp, with
#   the local Node headers); npm_config_unsafe_perm lets code-server's postinstall run
#   as root; npm_config_yes answers nested npx prompts.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
E2E_CACHE=${E2E_CACHE:-$(cd "$HERE/.." && pwd)/.e2e-cache}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.100.3}
RIPGREP_PKG_VERSION=1.15.11        # what code-server 4.100.3's @vscode/ripgrep looks for
RIPGREP_ASSET_VERSION=v13.0.0-10

say() { printf '[install code-server] %s\n' "$*" >&2; }
die() { printf '[install code-server] FAIL: %s\n' "$*" >&2; exit 1; }
mkdir -p "$E2E_CACHE/tmp" "$E2E_CACHE/logs"
E2E_CACHE=$(cd "$E2E_CACHE" && pwd)

export TMPDIR="$E2E_CACHE/tmp"
# npm's own cache (~/.npm) is kept: it outlives a fresh clone, so the tarballs are reused
export npm_config_devdir=${npm_config_devdir:-$E2E_CACHE/node-gyp}
export npm_config_unsafe_perm=true npm_config_yes=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
NODE_PREFIX=$(cd "$(dirname "$(command -v node || echo /usr/bin/node)")/.." && pwd)
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$NODE_PREFIX/include/node/node_api.h" ]; then
  export npm_config_nodedir="$NODE_PREFIX"   # node-gyp: local headers, no download
fi

command -v node >/dev/null || die "node not found (code-server $CODE_SERVER_VERSION needs Node 20)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" = 20 ] || die "Node $(node --version): code-server $CODE_SERVER_VERSION needs Node 20"

cs_dir="$E2E_CACHE/code-server"
cs_bin="$cs_dir/node_modules/.bin/code-server"
cs_works() {  # code-server writes a config even for --version: keep it out of $HOME
  HOME="$TMPDIR/home" XDG_CONFIG_HOME="$TMPDIR/home/.config" XDG_DATA_HOME="$TMPDIR/home/.local/share" \
    "$cs_bin" --version >/dev/null 2>&1
}
have=$(node -p "require('$cs_dir/node_modules/code-server/package.json').version" 2>/dev/null || true)
if [ "$have" = "$CODE_SERVER_VERSION" ] && cs_works; then
  say "skip: code-server $CODE_SERVER_VERSION already in $cs_dir"
  exit 0
fi

case "$(uname -m)" in
  x86_64) rg_target=x86_64-unknown-linux-musl ;;
  aarch64) rg_target=aarch64-unknown-linux-musl ;;
  *) die "no ripgrep seed for $(uname -m)" ;;
esac
rg_seed="$TMPDIR/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION/ripgrep-$RIPGREP_ASSET_VERSION-$rg_target.tar.gz"
if [ ! -s "$rg_seed" ]; then
  rg_bin=$(command -v rg) || die "rg not found (apt-get install ripgrep)"
  mkdir -p "$(dirname "$rg_seed")" "$TMPDIR/rg-stage"
  cp "$rg_bin" "$TMPDIR/rg-stage/rg"
  tar -czf "$rg_seed" -C "$TMPDIR/rg-stage" rg
  rm -rf "$TMPDIR/rg-stage"
fi

say "npm install code-server@$CODE_SERVER_VERSION (compiles native modules; about a minute)"
start=$SECONDS
mkdir -p "$cs_dir"
# its own package.json, so npm does not walk up into editors/vscode
[ -f "$cs_dir/package.json" ] || echo '{ "private": true }' >"$cs_dir/package.json"
if ! (cd "$cs_dir" && npm install --save-exact "code-server@$CODE_SERVER_VERSION") >"$E2E_CACHE/logs/code-server.log" 2>&1; then
  tail -n 25 "$E2E_CACHE/logs/code-server.log" >&2
  die "npm install code-server failed (log: $E2E_CACHE/logs/code-server.log)"
fi
cs_works || die "code-server does not start (log: $E2E_CACHE/logs/code-server.log)"
say "code-server $CODE_SERVER_VERSION installed in $((SECONDS - start))s"
