// The trustlint extension: runs `trustlint lsp` through vscode-languageclient for
// JavaScript, TypeScript (and React variants), Go and Python, and adds the commands
// Scan workspace, Show rule documentation and Restart server, plus a status bar item.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { findBinary, Found, INSTALL_URL } from './binary';
import { isUnknownCommand, parseScanOutput, ScanFinding } from './scan';
import { serverSettings } from './settings';

const LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'go', 'python'];
const RULE_SCHEME = 'trustlint-rule';

let client: LanguageClient | undefined;
let binary: Found | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;
let scanDiagnostics: vscode.DiagnosticCollection;
let extensionDir = '';
let rulesCache: Rule[] | undefined;

interface Rule {
  id: string;
  name: string;
  severity: string;
  cwe?: string[];
  languages?: string[];
  summary?: string;
  docUrl?: string;
}

// Test hook: the e2e test reads the client's state changes from this file.
function trace(line: string): void {
  output?.appendLine(line);
  const f = process.env.TRUSTLINT_VSCODE_STATUS_FILE;
  if (f) {
    try { fs.appendFileSync(f, line + '\n'); } catch { /* best effort */ }
  }
}

function setStatus(kind: 'starting' | 'running' | 'stopped' | 'missing' | 'scanning', detail = ''): void {
  const icon = { starting: '$(sync~spin)', running: '$(shield)', stopped: '$(error)', missing: '$(warning)', scanning: '$(sync~spin)' }[kind];
  status.text = `${icon} trustlint`;
  const where = binary ? `\n${binary.path} (${binary.source})` : '';
  status.tooltip = {
    starting: 'trustlint: starting the language server',
    running: 'trustlint: language server running',
    stopped: 'trustlint: language server stopped — click for the log',
    missing: 'trustlint: binary not found — click for the log',
    scanning: 'trustlint: scanning the workspace',
  }[kind] + where + (detail ? `\n${detail}` : '');
  status.backgroundColor = kind === 'stopped' || kind === 'missing'
    ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  status.show();
  trace(`status: ${kind}${detail ? ' ' + detail : ''}`);
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('trustlint');
}

function settings() {
  const c = config();
  return serverSettings((key) => c.get(key));
}

function resolveBinary(): Found | undefined {
  const found = findBinary({
    setting: config().get<string>('path'),
    extensionDir,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  });
  if (found.path !== undefined) return found as Found;
  const tried = 'tried' in found ? found.tried : [];
  output.appendLine(`trustlint binary not found:\n  ${tried.join('\n  ')}`);
  const msg = 'badSetting' in found && found.badSetting
    ? `trustlint: trustlint.path points to ${found.badSetting}, which is not an executable file.`
    : 'trustlint: the trustlint binary was not found (no trustlint.path setting, no binary bundled for this platform, none on PATH). '
      + 'Install it with "go install github.com/trustlint/trustlint/cmd/trustlint@latest" or set trustlint.path.';
  void vscode.window.showErrorMessage(msg, 'How to install', 'Open settings').then((pick) => {
    if (pick === 'How to install') void vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
    if (pick === 'Open settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'trustlint.path');
  });
  return undefined;
}

async function startClient(): Promise<void> {
  binary = resolveBinary();
  if (!binary) {
    setStatus('missing');
    return;
  }
  trace(`using ${binary.path} (${binary.source})`);
  const serverOptions: ServerOptions = {
    command: binary.path,
    args: ['lsp'],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.map((language) => ({ scheme: 'file', language })),
    initializationOptions: settings(),
    outputChannel: output,
    traceOutputChannel: output,
    diagnosticCollectionName: 'trustlint',
  };
  // 'trustlint' is the settings prefix the client reads trustlint.trace.server from
  const c = new LanguageClient('trustlint', 'trustlint', serverOptions, clientOptions);
  client = c;
  c.onDidChangeState((e) => {
    trace(`client state ${State[e.newState]}`);
    if (client !== c) return;
    if (e.newState === State.Running) setStatus('running');
    else if (e.newState === State.Starting) setStatus('starting');
    else setStatus('stopped');
  });
  setStatus('starting');
  try {
    await c.start();
    setStatus('running');
    trace(`running: ${binary.path} (${binary.source})`);
  } catch (e) {
    setStatus('stopped', String((e as Error)?.message ?? e));
    void vscode.window.showErrorMessage(`trustlint: the language server did not start: ${(e as Error)?.message ?? e}`, 'Show output')
      .then((pick) => pick && output.show());
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try { await c.stop(); } catch (e) { output.appendLine(`stop: ${(e as Error)?.message ?? e}`); }
  }
}

async function restartServer(): Promise<void> {
  trace('restart requested');
  await stopClient();
  await startClient();
}

// ---------------------------------------------------------------------------
// Scan workspace
// ---------------------------------------------------------------------------

function run(bin: string, args: string[], cwd: string, token: vscode.CancellationToken):
  Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(bin, args, { cwd, maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number'
        ? (err as unknown as { code: number }).code : child.exitCode) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    token.onCancellationRequested(() => child.kill());
  });
}

