// check.mjs drives `trustlint lsp` through vscode-jsonrpc — the JSON-RPC
// library VS Code's language client is built on — the way an editor does:
// initialize, open every annotated fixture, compare the published
// diagnostics with the fixtures' `want TLnnn` comments, request each quick
// fix, apply it with UTF-16 positions, check the result parses and that the
// diagnostic is gone, run source.fixAll.trustlint, then shutdown and exit
// (exit code 0). It prints recall and precision and ends with
// "N passed, M failed".
//
//   node check.mjs --bin /path/to/trustlint [file-or-dir ...]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as rpc from 'vscode-jsonrpc/node.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const args = process.argv.slice(2);
let bin = process.env.TRUSTLINT_BIN || '';
const inputs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--bin') bin = args[++i];
  else inputs.push(path.resolve(args[i]));
}
if (!bin) { console.error('usage: node check.mjs --bin TRUSTLINT [file-or-dir ...]'); process.exit(2); }
if (inputs.length === 0) {
  // Every annotated fixture; testdata/server holds the server tests' own
  // inputs, which carry no annotations.
  const td = path.join(repo, 'testdata');
  for (const e of fs.readdirSync(td).sort()) if (e !== 'server') inputs.push(path.join(td, e));
}

const languageIds = {
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascriptreact',
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'typescriptreact',
  '.go': 'go', '.py': 'python', '.pyi': 'python',
};
function collect(p, out) {
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    for (const e of fs.readdirSync(p).sort()) collect(path.join(p, e), out);
  } else if (languageIds[path.extname(p)]) out.push(p);
  return out;
}
const files = inputs.flatMap((p) => collect(p, []));

let passed = 0, failed = 0;
function ok(name) { passed++; console.log(`ok   ${name}`); }
function fail(name, why) { failed++; console.log(`FAIL ${name}: ${why}`); }

// --- text helpers: LSP positions are UTF-16 code units, as JS strings are ---
function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') { starts.push(i + 2); i++; }
    else if (c === '\n' || c === '\r') starts.push(i + 1);
  }
  return starts;
}
function offsetOf(text, starts, pos) {
  if (pos.line >= starts.length) return text.length;
  const start = starts[pos.line];
  let end = pos.line + 1 < starts.length ? starts[pos.line + 1] : text.length;
  while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return Math.min(start + pos.character, end);
}
function applyEdits(text, edits) {
  const starts = lineStarts(text);
  const abs = edits.map((e, i) => ({ s: offsetOf(text, starts, e.range.start), e: offsetOf(text, starts, e.range.end), t: e.newText, i }));
  abs.sort((a, b) => b.s - a.s || b.e - a.e || b.i - a.i);
  for (const a of abs) text = text.slice(0, a.s) + a.t + text.slice(a.e);
  return text;
}
function editsFor(edit, uri) {
  if (edit.documentChanges) return edit.documentChanges.filter((d) => d.textDocument.uri === uri).flatMap((d) => d.edits);
  return (edit.changes && edit.changes[uri]) || [];
}

