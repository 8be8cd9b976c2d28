#!/usr/bin/env node
// Puts a trustlint binary for this platform at bin/<platform>-<arch>/trustlint, so that
// the packaged .vsix works without trustlint on PATH (the extension looks at the
// trustlint.path setting, then this bundled binary, then PATH).
//   TRUSTLINT_BINARY=/path/to/trustlint   copy that binary
//   TRUSTLINT_BUNDLE=0                     bundle nothing (remove bin/)
//   otherwise                              `go build ./cmd/trustlint` from this repository,
//                                          or bundle nothing, with a warning, without Go
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ext = path.resolve(__dirname, '..');
const repo = path.resolve(ext, '..', '..');
const name = process.platform === 'win32' ? 'trustlint.exe' : 'trustlint';
const binDir = path.join(ext, 'bin');
const dest = path.join(binDir, `${process.platform}-${process.arch}`, name);

fs.rmSync(binDir, { recursive: true, force: true });
if (process.env.TRUSTLINT_BUNDLE === '0') {
  console.log('bundle-binary: TRUSTLINT_BUNDLE=0, no bundled binary');
  process.exit(0);
}
fs.mkdirSync(path.dirname(dest), { recursive: true });
if (process.env.TRUSTLINT_BINARY) {
  fs.copyFileSync(process.env.TRUSTLINT_BINARY, dest);
  fs.chmodSync(dest, 0o755);
  console.log(`bundle-binary: copied ${process.env.TRUSTLINT_BINARY} to ${path.relative(ext, dest)}`);
  process.exit(0);
}
if (!fs.existsSync(path.join(repo, 'go.mod'))) {
  console.warn('bundle-binary: not inside the trustlint repository; no bundled binary');
  process.exit(0);
}
try {
  execFileSync('go', ['build', '-ldflags', '-s -w', '-o', dest, './cmd/trustlint'],
    { cwd: repo, stdio: 'inherit' });
  console.log(`bundle-binary: built ${path.relative(ext, dest)}`);
} catch (e) {
  fs.rmSync(binDir, { recursive: true, force: true });
  console.warn(`bundle-binary: go build failed (${e.message.split('\n')[0]}); no bundled binary: `
    + 'the extension will use trustlint.path or PATH');
}
