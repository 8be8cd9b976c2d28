// Finding the trustlint binary: the trustlint.path setting, then the binary bundled in
// the extension for this platform, then PATH. No vscode import: unit-tested under node.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const INSTALL_URL = 'https://github.com/trustlint/trustlint#install';

export type BinarySource = 'setting' | 'bundled' | 'PATH';

export interface Found {
  path: string;
  source: BinarySource;
}

export interface NotFound {
  path?: undefined;
  /** one line per place looked at */
  tried: string[];
  /** the setting names a file that is not there or not executable */
  badSetting?: string;
}

export function exeName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'trustlint.exe' : 'trustlint';
}

/** bin/<platform>-<arch>/trustlint inside the extension. */
export function bundledPath(extensionDir: string, platform: NodeJS.Platform = process.platform,
  arch: string = process.arch): string {
  return path.join(extensionDir, 'bin', `${platform}-${arch}`, exeName(platform));
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

export interface Lookup {
  setting?: string;
  extensionDir: string;
  envPath?: string;
  workspaceFolder?: string;
  platform?: NodeJS.Platform;
  arch?: string;
}

export function findBinary(o: Lookup): Found | NotFound {
  const platform = o.platform ?? process.platform;
  const tried: string[] = [];
  const setting = (o.setting ?? '').trim();
  if (setting) {
    let p = expandHome(setting.replace(/\$\{workspaceFolder\}/g, o.workspaceFolder ?? ''));
    if (!path.isAbsolute(p) && o.workspaceFolder) p = path.join(o.workspaceFolder, p);
    if (isExecutable(p)) return { path: p, source: 'setting' };
    // an explicit setting that does not work is an error, not a reason to run another binary
    return { tried: [`trustlint.path: ${p} (not an executable file)`], badSetting: p };
  }
  tried.push('trustlint.path: not set');
  const bundled = bundledPath(o.extensionDir, platform, o.arch ?? process.arch);
  if (isExecutable(bundled)) return { path: bundled, source: 'bundled' };
  tried.push(`bundled: ${bundled} (none for this platform)`);
  const dirs = (o.envPath ?? process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const p = path.join(dir, exeName(platform));
    if (isExecutable(p)) return { path: p, source: 'PATH' };
  }
  tried.push('PATH: no trustlint');
  return { tried };
}