function toDiagnostic(f: ScanFinding): vscode.Diagnostic {
  const sev = {
    error: vscode.DiagnosticSeverity.Error,
    warning: vscode.DiagnosticSeverity.Warning,
    information: vscode.DiagnosticSeverity.Information,
    hint: vscode.DiagnosticSeverity.Hint,
  }[f.severity];
  const d = new vscode.Diagnostic(
    new vscode.Range(f.startLine, f.startCharacter, f.endLine, f.endCharacter), f.message, sev);
  d.source = 'trustlint';
  d.code = f.docUrl ? { value: f.rule, target: vscode.Uri.parse(f.docUrl) } : f.rule;
  return d;
}

// Files the language server already reports on: open documents of its languages.
function liveUris(): Set<string> {
  return new Set(vscode.workspace.textDocuments
    .filter((d) => d.uri.scheme === 'file' && LANGUAGES.includes(d.languageId))
    .map((d) => d.uri.toString()));
}

async function scanWorkspace(): Promise<number | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) {
    void vscode.window.showWarningMessage('trustlint: open a folder to scan it.');
    return undefined;
  }
  const bin = binary ?? resolveBinary();
  if (!bin) return undefined;
  setStatus('scanning');
  let total = 0;
  let files = 0;
  try {
    await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification,
      title: 'trustlint: scanning the workspace',
      cancellable: true,
    }, async (progress, token) => {
      scanDiagnostics.clear();
      const live = liveUris();
      for (const [i, folder] of folders.entries()) {
        if (token.isCancellationRequested) return;
        const root = folder.uri.fsPath;
        progress.report({ message: folder.name, increment: i === 0 ? 0 : 100 / folders.length });
        let r = await run(bin.path, ['scan', '--format', 'json', root], root, token);
        if (isUnknownCommand(r.code, r.stderr)) {
          trace('scan: this trustlint has no "scan" command; using "check --format json"');
          r = await run(bin.path, ['check', '--format', 'json', root], root, token);
        }
        if (token.isCancellationRequested) return;
        if (r.code !== 0 && r.code !== 1 && !r.stdout.trim()) {
          throw new Error(`trustlint exited with ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
        }
        const report = parseScanOutput(r.stdout, root);
        for (const e of report.errors) output.appendLine(`scan: ${e}`);
        const byFile = new Map<string, vscode.Diagnostic[]>();
        for (const f of report.findings) {
          const key = vscode.Uri.file(f.file).toString();
          if (!byFile.has(key)) byFile.set(key, []);
          byFile.get(key)!.push(toDiagnostic(f));
          total++;
        }
        for (const [uri, diags] of byFile) {
          files++;
          if (!live.has(uri)) scanDiagnostics.set(vscode.Uri.parse(uri), diags);
        }
      }
    });
  } catch (e) {
    void vscode.window.showErrorMessage(`trustlint: scan failed: ${(e as Error).message}`);
    return undefined;
  } finally {
    setStatus(client?.state === State.Running ? 'running' : client ? 'starting' : 'stopped');
  }
  trace(`scan: ${total} finding(s) in ${files} file(s)`);
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  void vscode.window.showInformationMessage(`trustlint: ${total} finding(s) in ${files} file(s).`);
  return total;
}

// ---------------------------------------------------------------------------
// Show rule documentation
// ---------------------------------------------------------------------------

function loadRules(): Promise<Rule[]> {
  if (rulesCache) return Promise.resolve(rulesCache);
  const bin = binary ?? resolveBinary();
  if (!bin) return Promise.resolve([]);
  return new Promise((resolve) => {
    execFile(bin.path, ['rules', '--format', 'json'], (err, stdout) => {
      try {
        const rules = JSON.parse(String(stdout)) as Rule[];
        rulesCache = Array.isArray(rules) ? rules : [];
      } catch {
        output.appendLine(`rules: ${err?.message ?? 'cannot parse the output of trustlint rules'}`);
        rulesCache = undefined;
      }
      resolve(rulesCache ?? []);
    });
  });
}

function ruleMarkdown(r: Rule): string {
  const lines = [`# ${r.id} ${r.name}`, ''];
  lines.push(`**Severity:** ${r.severity}` + (r.cwe?.length ? ` · **CWE:** ${r.cwe.join(', ')}` : '')
    + (r.languages?.length ? ` · **Languages:** ${r.languages.join(', ')}` : ''), '');
  if (r.summary) lines.push(r.summary, '');
  lines.push(`Silence one line with \`trustlint-ignore ${r.id} -- reason\` on it or the line above,`
    + ` or turn the rule off with the \`trustlint.rules.disable\` setting.`, '');
  if (r.docUrl) lines.push(`[Full documentation](${r.docUrl})`, '');
  return lines.join('\n');
}

// The rule of the trustlint diagnostic under the cursor, if any.
function ruleAtCursor(): string | undefined {
  const ed = vscode.window.activeTextEditor;
  if (!ed) return undefined;
  const diags = vscode.languages.getDiagnostics(ed.document.uri)
    .filter((d) => d.source === 'trustlint' && d.range.contains(ed.selection.active));
  const code = diags[0]?.code;
  return typeof code === 'object' ? String(code.value) : code !== undefined ? String(code) : undefined;
}

async function showRuleDocumentation(ruleId?: unknown): Promise<void> {
  const rules = await loadRules();
  if (!rules.length) {
    void vscode.window.showErrorMessage('trustlint: could not list the rules (see the trustlint output).');
    return;
  }
  let id = typeof ruleId === 'string' ? ruleId : undefined;
  if (!id) {
    const current = ruleAtCursor();
    const items = rules.map((r) => ({ label: r.id, description: r.name, detail: r.summary, picked: r.id === current }));
    if (current) items.sort((a, b) => Number(b.label === current) - Number(a.label === current));
    const pick = await vscode.window.showQuickPick(items, { placeHolder: 'trustlint rule', matchOnDescription: true, matchOnDetail: true });
    if (!pick) return;
    id = pick.label;
  }
  // a read-only markdown document (a webview preview needs more of the browser than a
  // text editor, and the text is short)
  const uri = vscode.Uri.from({ scheme: RULE_SCHEME, path: `/${id.toUpperCase()}.md` });
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true });
}

// ---------------------------------------------------------------------------

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionDir = context.extensionPath;
  output = vscode.window.createOutputChannel('trustlint');
  status = vscode.window.createStatusBarItem('trustlint.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'trustlint';
  status.command = 'trustlint.showOutput';
  scanDiagnostics = vscode.languages.createDiagnosticCollection('trustlint-scan');
  context.subscriptions.push(output, status, scanDiagnostics);

  context.subscriptions.push(
    vscode.commands.registerCommand('trustlint.scanWorkspace', scanWorkspace),
    vscode.commands.registerCommand('trustlint.showRuleDocumentation', showRuleDocumentation),
    vscode.commands.registerCommand('trustlint.restartServer', restartServer),
    vscode.commands.registerCommand('trustlint.showOutput', () => output.show(true)),
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, {
      async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
        const id = uri.path.replace(/^\//, '').replace(/\.md$/, '');
        const r = (await loadRules()).find((x) => x.id === id);
        return r ? ruleMarkdown(r) : `# ${id}\n\nUnknown rule.\n`;
      },
    }),
    // once the server reports on a file, the scan's (older) results for it go away
    vscode.workspace.onDidOpenTextDocument((d) => scanDiagnostics.delete(d.uri)),
    vscode.workspace.onDidChangeTextDocument((e) => scanDiagnostics.delete(e.document.uri)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('trustlint')) return;
      if (e.affectsConfiguration('trustlint.path')) {
        rulesCache = undefined;
        await restartServer();
        return;
      }
      if (client?.state === State.Running) {
        await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { trustlint: settings() } });
        trace('settings sent');
      }
    }),
    { dispose: () => void stopClient() },
  );
  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
