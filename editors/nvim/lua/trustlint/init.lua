-- trustlint for Neovim: starts `trustlint lsp` for JavaScript, TypeScript, Go and
-- Python buffers and adds :TrustlintScan (workspace findings in the quickfix list).
--
--   require("trustlint").setup({})   -- defaults below
--
-- Works on Neovim 0.7 (vim.lsp.start_client), 0.8-0.10 (vim.lsp.start) and 0.11+
-- (vim.lsp.config / vim.lsp.enable).
local M = {}

local defaults = {
  -- the server command; cmd[1] is also used by :TrustlintScan
  cmd = { 'trustlint', 'lsp' },
  filetypes = { 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'go', 'python' },
  root_markers = { '.git', 'go.mod', 'package.json', 'pyproject.toml' },
  -- sent as initializationOptions and in workspace/didChangeConfiguration:
  -- { debounceMs = 30, rules = { disable = { 'TL102' } }, severity = { TL101 = 'warning' } }
  settings = {},
  on_attach = nil, -- function(client, bufnr)
  capabilities = nil, -- merged over vim.lsp.protocol.make_client_capabilities()
  -- how :TrustlintScan opens its results: 'copen' (window), or false (only fill the list)
  scan_open = 'copen',
}

M.config = vim.deepcopy(defaults)

local NAME = 'trustlint'

local function has(feature) return vim.fn.has(feature) == 1 end

local function notify(msg, level)
  vim.schedule(function() vim.notify('trustlint: ' .. msg, level or vim.log.levels.INFO) end)
end

-- Directory of the nearest root marker above path (path itself may be a file),
-- or the file's own directory.
function M.find_root(path, markers)
  markers = markers or M.config.root_markers
  local dir = vim.fn.fnamemodify(path, ':p')
  if vim.fn.isdirectory(dir) == 0 then dir = vim.fn.fnamemodify(dir, ':h') end
  dir = dir:gsub('/$', '')
  local start = dir
  while dir and dir ~= '' do
    for _, m in ipairs(markers) do
      if vim.loop.fs_stat(dir .. '/' .. m) then return dir end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then break end
    dir = parent
  end
  return start ~= '' and start or '/'
end

local function capabilities()
  local caps = vim.lsp.protocol.make_client_capabilities()
  if M.config.capabilities then caps = vim.tbl_deep_extend('force', caps, M.config.capabilities) end
  return caps
end

local function client_config(root_dir)
  local settings = M.config.settings or {}
  return {
    name = NAME,
    cmd = M.config.cmd,
    root_dir = root_dir,
    init_options = settings,
    settings = { trustlint = settings },
    capabilities = capabilities(),
    on_attach = M.config.on_attach,
    on_init = function(client)
      -- the server reads settings from didChangeConfiguration as well
      client.notify('workspace/didChangeConfiguration', { settings = { trustlint = settings } })
    end,
  }
end

