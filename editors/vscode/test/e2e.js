// Drives real VS Code (code-server) in Debian's Chromium through playwright-core; started
// by run.sh with the packaged extension installed. Like a user:
//   1. open js/app.js -> squiggle -> hover shows the message and trustlint(TL101)
//   2. status bar shows trustlint, the extension runs the bundled binary
//   3. Ctrl+. -> "Read OPENAI_API_KEY from the environment" -> squiggle gone -> Ctrl+S -> disk
//   4. python/settings.py, editor.codeActionsOnSave source.fixAll.trustlint -> Ctrl+S -> disk
//   5. trustlint: Scan workspace -> Problems panel lists go/main.go (never opened)
//   6. trustlint: Show rule documentation -> TL101 -> preview tab
//   7. trustlint: Restart server -> running again
// Verdict goes to $E2E_RESULT ("PASS" or "FAIL: reason"); exit status 0 = pass.
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const env = (k, d = '') => (process.env[k] === undefined ? d : process.env[k]);
const CS_URL = env('CS_URL');
const WS = env('E2E_WS');
const FILE = env('E2E_FILE');
const FIXALL_FILE = path.join(WS, env('E2E_FIXALL_OPEN'));
const SHOTS = env('E2E_SHOTS');
const STATUS_FILE = env('TRUSTLINT_VSCODE_STATUS_FILE');
const EXPECT_DIAG = env('EXPECT_DIAG');
const EXPECT_CODE = env('EXPECT_CODE');
const FIX_TITLE = env('FIX_TITLE');
const EXPECT_FIXED = env('EXPECT_FIXED');
const EXPECT_GONE = env('EXPECT_GONE');
const FIXALL_EXPECT = env('E2E_FIXALL_EXPECT');
const SCAN_EXPECT = env('E2E_SCAN_EXPECT');
const STEP_MS = 1000 * Number(env('E2E_STEP_TIMEOUT', '60'));
const SQUIGGLE = ['error', 'warning', 'info'].map((s) => `.monaco-editor .squiggly-${s}`).join(', ');

