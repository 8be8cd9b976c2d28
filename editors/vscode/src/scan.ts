// Parsing the JSON of `trustlint scan --format json` ({findings: [{rule, name, severity,
// path, range: {start: {line, column}, end}, message}]}) and, until scan lands,
// `trustlint check --format json` ({findings: [{path, rule, line, column, endLine,
// endColumn, ...}]}). Lines and columns are 1-based, columns in UTF-16 code units, which
// is what VS Code positions count (0-based). No vscode import: unit-tested under node.
import * as path from 'path';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface ScanFinding {
  file: string; // absolute
  rule: string;
  name: string;
  severity: Severity;
  // 0-based, UTF-16
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  message: string;
  docUrl?: string;
}

export interface ScanReport {
  findings: ScanFinding[];
  skipped: { path: string; reason: string }[];
  errors: string[];
}

const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

function severity(s: unknown): Severity {
  switch (String(s ?? '').toLowerCase()) {
    case 'error': return 'error';
    case 'information': case 'info': return 'information';
    case 'hint': return 'hint';
    default: return 'warning';
  }
}

export function parseScanOutput(text: string, root: string): ScanReport {
  const report = obj(JSON.parse(text));
  const findings: ScanFinding[] = [];
  for (const raw of Array.isArray(report.findings) ? report.findings : []) {
    const f = obj(raw);
    const p = str(f.path) ?? str(f.file) ?? '';
    if (!p) continue;
    const range = obj(f.range);
    const start = obj(range.start);
    const end = obj(range.end);
    const line = num(start.line, num(f.line, 1));
    const column = num(start.column, num(f.column, 1));
    const endLine = num(end.line, num(f.endLine, line));
    const endColumn = num(end.column, num(f.endColumn, column));
    findings.push({
      file: path.isAbsolute(p) ? p : path.join(root, p),
      rule: str(f.rule) ?? '',
      name: str(f.name) ?? '',
      severity: severity(f.severity),
      startLine: Math.max(0, line - 1),
      startCharacter: Math.max(0, column - 1),
      endLine: Math.max(0, endLine - 1),
      endCharacter: Math.max(0, endColumn - 1),
      message: str(f.message) ?? '',
      docUrl: str(f.docUrl),
    });
  }
  const skipped = (Array.isArray(report.skipped) ? report.skipped : []).map((s) => {
    const o = obj(s);
    return { path: str(o.path) ?? '', reason: str(o.reason) ?? '' };
  });
  const errors = (Array.isArray(report.errors) ? report.errors : []).filter((e): e is string => typeof e === 'string');
  return { findings, skipped, errors };
}

/** `scan` is missing from this build of trustlint: fall back to `check`. */
export function isUnknownCommand(exitCode: number | null, stderr: string): boolean {
  return exitCode === 2 && /unknown command/i.test(stderr);
}