local function buf_path(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' or name:match('^%a[%w+.-]*://') then return nil end
  return name
end

-- 0.7: one client per root, started by hand and attached on FileType.
local clients_by_root = {}
local function attach_07(bufnr)
  local path = buf_path(bufnr)
  if not path then return end
  local root = M.find_root(path)
  local id = clients_by_root[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    local cfg = client_config(root)
    cfg.on_exit = function() clients_by_root[root] = nil end
    id = vim.lsp.start_client(cfg)
    if not id then
      notify('could not start ' .. table.concat(M.config.cmd, ' '), vim.log.levels.ERROR)
      return
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

-- 0.8-0.10: vim.lsp.start reuses a client with the same name and root.
local function attach_08(bufnr)
  local path = buf_path(bufnr)
  if not path then return end
  vim.lsp.start(client_config(M.find_root(path)), { bufnr = bufnr })
end

local function executable_check()
  local exe = M.config.cmd and M.config.cmd[1]
  if exe and vim.fn.executable(exe) == 0 then
    notify(string.format("'%s' not found: install it (go install github.com/trustlint/trustlint/cmd/trustlint@latest) "
      .. "or pass cmd = { '/path/to/trustlint', 'lsp' } to setup()", exe), vim.log.levels.WARN)
    return false
  end
  return true
end

local augroup
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  if opts and opts.cmd then M.config.cmd = opts.cmd end -- lists are replaced, not merged
  if opts and opts.filetypes then M.config.filetypes = opts.filetypes end
  if opts and opts.root_markers then M.config.root_markers = opts.root_markers end
  executable_check()

  vim.api.nvim_create_user_command('TrustlintScan', function(a)
    M.scan(a.args ~= '' and a.args or nil)
  end, { nargs = '?', complete = 'dir', desc = 'trustlint: scan the workspace into the quickfix list' })

  if vim.lsp.config and vim.lsp.enable and has('nvim-0.11') then
    local settings = M.config.settings or {}
    vim.lsp.config(NAME, {
      cmd = M.config.cmd,
      filetypes = M.config.filetypes,
      root_markers = M.config.root_markers,
      init_options = settings,
      settings = { trustlint = settings },
      capabilities = M.config.capabilities,
      on_attach = M.config.on_attach,
      on_init = function(client)
        client.notify('workspace/didChangeConfiguration', { settings = { trustlint = settings } })
      end,
    })
    vim.lsp.enable(NAME)
    return
  end

  local attach = (vim.lsp.start and has('nvim-0.8')) and attach_08 or attach_07
  augroup = vim.api.nvim_create_augroup('trustlint', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = augroup,
    pattern = M.config.filetypes,
    callback = function(a) attach(a.buf) end,
  })
  -- buffers already open when setup() runs
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.tbl_contains(M.config.filetypes, vim.bo[b].filetype) then
      attach(b)
    end
  end
end

-- ---------------------------------------------------------------------------
-- :TrustlintScan
-- ---------------------------------------------------------------------------

local qf_type = { error = 'E', warning = 'W', information = 'I', info = 'I', hint = 'N' }

-- Byte column (1-based) of a 1-based UTF-16 column on a line of a file.
local line_cache = {}
local function byte_col(path, lnum, utf16_col)
  if not utf16_col or utf16_col <= 1 then return utf16_col or 1 end
  local lines = line_cache[path]
  if lines == nil then
    local ok, l = pcall(vim.fn.readfile, path)
    lines = ok and l or false
    line_cache[path] = lines
  end
  local line = lines and lines[lnum]
  if not line then return utf16_col end
  local ok, idx = pcall(vim.str_byteindex, line, utf16_col - 1, true)
  return (ok and idx or utf16_col - 1) + 1
end

-- Quickfix items from the JSON of `trustlint scan --format json` (range.start.line /
-- .column) or `trustlint check --format json` (line / column); both 1-based, UTF-16.
function M.parse_scan(text, root)
  local ok, report = pcall(vim.json and vim.json.decode or vim.fn.json_decode, text)
  if not ok or type(report) ~= 'table' then return nil, 'cannot parse the JSON report' end
  line_cache = {}
  local items = {}
  local function tbl(x) return type(x) == 'table' and x or {} end
  local function str(x) return type(x) == 'string' and x or nil end
  for _, f in ipairs(tbl(report.findings)) do
    f = tbl(f)
    local path = str(f.path) or str(f.file) or ''
    if path ~= '' and path:sub(1, 1) ~= '/' and root then path = root .. '/' .. path end
    local s = tbl(tbl(f.range).start)
    local e = tbl(tbl(f.range)['end'])
    local lnum = s.line or f.line or 1
    local end_lnum = e.line or f.endLine or lnum
    table.insert(items, {
      filename = path,
      lnum = lnum,
      col = byte_col(path, lnum, s.column or f.column or 1),
      end_lnum = end_lnum,
      end_col = byte_col(path, end_lnum, e.column or f.endColumn),
      type = qf_type[(str(f.severity) or ''):lower()] or 'W',
      text = string.format('%s %s: %s', str(f.rule) or '?', str(f.name) or '', str(f.message) or ''),
    })
  end
  line_cache = {}
  return items
end

local function run_job(argv, cwd, on_done)
  local out, err = {}, {}
  local ok, job = pcall(vim.fn.jobstart, argv, {
    cwd = cwd,
    stdout_buffered = true,
    stderr_buffered = true,
    on_stdout = function(_, data) out = data or {} end,
    on_stderr = function(_, data) err = data or {} end,
    on_exit = function(_, code) on_done(code, table.concat(out, '\n'), table.concat(err, '\n')) end,
  })
  if not ok or job <= 0 then on_done(-1, '', 'cannot run ' .. argv[1]) end
end

-- Scans root (default: the current buffer's project root) with
-- `trustlint scan --format json`, falling back to `trustlint check --format json`
-- where scan is not available, and fills the quickfix list. on_done(items) is
-- called when the list is set (used by tests).
function M.scan(root, on_done)
  local exe = M.config.cmd[1]
  if not root then
    local path = buf_path(0)
    root = path and M.find_root(path) or vim.loop.cwd()
  end
  root = vim.fn.fnamemodify(root, ':p'):gsub('/$', '')
  if vim.fn.executable(exe) == 0 then
    notify("'" .. exe .. "' not found", vim.log.levels.ERROR)
    return
  end
  local function finish(code, stdout, stderr, how)
    -- exit 0: no findings, 1: findings, 2: error
    if code ~= 0 and code ~= 1 then
      notify(how .. ' failed (exit ' .. code .. '): ' .. vim.trim(stderr):gsub('\n.*', ''), vim.log.levels.ERROR)
      return
    end
    local items, perr = M.parse_scan(stdout, root)
    if not items then
      notify(perr, vim.log.levels.ERROR)
      return
    end
    vim.schedule(function()
      vim.fn.setqflist({}, ' ', { title = 'trustlint ' .. root, items = items })
      if #items > 0 and M.config.scan_open == 'copen' then vim.cmd('copen') end
      vim.notify(string.format('trustlint: %d finding(s) in %s', #items, root))
      if on_done then on_done(items) end
    end)
  end
  run_job({ exe, 'scan', '--format', 'json', root }, root, function(code, stdout, stderr)
    if code == 2 and stderr:find('unknown command', 1, true) then
      run_job({ exe, 'check', '--format', 'json', root }, root, function(c2, o2, e2)
        finish(c2, o2, e2, 'trustlint check')
      end)
    else
      finish(code, stdout, stderr, 'trustlint scan')
    end
  end)
end

return M
