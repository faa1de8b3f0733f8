import { existsSync, readFileSync } from 'node:fs';

/**
 * The distinct errors in a service's JSON log (pino lines), most frequent first: the message and
 * the error's first line, with ids and numbers blanked so that repeats group together.
 */
export function summarizeLog(file: string, top = 5): { count: number; line: string }[] {
  if (!existsSync(file)) return [];
  const counts = new Map<string, number>();
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    if (!raw.startsWith('{')) continue;
    let entry: { level?: number; msg?: string; err?: { type?: string; message?: string } };
    try {
      entry = JSON.parse(raw);
    } catch {
      continue;
    }
    if ((entry.level ?? 0) < 40) continue;
    const detail = entry.err ? `${entry.err.type ?? 'Error'}: ${(entry.err.message ?? '').split('\n').find((l) => l.trim()) ?? ''}` : '';
    const key = `${entry.msg ?? ''}${detail ? ` — ${detail}` : ''}`
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
      .replace(/\d+/g, 'N')
      .slice(0, 220);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, top).map(([line, count]) => ({ count, line }));
}
