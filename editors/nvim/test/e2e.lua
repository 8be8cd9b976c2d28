-- Headless Neovim end-to-end test of require("trustlint").setup(), started by run.sh:
-- setup -> open file -> client attached with the project root -> diagnostic ->
-- :TrustlintScan fills the quickfix list -> code action applied -> :write -> file on
-- disk has the env lookup -> diagnostic gone. Verdict goes to $E2E_RESULT.
local FILE = assert(os.getenv('E2E_FILE'), 'E2E_FILE unset (use run.sh)')
local WS = assert(os.getenv('E2E_WS'))
local BIN = assert(os.getenv('TRUSTLINT_BIN'))
local EXPECT_CODE, EXPECT_DIAG = os.getenv('EXPECT_CODE'), os.getenv('EXPECT_DIAG')
local FIX_TITLE, EXPECT_FIXED, EXPECT_GONE = os.getenv('FIX_TITLE'), os.getenv('EXPECT_FIXED'), os.getenv('EXPECT_GONE') or ''
local STEP_MS = 1000 * tonumber(os.getenv('E2E_STEP_TIMEOUT') or '15')

local T0 = vim.loop.hrtime()
local function log(...) io.stderr:write(string.format('[nvim %.2fs] ', (vim.loop.hrtime() - T0) / 1e9) .. table.concat(vim.tbl_map(tostring, { ... }), ' ') .. '\n') end
local function fail(msg) error({ e2e_fail = msg }) end
local function finish(verdict)
  local f = io.open(os.getenv('E2E_RESULT'), 'w'); f:write(verdict); f:close()
end
local function has(s, sub) return (s or ''):find(sub, 1, true) ~= nil end
local function wait_for(pred) return vim.wait(STEP_MS, pred, 20) end

local function client_of(bufnr)
  for _, c in pairs(vim.lsp.get_active_clients()) do
    if c.name == 'trustlint' and vim.lsp.buf_is_attached(bufnr, c.id) then return c end
  end
end

local function matching(bufnr)
  return vim.tbl_filter(function(d)
    return tostring(d.code) == EXPECT_CODE and has(d.message, EXPECT_DIAG) and d.source == 'trustlint'
  end, vim.diagnostic.get(bufnr))
end

local ok, err = pcall(function()
  log('nvim ' .. tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch)
  local trustlint = require('trustlint')
  trustlint.setup({ cmd = { BIN, 'lsp' }, settings = { debounceMs = 10 } })

  vim.cmd('edit ' .. vim.fn.fnameescape(FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  log('filetype ' .. vim.bo[bufnr].filetype)

  -- 1. the plugin started the server for this filetype, rooted at the project
  if not wait_for(function() return client_of(bufnr) ~= nil end) then
    fail('no trustlint client attached to a ' .. vim.bo[bufnr].filetype .. ' buffer')
  end
  local client = client_of(bufnr)
  local root = client.config.root_dir
  if vim.loop.fs_realpath(root) ~= vim.loop.fs_realpath(WS) then
    fail(string.format('root_dir %s, want the project root %s', root, WS))
  end

  -- 2. the diagnostic
  if not wait_for(function() return #matching(bufnr) > 0 end) then
    fail(string.format('no %s diagnostic %q within %ds; saw %s', EXPECT_CODE, EXPECT_DIAG, STEP_MS / 1000,
      vim.inspect(vim.tbl_map(function(d) return d.message end, vim.diagnostic.get(bufnr)))))
  end
  local d = matching(bufnr)[1]
  log(string.format('diagnostic %s %q at %d:%d', tostring(d.code), d.message, d.lnum + 1, d.col + 1))

  -- 3. :TrustlintScan fills the quickfix list with the same finding
  local scanned
  trustlint.config.scan_open = false
  vim.cmd('TrustlintScan ' .. vim.fn.fnameescape(WS))
  if not wait_for(function() return #vim.fn.getqflist() > 0 end) then fail(':TrustlintScan left the quickfix list empty') end
  local found = false
  for _, it in ipairs(vim.fn.getqflist()) do
    local name = vim.api.nvim_buf_get_name(it.bufnr)
    log(string.format('quickfix: %s:%d:%d %s', name, it.lnum, it.col, it.text))
    if vim.loop.fs_realpath(name) == vim.loop.fs_realpath(FILE) and it.lnum == d.lnum + 1
        and it.col == d.col + 1 and has(it.text, EXPECT_CODE) then
      found = true
    end
  end
  if not found then fail('quickfix list lacks ' .. EXPECT_CODE .. ' at the diagnostic position') end
  if vim.api.nvim_get_current_buf() ~= bufnr then vim.api.nvim_set_current_buf(bufnr) end

  -- 4. code actions for the diagnostic
  -- vim.diagnostic item -> LSP Diagnostic (0.7 keeps only some LSP fields in user_data)
  local lsp_diag = vim.tbl_extend('keep', {
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    message = d.message, code = d.code, source = d.source, severity = d.severity,
  }, d.user_data and d.user_data.lsp or {})
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag } },
  }
  local resp = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, STEP_MS)
  if not resp then fail('codeAction request timed out') end
  local action
  local titles = {}
  for _, r in pairs(resp) do
    if r.error then fail('codeAction error ' .. vim.inspect(r.error)) end
    for _, a in ipairs(r.result or {}) do
      table.insert(titles, a.title)
      if a.title == FIX_TITLE then action = a end
    end
  end
  log('code actions: ' .. vim.inspect(titles))
  if not action then fail('no code action titled ' .. FIX_TITLE) end
  if not action.isPreferred then fail('the fix is not marked preferred') end
  if not action.edit then fail('the fix carries no edit') end
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  local function text() return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') end
  if not has(text(), EXPECT_FIXED) then fail('buffer lacks ' .. EXPECT_FIXED .. ' after the fix') end

  -- 5. write, check the file on disk
  vim.cmd('silent write')
  local content = table.concat(vim.fn.readfile(FILE), '\n')
  log('file on disk:\n' .. content)
  if not has(content, EXPECT_FIXED) then fail('file on disk lacks ' .. EXPECT_FIXED) end
  if EXPECT_GONE ~= '' and has(content, EXPECT_GONE) then fail('file on disk still has ' .. EXPECT_GONE) end

  -- 6. the diagnostic goes away
  if not wait_for(function() return #matching(bufnr) == 0 end) then fail('diagnostic still present after the fix') end
  log('diagnostic cleared')
  vim.lsp.stop_client(client.id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client.id) == nil end, 20)
end)

if ok then
  finish('PASS')
  vim.cmd('qall!')
else
  local msg = type(err) == 'table' and err.e2e_fail or ('lua error: ' .. tostring(err))
  log('FAIL: ' .. msg)
  finish('FAIL: ' .. msg)
  vim.cmd('cquit 1')
end
