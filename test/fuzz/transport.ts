import http from 'node:http';
import type { App } from '../../src/http/context.js';
import { bodyBytes, type FuzzRequest } from './requests.js';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body decoded as UTF-8. */
  text: string;
  bytes: number;
  ms: number;
  transport: 'inject' | 'http';
}

/** No answer within this long is a failure (a stalled server), not a slow pass. */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface Target {
  app: App;
  /** The same app listening on 127.0.0.1, for requests inject cannot express or that Node's parser must see. */
  port: number;
}

/**
 * Over the socket when the request needs Node's HTTP parser (oversized or duplicated headers, a URL that
 * is not plain ASCII or not validly percent-encoded, or has dot segments, which inject would resolve) or asks for it; through inject when a header holds
 * what node:http refuses to send (control or non-Latin-1 characters); otherwise as asked (inject by default).
 */
export function transportFor(req: FuzzRequest): 'inject' | 'http' {
  const values = Object.values(req.headers).flat();
  if (values.some((v) => /[^\t\x20-\x7e\x80-\xff]/.test(v))) return 'inject';
  const headerBytes = Object.entries(req.headers).reduce((n, [k, v]) => n + [v].flat().reduce((m, one) => m + k.length + one.length + 4, 0), 0);
  if (Object.values(req.headers).some(Array.isArray) || headerBytes > 8000 || /%(?![0-9a-f]{2})|[^\x21-\x7e]|\/\.\.?(\/|\?|$)/i.test(req.url)) return 'http';
  return req.transport ?? 'inject';
}

export async function send(target: Target, req: FuzzRequest): Promise<Reply> {
  const transport = transportFor(req);
  const started = performance.now();
  const answer = transport === 'http' ? overHttp(target, req) : overInject(target.app, req);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
  });
  try {
    const { status, headers, body } = await Promise.race([answer, timeout]);
    return { status, headers, text: body.toString('utf8'), bytes: body.length, ms: performance.now() - started, transport };
  } finally {
    clearTimeout(timer);
  }
}

async function overInject(app: App, req: FuzzRequest) {
  const res = await app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers as Record<string, string>, payload: bodyBytes(req) });
  return { status: res.statusCode, headers: res.headers as Reply['headers'], body: res.rawPayload };
}

function overHttp(target: Target, req: FuzzRequest) {
  const body = bodyBytes(req);
  const raw: string[] = ['host', `127.0.0.1:${target.port}`];
  for (const [name, value] of Object.entries(req.headers)) for (const one of [value].flat()) raw.push(name, one);
  if (body || !['GET', 'HEAD'].includes(req.method)) raw.push('content-length', String(body?.length ?? 0));
  return new Promise<{ status: number; headers: Reply['headers']; body: Buffer }>((resolve, reject) => {
    // A connection of its own: a kept-alive socket the server closed after an earlier hostile request would
    // fail this one with "socket hang up", a client-side artefact rather than an answer.
    const request = http.request({ host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: raw, setHost: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
