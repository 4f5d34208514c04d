import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropSchema, newSchemaName, onTestServer, TEST_DATABASE_URL } from '../helpers.js';

/**
 * Real `node --import tsx src/main.ts` processes for the process-level tests: spawned with their own
 * environment, their stderr (the banner for the terminal; stdout is JSON log lines) parsed for the listening
 * URL and the first-start API key, and always killed by `killAll()` (afterEach/afterAll), failures included.
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Server {
  child: ChildProcess;
  pid: number;
  url: string;
  /** The test API key printed on the first start of a store; null on later starts. */
  firstKey: string | null;
  /** Everything the process wrote, stdout and stderr interleaved as they arrived. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Where a server keeps its data: a PostgreSQL schema or a PGlite data directory. */
export interface StoreTarget {
  env: Record<string, string>;
  describe: string;
}

const children = new Set<ChildProcess>();

/** A fresh, empty schema on the test server; the server is pointed at it through the URL's `options`. */
export async function postgresTarget(): Promise<StoreTarget & { schema: string; databaseUrl: string; drop(): Promise<void> }> {
  const schema = newSchemaName();
  await onTestServer((db) => db.exec(`CREATE SCHEMA "${schema}"`));
  const sep = TEST_DATABASE_URL.includes('?') ? '&' : '?';
  // `options=-csearch_path=…` in the URL is libpq's way to pick a schema; node-postgres honours it too.
  const databaseUrl = `${TEST_DATABASE_URL}${sep}options=${encodeURIComponent(`-csearch_path=${schema}`)}`;
  const dir = mkdtempSync(join(tmpdir(), 'payorders-proc-'));
  return {
    schema,
    databaseUrl,
    describe: `postgres schema ${schema}`,
    env: { DATABASE_URL: databaseUrl, PAYORDERS_DATA_DIR: dir },
    drop: async () => {
      rmSync(dir, { recursive: true, force: true });
      await dropSchema(schema);
    },
  };
}

export function pgliteTarget(): StoreTarget & { dataDir: string; drop(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'payorders-proc-'));
  return {
    dataDir: dir,
    describe: `pglite data dir ${dir}`,
    // An empty DATABASE_URL wins over any .env file: the embedded store.
    env: { DATABASE_URL: '', PAYORDERS_DATA_DIR: dir },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Spawns the server; does not wait for it. */
export function spawnServer(env: Record<string, string>, command = ['--import', 'tsx', 'src/main.ts']): Pick<Server, 'child' | 'output' | 'stdout' | 'stderr' | 'exited'> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(PAYORDERS_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$|PUBLIC_BASE_URL$)/.test(k)),
  );
  const child = spawn(process.execPath, command, {
    cwd: ROOT,
    env: {
      ...base,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      PAYORDERS_RATE_LIMIT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, output: () => out, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Starts a server and waits until it listens (and, when `expectKey`, has printed the first key). */
export async function startServer(
  env: Record<string, string>,
  options: { expectKey?: boolean; timeoutMs?: number; command?: string[] } = {},
): Promise<Server> {
  const spawned = spawnServer(env, options.command);
  const { child, output, stderr, exited } = spawned;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((e) => (exit = e));
  for (;;) {
    const banner = stderr();
    const url = /Payorders is listening on (http:\/\/\S+)/.exec(banner)?.[1];
    const key = /keep it now:\s*\n\s*\n\s*(\S+)\s*\n/.exec(banner)?.[1] ?? null;
    if (url && (!options.expectKey || key)) {
      return { ...spawned, pid: child.pid!, url, firstKey: key };
    }
    if (exit) throw new Error(`server exited (${exit.code ?? exit.signal}) before listening:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start within the time limit:\n${output()}`);
    }
    await sleep(25);
  }
}

/** SIGKILLs the server and waits until it is gone. */
export async function killServer(server: Pick<Server, 'child' | 'exited'>, signal: NodeJS.Signals = 'SIGKILL') {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  return server.exited;
}

/** Every child this module spawned and that is still running: SIGKILL, then wait for the exits. */
export async function killAll(): Promise<void> {
  const waits = [...children].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(waits);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = any>(
  server: { url: string },
  key: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<HttpResult<T>> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, body: type.includes('json') && text ? JSON.parse(text) : text };
}

/** Runs `fn` over `items` with at most `concurrency` in flight; results in order. */
export async function mapLimit<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    }),
  );
  return results;
}

/** All pages of a list endpoint, following `starting_after`. */
export async function listAll<T extends { id: string } = any>(server: { url: string }, key: string, path: string): Promise<T[]> {
  const all: T[] = [];
  let after: string | undefined;
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await call(server, key, 'GET', `${path}${sep}limit=100${after ? `&starting_after=${after}` : ''}`);
    if (res.status !== 200) throw new Error(`GET ${path} -> ${res.status} ${JSON.stringify(res.body)}`);
    all.push(...(res.body.data as T[]));
    if (!res.body.has_more) return all;
    after = all[all.length - 1]!.id;
  }
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed, when it is JSON (with --json, on success and on failure alike). */
  json: any;
}

/** `node bin/payorders.js …` (or the compiled `script`) as an operator runs it: from `cwd`, with only `env` for configuration. */
export function runCliProcess(args: string[], options: { cwd: string; env: Record<string, string>; input?: string; script?: string }): Promise<CliRun> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PAYORDERS_|DATABASE_URL$|PORT$|HOST$|PUBLIC_BASE_URL$)/.test(k)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, options.script ?? join('bin', 'payorders.js')), ...args], { cwd: options.cwd, env: { ...base, ...options.env }, stdio: 'pipe' });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      children.delete(child);
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code, stdout, stderr, json });
    });
    child.stdin.end(options.input ?? '');
  });
}
