#!/usr/bin/env bash
# Headless Neovim end-to-end test of the trustlint plugin (editors/nvim) against the
# real `trustlint lsp`. Exit 0 = pass; the last line is the verdict.
#   TRUSTLINT_BIN=/abs/trustlint E2E_FIXTURE=editors/testdata/js E2E_OPEN=app.js \
#   EXPECT_FIXED='process.env.OPENAI_API_KEY' nvim/test/run.sh
# NVIM overrides the editor binary (default: nvim on PATH).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
E2E_NAME=nvim-${E2E_OPEN##*.}
. "$HERE/../../e2e/common.sh"
: "${EXPECT_CODE:=TL101}" "${EXPECT_DIAG:=Hardcoded OpenAI API key}" "${FIX_TITLE:=Read OPENAI_API_KEY from the environment}"
: "${EXPECT_FIXED:?}" "${EXPECT_GONE:=sk-proj-}"
NVIM=${NVIM:-nvim}
command -v "$NVIM" >/dev/null || e2e_die "'$NVIM' not found: install Debian's neovim (or set NVIM)"

e2e_setup "$E2E_NAME" 60
export E2E_LUA="$HERE/e2e.lua" TRUSTLINT_NVIM_PLUGIN=$(cd "$HERE/.." && pwd)
# --clean: no user config or plugins; only the plugin dir is added to the runtime path.
# -n: no swap file; -i NONE: no shada. No python3 provider: probing it (pyenv shims) costs
# seconds when a Python buffer opens.
e2e_spawn "$NVIM" --headless --clean -n -i NONE \
  --cmd 'let g:loaded_python3_provider = 0' --cmd 'lua vim.opt.rtp:prepend(os.getenv("TRUSTLINT_NVIM_PLUGIN"))' \
  -c 'lua dofile(os.getenv("E2E_LUA"))'
wait "$E2E_LAST_PID"
e2e_check_result $?