const t0 = Date.now();
const log = (...a) => console.error(`[vscode ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const finish = (verdict) => fs.writeFileSync(env('E2E_RESULT'), verdict);
const blocked = new Set();
const extensionLog = () => { try { return fs.readFileSync(STATUS_FILE, 'utf8'); } catch { return ''; } };
const lastExtensionLine = () => extensionLog().trim().split('\n').pop() || 'extension never activated';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Errors the language client logged in the trustlint output channel (not a failure
// of this test, but worth seeing).
function reportServerErrors() {
  const find = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? find(path.join(dir, e.name)) : /trustlint\.log$/.test(e.name) ? [path.join(dir, e.name)] : []);
  try {
    for (const f of find(path.join(env('E2E_WORK'), 'user', 'logs'))) {
      const lines = fs.readFileSync(f, 'utf8').split('\n');
      lines.forEach((l, i) => { if (l.startsWith('[Error') && !/exited with code 0/.test(l)) log(`trustlint output: ${l} ${(lines[i + 1] || '').trim()}`); });
    }
  } catch { /* no logs */ }
}

async function waitFor(what, pred, ms = 15000) {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(100)) {
    if (await pred()) return;
  }
  throw new Error(`timed out waiting for ${what}`);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: env('E2E_CHROMIUM', '/usr/bin/chromium'),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
  log('chromium', browser.version());
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  // only 127.0.0.1 is reachable; anything else the workbench asks for is refused and listed
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1' || u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
    blocked.add(u.origin);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') fs.appendFileSync(`${SHOTS}/console-errors.log`, m.text() + '\n'); });
  const shot = (n) => page.screenshot({ path: `${SHOTS}/${n}.png` }).catch(() => {});
  // cropped shots for editors/vscode/README.md (copied to editors/vscode/images/ by hand)
  const readmeShot = (n, clip) => page.screenshot({ path: `${SHOTS}/readme-${n}.png`, clip }).catch(() => {});
  const squiggles = () => page.locator(SQUIGGLE).count();
  const squiggleBoxes = async () => {
    const boxes = [];
    for (const el of await page.locator(SQUIGGLE).all()) { const b = await el.boundingBox(); if (b) boxes.push(b); }
    return boxes;
  };
  const openFile = async (rel) => {
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(rel);
    // the list first shows recently opened files: wait for the row of this one
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(rel) }).first();
    await row.waitFor({ timeout: STEP_MS }).catch(() => { throw new Error(`Quick Open does not find ${rel}`); });
    await row.click();
    await page.locator('.tabs-container .tab.active', { hasText: path.basename(rel) }).waitFor({ timeout: STEP_MS });
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: STEP_MS });
  };
  const runCommand = async (title) => {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(title);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: 10000 }).catch(() => { throw new Error(`command palette has no ${JSON.stringify(title)}`); });
    await page.keyboard.press('Enter');
  };
  const diskFixed = async (file, want) => {
    let content = '';
    await waitFor(`${path.basename(file)} on disk to contain ${JSON.stringify(want)}`, () => {
      content = fs.readFileSync(file, 'utf8');
      return content.includes(want) && !(EXPECT_GONE && content.includes(EXPECT_GONE));
    }).catch((e) => { throw new Error(`${e.message}; it has ${JSON.stringify(content.slice(0, 300))}`); });
    return content;
  };

  try {
    const q = new URLSearchParams({ folder: WS });
    await page.goto(`${CS_URL}/?${q}`, { waitUntil: 'domcontentloaded', timeout: STEP_MS });
    await page.waitForSelector('.monaco-workbench', { timeout: STEP_MS });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: STEP_MS });
    log('workbench loaded');
    await page.locator('.monaco-workbench').click({ position: { x: 640, y: 360 } }).catch(() => {});

    // 1. the diagnostic: a squiggle whose hover shows the message and trustlint(TL101)
    await openFile(path.relative(WS, FILE));
    log('editor open');
    await page.waitForSelector(SQUIGGLE, { timeout: STEP_MS }).catch(() => {
      throw new Error(`no squiggle within ${STEP_MS / 1000}s`);
    });
    const before = await squiggleBoxes();
    // the hover reads "trustlint(TL101)"; the parentheses come from CSS, so innerText
    // has "trustlintTL101"
    const codeText = `trustlint(${EXPECT_CODE})`;
    const hasCode = (t) => t.replace(/[()]/g, '').includes(`trustlint${EXPECT_CODE}`);
    let target = null;
    let hover = '';
    for (const [i, box] of before.entries()) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const loc = page.locator('.monaco-hover').filter({ hasText: EXPECT_DIAG }).first();
      hover = await loc.waitFor({ state: 'visible', timeout: i === 0 ? 15000 : 5000 }).then(() => loc.innerText(), () => '');
      if (hasCode(hover)) { target = box; break; }
      await page.keyboard.press('Escape');
    }
    if (!target) throw new Error(`no squiggle hover shows ${JSON.stringify(EXPECT_DIAG)} with ${codeText}; last hover ${JSON.stringify(hover)}`);
    log('hover:', JSON.stringify(hover.slice(0, 200)));
    await shot('01-hover');
    await readmeShot('hover', { x: 348, y: 35, width: 932, height: 240 });
    await page.keyboard.press('Escape');

    // 2. status bar item, and the binary the extension runs
    const statusItem = page.locator('.statusbar-item', { hasText: 'trustlint' }).first();
    await statusItem.waitFor({ timeout: 10000 }).catch(() => { throw new Error('no trustlint status bar item'); });
    await waitFor('the extension to report a running server', () => /running: .*\(bundled\)/.test(extensionLog()))
      .catch(() => { throw new Error(`server not running from the bundled binary: ${lastExtensionLine()}`); });
    log(`status bar: ${JSON.stringify(await statusItem.innerText())}; ${extensionLog().match(/running: .*/)[0]}`);

    // 3. caret into the flagged text, Ctrl+. (Quick Fix). The first Ctrl+. often shows
    // "No code actions available" although the server answered; retry after about 1 s.
    // (move the mouse off the text first, so that no hover lies over the click)
    await page.mouse.move(5, 400);
    await page.waitForTimeout(300);
    await page.mouse.click(target.x + target.width / 2, target.y + target.height / 2);
    await page.mouse.move(5, 400);
    const widget = page.locator('.action-widget');
    let menu = '';
    for (let attempt = 1; attempt <= 8; attempt++) {
      if (await widget.isVisible()) {
        await page.keyboard.press('Escape');
        await widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
      }
      await page.keyboard.press('Control+.');
      await page.waitForSelector('.action-widget, .monaco-editor-overlaymessage', { state: 'visible', timeout: 10000 }).catch(() => {});
      const shown = await widget.isVisible();
      menu = shown ? await widget.innerText().catch(() => '') : '';
      log(`Ctrl+. attempt ${attempt}: ${shown ? JSON.stringify(menu) : 'no menu'}`);
      if (shown && menu.includes(FIX_TITLE)) break;
      if ((await squiggles()) < before.length) throw new Error('the squiggle went away before the fix was chosen');
      menu = '';
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
    if (!menu) throw new Error(`the quick fix menu never offered ${JSON.stringify(FIX_TITLE)}`);
    const rows = await page.locator('.action-widget .monaco-list-row').count();
    for (let i = 0; i <= rows; i++) {
      const focused = await page.locator('.action-widget .monaco-list-row.focused').innerText().catch(() => '');
      if (focused.includes(FIX_TITLE)) break;
      if (i === rows) throw new Error(`could not focus ${JSON.stringify(FIX_TITLE)} in the menu`);
      await page.keyboard.press('ArrowDown');
    }
    await shot('02-quickfix');
    await readmeShot('quickfix', { x: 348, y: 35, width: 932, height: 240 });
    await page.keyboard.press('Enter');
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length < n, [SQUIGGLE, before.length],
      { timeout: 15000 }).catch(() => { throw new Error('squiggle still there after the quick fix'); });
    await page.keyboard.press('Control+S');
    const fixed = await diskFixed(FILE, EXPECT_FIXED);
    log('quick fix on disk:', JSON.stringify(fixed.split('\n').slice(3, 8).join('\n')));
    await shot('03-fixed');

    // 4. source.fixAll.trustlint on save ([python] editor.codeActionsOnSave in settings.json)
    await openFile(path.relative(WS, FIXALL_FILE));
    await waitFor('a squiggle in the Python file', async () => (await squiggles()) > 0, STEP_MS)
      .catch(() => { throw new Error('no squiggle in the Python file'); });
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter'); // a change, so that Ctrl+S saves
    await page.keyboard.press('Control+S');
    const fixedAll = await diskFixed(FIXALL_FILE, FIXALL_EXPECT);
    log('fix-all on save on disk:', JSON.stringify(fixedAll.split('\n').slice(0, 6).join('\n')));
    await waitFor('the Python squiggle to go', async () => (await squiggles()) === 0)
      .catch(() => { throw new Error('squiggle still there after fix-all on save'); });

    // 5. Scan workspace -> Problems panel, with a file never opened
    await runCommand('trustlint: Scan workspace');
    await waitFor('the scan to finish', () => /scan: \d+ finding/.test(extensionLog()), STEP_MS)
      .catch(() => { throw new Error(`scan did not finish: ${lastExtensionLine()}`); });
    log(extensionLog().match(/scan: \d+ finding.*/)[0]);
    const problems = page.locator('.markers-panel');
    await waitFor(`the Problems panel to list ${SCAN_EXPECT}`, async () =>
      (await problems.innerText().catch(() => '')).includes(SCAN_EXPECT))
      .catch(async () => { throw new Error(`Problems panel lacks ${SCAN_EXPECT}: ${JSON.stringify((await problems.innerText().catch(() => '')).slice(0, 300))}`); });
    const panelText = await problems.innerText();
    if (!panelText.includes(EXPECT_CODE)) throw new Error(`Problems panel lacks ${EXPECT_CODE}: ${JSON.stringify(panelText.slice(0, 300))}`);
    log('problems panel:', JSON.stringify(panelText.replace(/\s+/g, ' ').slice(0, 200)));
    await page.waitForTimeout(300);
    await shot('04-scan-problems');
    await readmeShot('scan', { x: 348, y: 440, width: 932, height: 280 });

    // 6. Show rule documentation
    await runCommand('trustlint: Show rule documentation');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 10000 });
    await page.keyboard.type(EXPECT_CODE);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: EXPECT_CODE }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: EXPECT_CODE }).first().waitFor({ timeout: 15000 })
      .catch(() => { throw new Error('no editor tab for the rule documentation'); });
    await waitFor('the rule documentation text', async () =>
      (await page.locator('.editor-group-container.active .monaco-editor .view-lines').innerText().catch(() => ''))
        .replace(/\u00a0/g, ' ').includes(`${EXPECT_CODE} hardcoded-secret`))
      .catch(() => { throw new Error('the rule documentation does not show the rule'); });
    await shot('05-rule-doc');
    log('rule documentation open');

    // 7. Restart server
    const runs = () => (extensionLog().match(/^running: /gm) || []).length;
    const n = runs();
    await runCommand('trustlint: Restart server');
    await waitFor('the server to run again', () => runs() > n)
      .catch(() => { throw new Error(`server did not come back after a restart: ${lastExtensionLine()}`); });
    log('server restarted');

    log(`refused non-local requests: ${[...blocked].join(', ') || 'none'}`);
    reportServerErrors();
    finish('PASS');
    await browser.close();
    process.exit(0);
  } catch (e) {
    log('FAIL:', e.message);
    await shot('99-failure');
    log(`refused non-local requests: ${[...blocked].join(', ') || 'none'}`);
    finish(`FAIL: ${e.message.split('\n')[0]} [extension: ${lastExtensionLine()}]`);
    await browser.close().catch(() => {});
    process.exit(1);
  }
})().catch((e) => { finish('FAIL: ' + String((e && e.message) || e).split('\n')[0]); process.exit(1); });