// --- syntax checks by the languages' own tools -----------------------------
let ts = null;
if (process.env.TRUSTLINT_TS_NODE_MODULES) {
  try { ts = createRequire(path.join(process.env.TRUSTLINT_TS_NODE_MODULES, 'x.js'))('typescript'); } catch { ts = null; }
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trustlint-lsp-check-'));
function syntaxError(file, text) {
  const ext = path.extname(file);
  const run = (cmd, a, input) => {
    const r = spawnSync(cmd, a, { input, encoding: 'utf8' });
    if (r.error && r.error.code === 'ENOENT') return null;
    return r.status === 0 ? null : (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(0, 3).join(' | ');
  };
  if (ext === '.go') return run('gofmt', ['-e'], text);
  if (ext === '.py' || ext === '.pyi') return run('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], text);
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') {
    const f = path.join(tmp, 'check' + (ext === '.cjs' ? '.cjs' : '.mjs'));
    fs.writeFileSync(f, text);
    return run(process.execPath, ['--check', f]);
  }
  if (ts && (ext === '.ts' || ext === '.tsx' || ext === '.jsx' || ext === '.mts' || ext === '.cts')) {
    const out = ts.transpileModule(text, { reportDiagnostics: true, fileName: 'x' + ext, compilerOptions: { jsx: ts.JsxEmit.Preserve } });
    const errs = (out.diagnostics || []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
    return errs.length ? errs.join(' | ') : null;
  }
  return null;
}
const envLookup = /process\.env\.[A-Z_][A-Z0-9_]*|os\.Getenv\("[A-Z_][A-Z0-9_]*"\)|os\.environ\[["'][A-Z_][A-Z0-9_]*["']\]/;

// --- the session -------------------------------------------------------------
const child = spawn(bin, ['lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
child.stderr.on('data', (d) => { stderr += d; });
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
const published = new Map(); // uri -> {version, diagnostics}
const waiters = [];
conn.onNotification('textDocument/publishDiagnostics', (p) => {
  published.set(p.uri, p);
  for (const w of waiters.splice(0)) w();
});
conn.onNotification('window/logMessage', () => {});
conn.onNotification('window/showMessage', (m) => console.log(`server says: ${m.message}`));
conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
conn.onRequest('client/registerCapability', () => null);
conn.onRequest('window/workDoneProgress/create', () => null);
conn.listen();

function diagnosticsFor(uri, version, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`no diagnostics for version ${version} within ${timeoutMs} ms`)), timeoutMs);
    const check = () => {
      const p = published.get(uri);
      if (p && (p.version === undefined || p.version === null || p.version >= version)) { clearTimeout(deadline); resolve(p.diagnostics); return; }
      waiters.push(check);
    };
    check();
  });
}

const ours = (d) => d.source === 'trustlint';
let tp = 0, fp = 0, fn = 0;
try {
  const init = await conn.sendRequest('initialize', {
    processId: process.pid,
    clientInfo: { name: 'trustlint-lsp-check' },
    rootUri: pathToFileURL(repo).href,
    capabilities: {
      general: { positionEncodings: ['utf-16'] },
      workspace: { workspaceEdit: { documentChanges: true }, configuration: true },
      textDocument: {
        synchronization: { didSave: true },
        publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
      },
    },
    initializationOptions: { debounceMs: 0 },
  });
  const caps = init.capabilities || {};
  if (caps.positionEncoding && caps.positionEncoding !== 'utf-16') fail('initialize', `positionEncoding ${caps.positionEncoding}, want utf-16`);
  else if (!caps.codeActionProvider) fail('initialize', 'no codeActionProvider');
  else ok(`initialize (${init.serverInfo ? init.serverInfo.name + ' ' + init.serverInfo.version : 'no serverInfo'})`);
  conn.sendNotification('initialized', {});

  for (const file of files) {
    const rel = path.relative(repo, file);
    const text = fs.readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    const languageId = languageIds[path.extname(file)];
    let version = 1;
    conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    let diags;
    try { diags = (await diagnosticsFor(uri, version)).filter(ours); } catch (e) { fail(rel, e.message); continue; }

    // Compare with the annotations: a finding is (line, rule).
    const want = new Set();
    text.split(/\r\n|\n|\r/).forEach((line, i) => {
      const m = line.match(/want((?:\s+TL\d{3})+)/);
      if (m) for (const id of m[1].trim().split(/\s+/)) want.add(`${i}:${id}`);
    });
    // A multi-line finding may carry its annotation on its last line (no
    // comment fits inside a multi-line string literal).
    const keyOf = (d) => {
      const first = `${d.range.start.line}:${d.code}`;
      let endLine = d.range.end.line;
      if (d.range.end.character === 0 && endLine > d.range.start.line) endLine--;
      const last = `${endLine}:${d.code}`;
      return !want.has(first) && want.has(last) ? last : first;
    };
    const got = new Set(diags.map(keyOf));
    const missing = [...want].filter((k) => !got.has(k));
    const extra = [...got].filter((k) => !want.has(k));
    tp += [...got].filter((k) => want.has(k)).length; fp += extra.length; fn += missing.length;
    if (missing.length || extra.length) fail(`${rel} diagnostics`, `missing ${JSON.stringify(missing)} unexpected ${JSON.stringify(extra)}`);
    else ok(`${rel} diagnostics (${diags.length})`);
    for (const d of diags) {
      if (!d.codeDescription || !/\/TL\d{3}\.md$/.test(d.codeDescription.href)) fail(`${rel}:${d.range.start.line + 1} ${d.code}`, 'no codeDescription.href');
    }

    // Every secret finding's preferred quick fix. Information-level ones
    // (a credential in a comment or a docstring's example) have nothing to
    // read from the environment: they get only the suppression action.
    const fixable = (x) => (x.code === 'TL101' || x.code === 'TL102') && (x.severity === undefined || x.severity <= 2);
    for (const d of diags.filter(fixable)) {
      const name = `${rel}:${d.range.start.line + 1} ${d.code} quick fix`;
      const actions = await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } });
      const preferred = (actions || []).find((a) => a.isPreferred && a.edit);
      if (!preferred) { fail(name, `no preferred fix among ${JSON.stringify((actions || []).map((a) => a.title))}`); continue; }
      if (!(actions || []).some((a) => /trustlint-ignore/.test(JSON.stringify(a.edit || {})))) fail(name, 'no suppression action');
      const fixed = applyEdits(text, editsFor(preferred.edit, uri));
      const err = syntaxError(file, fixed);
      if (err) { fail(name, `fixed text does not parse: ${err}`); continue; }
      if (!envLookup.test(fixed)) { fail(name, 'no environment lookup in the fixed text'); continue; }
      version++;
      conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: fixed }] });
      const after = (await diagnosticsFor(uri, version)).filter(ours).filter(fixable);
      const before = diags.filter(fixable);
      if (after.length >= before.length) { fail(name, `still ${after.length} secret diagnostics after the fix (was ${before.length})`); }
      else ok(`${name}: ${preferred.title}`);
      version++;
      conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      await diagnosticsFor(uri, version);
    }

    // Fix all.
    if (diags.some(fixable)) {
      const name = `${rel} source.fixAll.trustlint`;
      const lines = text.split(/\r\n|\n|\r/);
      const range = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } };
      const actions = await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll.trustlint'] } });
      const all = (actions || []).find((a) => a.kind === 'source.fixAll.trustlint' && a.edit);
      if (!all) fail(name, 'no fixAll action');
      else {
        const fixed = applyEdits(text, editsFor(all.edit, uri));
        const err = syntaxError(file, fixed);
        if (err) fail(name, `fixed text does not parse: ${err}`);
        else ok(name);
      }
    }
    conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  await conn.sendRequest('shutdown');
  conn.sendNotification('exit');
  const timer = setTimeout(() => { child.kill('SIGKILL'); }, 5000);
  const { code, signal } = await exited;
  clearTimeout(timer);
  if (code === 0) ok('shutdown + exit: exit code 0');
  else fail('shutdown + exit', `exit code ${code} signal ${signal}`);
} catch (e) {
  fail('session', e && e.stack ? e.stack : String(e));
  child.kill('SIGKILL');
}
conn.dispose();
fs.rmSync(tmp, { recursive: true, force: true });
const precision = tp + fp ? tp / (tp + fp) : 1;
const recall = tp + fn ? tp / (tp + fn) : 1;
console.log(`findings: ${tp} expected and found, ${fp} unexpected, ${fn} missed; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
if (failed && stderr) console.log('server stderr (last lines):\n' + stderr.split('\n').slice(-15).join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
