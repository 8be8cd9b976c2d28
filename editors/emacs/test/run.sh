#!/usr/bin/env bash
# Batch Emacs + eglot end-to-end test of editors/emacs/trustlint.el against the real
# `trustlint lsp`. Exit 0 = pass; the last line is the verdict.
#   TRUSTLINT_BIN=/abs/trustlint E2E_FIXTURE=editors/testdata/js E2E_OPEN=app.js \
#   EXPECT_FIXED='process.env.OPENAI_API_KEY' [E2E_MODE=quickfix|fixall] emacs/test/run.sh
# EMACS overrides the editor binary (default: emacs on PATH; Debian: emacs-nox elpa-eglot).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
: "${E2E_MODE:=quickfix}"
E2E_NAME=emacs-${E2E_OPEN##*.}-$E2E_MODE
. "$HERE/../../e2e/common.sh"
: "${EXPECT_CODE:=TL101}" "${EXPECT_DIAG:=Hardcoded OpenAI API key}" "${FIX_TITLE:=Read OPENAI_API_KEY from the environment}"
: "${EXPECT_FIXED:?}" "${EXPECT_GONE:=sk-proj-}"
EMACS=${EMACS:-emacs}
command -v "$EMACS" >/dev/null || e2e_die "'$EMACS' not found: install Debian's emacs-nox and elpa-eglot (or set EMACS)"

e2e_setup "$E2E_NAME" 60
export E2E_MODE TRUSTLINT_EL="$(cd "$HERE/.." && pwd)/trustlint.el"
# --batch reads no init file; HOME is the work dir (native compilation's eln-cache lands there).
e2e_spawn "$EMACS" --batch -l "$HERE/e2e.el"
wait "$E2E_LAST_PID"
e2e_check_result $?
