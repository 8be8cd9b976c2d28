// VS Code settings -> the server's settings object (initializationOptions and
// workspace/didChangeConfiguration's "trustlint" section).
export interface ServerSettings {
  debounceMs?: number;
  rules?: { disable: string[] };
  severity?: Record<string, string>;
  bcrypt?: { minimumCost: number };
}

export type Get = <T>(key: string) => T | undefined;

export function serverSettings(get: Get): ServerSettings {
  const out: ServerSettings = {};
  const debounce = get<number>('debounceMs');
  if (typeof debounce === 'number') out.debounceMs = debounce;
  const disable = get<string[]>('rules.disable');
  out.rules = { disable: Array.isArray(disable) ? disable.map((s) => String(s).trim().toUpperCase()).filter(Boolean) : [] };
  const sev = get<Record<string, string>>('severity');
  out.severity = {};
  if (sev && typeof sev === 'object') {
    for (const [k, v] of Object.entries(sev)) out.severity[k.trim().toUpperCase()] = String(v);
  }
  const cost = get<number>('bcrypt.minimumCost');
  if (typeof cost === 'number') out.bcrypt = { minimumCost: cost };
  return out;
}
