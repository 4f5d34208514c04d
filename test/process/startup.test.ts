import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, TEST_STORE } from '../helpers.js';
import { call, killAll, killServer, pgliteTarget, postgresTarget, sleep, spawnServer, startServer } from './server.js';

/**
 * Start-up as compose or systemd meets it: a database that is not there yet is named in one sentence and
 * waited for; a data directory that cannot be written is one sentence; HOST=0.0.0.0 prints addresses
 * that answer.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(killAll);
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** `url` with its port replaced: the same server and schema, reached through another port. */
function onPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.port = String(port);
  return parsed.toString();
}

/** A TCP relay from `port` to the test PostgreSQL server: the database "coming up" late. */
function relay(port: number): Promise<NetServer> {
  const upstream = new URL(TEST_DATABASE_URL);
  const server = createServer((client) => {
    const db = createConnection(Number(upstream.port || 5432), upstream.hostname);
    client.pipe(db).pipe(client);
    const end = () => (client.destroy(), db.destroy());
    client.on('error', end);
    db.on('error', end);
  });
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(TEST_STORE !== 'postgres')('start-up against a PostgreSQL server that is not there yet', () => {
  it('says what it cannot reach in one sentence, and exits 1 once PAYORDERS_DB_WAIT_SECONDS is spent', async () => {
    const port = await freePort();
    const started = Date.now();
    const server = spawnServer({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/test`, PAYORDERS_DB_WAIT_SECONDS: '2' });
    expect((await server.exited).code).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    const lines = server.stderr().trim().split('\n');
    const sentence = `cannot reach PostgreSQL at 127.0.0.1:${port} from DATABASE_URL: connection refused`;
    expect(lines).toEqual([`${sentence}; trying again for up to 2 s (PAYORDERS_DB_WAIT_SECONDS)`, sentence]);
    // Each attempt is in the log (JSON lines on stdout), with its backoff.
    const attempts = server.stdout().trim().split('\n').map((line) => JSON.parse(line));
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.every((a) => a.msg === sentence && a.retryInMs > 0)).toBe(true);
  }, 60_000);

  it('waits for the server and starts once it answers', async () => {
    const target = await postgresTarget();
    cleanups.push(target.drop);
    const port = await freePort();
    const server = spawnServer({ ...target.env, DATABASE_URL: onPort(target.databaseUrl, port), PAYORDERS_DB_WAIT_SECONDS: '60' });
    const until = async (text: string) => {
      for (let i = 0; i < 1200 && !server.stderr().includes(text); i++) await sleep(50);
      expect(server.stderr()).toContain(text);
    };
    await until(`cannot reach PostgreSQL at 127.0.0.1:${port} from DATABASE_URL: connection refused; trying again for up to 60 s`);
    await sleep(1000); // a retry or two more
    await relay(port);
    await until('Payorders is listening on ');
    const key = /keep it now:\s*\n\s*\n\s*(\S+)\s*\n/.exec(server.stderr())?.[1];
    const url = /Payorders is listening on (http:\/\/\S+)/.exec(server.stderr())![1]!;
    expect((await call({ url }, key!, 'GET', '/v1/orders')).status).toBe(200);
    await killServer(server, 'SIGTERM');
  }, 120_000);
});

describe('start-up, whichever the store', () => {
  it.skipIf(TEST_STORE !== 'pglite')('a data directory that cannot be written is one sentence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payorders-unwritable-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'file'), '');
    const dataDir = join(dir, 'file', 'data');
    const server = spawnServer({ DATABASE_URL: '', PAYORDERS_DATA_DIR: dataDir });
    expect((await server.exited).code).toBe(1);
    expect(server.stderr().trim()).toBe(`cannot write the data directory ${dataDir} (PAYORDERS_DATA_DIR): part of its path is a file`);
  }, 60_000);

  it('HOST=0.0.0.0 without PUBLIC_BASE_URL: the banner, the links and the OpenAPI server name addresses that answer, and say to set PUBLIC_BASE_URL', async () => {
    const target = TEST_STORE === 'postgres' ? await postgresTarget() : pgliteTarget();
    cleanups.push(target.drop);
    const port = await freePort();
    const server = await startServer({ ...target.env, HOST: '0.0.0.0', PORT: String(port) }, { expectKey: true });
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
    expect(server.stderr()).toContain('set PUBLIC_BASE_URL to the address clients use');
    const openapi = await call(server, '', 'GET', '/openapi.json');
    const advertised = openapi.body.servers[0].url as string;
    expect(advertised).not.toContain('0.0.0.0');
    expect(server.stderr()).toContain(`the OpenAPI server name ${advertised}`);
    expect((await fetch(`${advertised}/healthz`)).status).toBe(200);
    await killServer(server, 'SIGTERM');
  }, 120_000);
});
