// Unit tests of the parts of the extension that need no VS Code: binary lookup, scan
// output parsing (scan and check formats), settings mapping. Run: npm run test:unit
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { bundledPath, findBinary } from '../binary';
import { isUnknownCommand, parseScanOutput } from '../scan';
import { serverSettings } from '../settings';

function tmp(): string { return fs.mkdtempSync(path.join(os.tmpdir(), 'trustlint-unit-')); }
function exe(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\n');
  fs.chmodSync(file, 0o755);
  return file;
}

test('binary: the setting wins, then the bundled binary, then PATH', () => {
  const dir = tmp();
  const ext = path.join(dir, 'ext');
  const onPath = exe(path.join(dir, 'path', 'trustlint'));
  const envPath = path.dirname(onPath);
  assert.deepEqual(findBinary({ extensionDir: ext, envPath }), { path: onPath, source: 'PATH' });
  const bundled = exe(bundledPath(ext));
  assert.deepEqual(findBinary({ extensionDir: ext, envPath }), { path: bundled, source: 'bundled' });
  const custom = exe(path.join(dir, 'custom', 'trustlint'));
  assert.deepEqual(findBinary({ extensionDir: ext, envPath, setting: custom }), { path: custom, source: 'setting' });
  // relative to the workspace folder
  assert.deepEqual(findBinary({ extensionDir: ext, envPath, setting: 'custom/trustlint', workspaceFolder: dir }),
    { path: custom, source: 'setting' });
});

test('binary: a broken setting is reported, not replaced by another binary', () => {
  const dir = tmp();
  exe(bundledPath(path.join(dir, 'ext')));
  const r = findBinary({ extensionDir: path.join(dir, 'ext'), envPath: '', setting: path.join(dir, 'nope') });
  assert.equal(r.path, undefined);
  assert.equal('badSetting' in r && r.badSetting, path.join(dir, 'nope'));
});

test('binary: nothing anywhere lists every place looked at', () => {
  const dir = tmp();
  const r = findBinary({ extensionDir: path.join(dir, 'ext'), envPath: path.join(dir, 'empty') });
  assert.equal(r.path, undefined);
  assert.ok('tried' in r && r.tried.length === 3, JSON.stringify(r));
  assert.equal(bundledPath('/x', 'linux', 'x64'), '/x/bin/linux-x64/trustlint');
  assert.equal(bundledPath('/x', 'win32', 'arm64'), path.join('/x', 'bin', 'win32-arm64', 'trustlint.exe'));
});

test('scan output: the scan format (range, 1-based UTF-16) becomes 0-based positions', () => {
  const r = parseScanOutput(JSON.stringify({
    version: '0.1.0',
    findings: [{
      rule: 'TL101', name: 'hardcoded-secret', severity: 'error', path: 'src/app.js',
      range: { start: { line: 3, column: 16 }, end: { line: 3, column: 86 } },
      message: 'Hardcoded OpenAI API key (sk-p…) in source: read it from the environment', fixes: [],
    }],
    skipped: [{ path: 'big.js', reason: 'too large' }],
  }), '/ws');
  assert.deepEqual(r.findings[0], {
    file: path.join('/ws', 'src/app.js'), rule: 'TL101', name: 'hardcoded-secret', severity: 'error',
    startLine: 2, startCharacter: 15, endLine: 2, endCharacter: 85,
    message: 'Hardcoded OpenAI API key (sk-p…) in source: read it from the environment', docUrl: undefined,
  });
  assert.deepEqual(r.skipped, [{ path: 'big.js', reason: 'too large' }]);
});

test('scan output: the check format (line/column/endLine/endColumn) too', () => {
  const r = parseScanOutput(JSON.stringify({
    findings: [{ path: '/abs/main.go', rule: 'TL102', name: 'hardcoded-credential', severity: 'warning',
      line: 9, column: 19, endLine: 9, endColumn: 40, start: 1, end: 2, message: 'm', docUrl: 'https://x/TL102' }],
    skipped: [], errors: ['oops'],
  }), '/ws');
  assert.equal(r.findings[0].file, '/abs/main.go');
  assert.equal(r.findings[0].severity, 'warning');
  assert.deepEqual([r.findings[0].startLine, r.findings[0].startCharacter, r.findings[0].endCharacter], [8, 18, 39]);
  assert.equal(r.findings[0].docUrl, 'https://x/TL102');
  assert.deepEqual(r.errors, ['oops']);
  assert.deepEqual(parseScanOutput('{"findings": null}', '/').findings, []);
  assert.throws(() => parseScanOutput('not json', '/'));
});

test('scan: an unknown "scan" command means falling back to check', () => {
  assert.ok(isUnknownCommand(2, 'trustlint: unknown command "scan"\n\nUsage: ...'));
  assert.ok(!isUnknownCommand(1, ''));
  assert.ok(!isUnknownCommand(2, 'trustlint: scan: no such file'));
});

test('settings: VS Code settings map to the server settings', () => {
  const values: Record<string, unknown> = {
    debounceMs: 50, 'rules.disable': [' tl102 '], severity: { tl101: 'warning' }, 'bcrypt.minimumCost': 13,
  };
  assert.deepEqual(serverSettings(<T>(k: string) => values[k] as T), {
    debounceMs: 50, rules: { disable: ['TL102'] }, severity: { TL101: 'warning' }, bcrypt: { minimumCost: 13 },
  });
  assert.deepEqual(serverSettings(() => undefined), { rules: { disable: [] }, severity: {} });
  // The default, null, leaves the debounce to the server (automatic).
  assert.deepEqual(serverSettings(<T>(k: string) => (k === 'debounceMs' ? null : undefined) as T), { rules: { disable: [] }, severity: {} });
});
