import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FuzzRequest } from './requests.js';

/**
 * The corpus: requests that once failed, one JSON file each in corpus/, replayed before the random part.
 * Credentials and seeded ids are written as placeholders ({{test_key}}, {{order_id}}, …; see
 * FuzzEnv.placeholders); `{{repeat:N:"text"}}` (the text a JSON string literal) stands for the text
 * repeated N times, so a 200 KB body or a 20 KB header stays a short file.
 */
export interface CorpusEntry extends FuzzRequest {
  /** What failed, and why it matters. */
  description: string;
}

export const CORPUS_DIR = fileURLToPath(new URL('corpus', import.meta.url));

export function loadCorpus(dir = CORPUS_DIR): Array<{ file: string; entry: CorpusEntry }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, entry: JSON.parse(readFileSync(join(dir, file), 'utf8')) as CorpusEntry }));
}

/** The entry as a request of this run: placeholders replaced by this run's credentials and ids. */
export function materialize(entry: CorpusEntry, placeholders: Map<string, string>): FuzzRequest {
  const fill = (s: string) =>
    s
      .replace(/\{\{repeat:(\d+):("(?:[^"\\]|\\.)*")\}\}/g, (_m, n: string, text: string) => (JSON.parse(text) as string).repeat(Number(n)))
      .replace(/\{\{(\w+)\}\}/g, (m, name: string) => {
        const value = placeholders.get(name);
        if (value === undefined) throw new Error(`corpus: unknown placeholder ${m}`);
        return value;
      });
  const headers = Object.fromEntries(Object.entries(entry.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.map(fill) : fill(v)]));
  return {
    method: entry.method,
    url: fill(entry.url),
    headers,
    body: entry.body === null || entry.body === undefined ? null : entry.body && entry.bodyEncoding === 'base64' ? entry.body : fill(entry.body),
    ...(entry.bodyEncoding ? { bodyEncoding: entry.bodyEncoding } : {}),
    ...(entry.transport ? { transport: entry.transport } : {}),
  };
}

/** A failing request in corpus format, this run's credentials and ids turned back into placeholders, long runs folded. */
export function toCorpus(req: FuzzRequest, placeholders: Map<string, string>, description: string): string {
  const byLength = [...placeholders].sort((a, b) => b[1].length - a[1].length);
  const generalize = (s: string) => {
    let out = s;
    for (const [name, value] of byLength) out = out.split(value).join(`{{${name}}}`);
    return out.replace(/(.{1,8}?)\1{31,}/gs, (run, unit: string) => `{{repeat:${run.length / unit.length}:${JSON.stringify(unit)}}}`);
  };
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.map(generalize) : generalize(v)]));
  const entry: CorpusEntry = {
    description,
    method: req.method,
    url: generalize(req.url),
    headers,
    body: req.body === null ? null : req.bodyEncoding === 'base64' ? req.body : generalize(req.body),
    ...(req.bodyEncoding ? { bodyEncoding: req.bodyEncoding } : {}),
    ...(req.transport ? { transport: req.transport } : {}),
  };
  return JSON.stringify(entry, null, 2);
}
