import { afterAll, afterEach, expect, it } from 'vitest';
import { TEST_STORE } from '../helpers.js';
import { call, killAll, killServer, pgliteTarget, postgresTarget, startServer } from './server.js';

/**
 * What a real server prints: stdout is the log stream (journald, a container's logs), so it carries JSON
 * lines only and never the first-start key; the banner for the person at the terminal goes to stderr,
 * with that key shown exactly once.
 */

const targets: Array<{ drop(): Promise<void> }> = [];
afterEach(killAll);
afterAll(async () => {
  await Promise.all(targets.map((t) => t.drop()));
});

const occurrences = (text: string, part: string) => text.split(part).length - 1;

it(`stdout is JSON log lines only; the banner and the first key, once, are on stderr (${TEST_STORE})`, async () => {
  const target = TEST_STORE === 'postgres' ? await postgresTarget() : pgliteTarget();
  targets.push(target);
  const server = await startServer({ ...target.env, LOG_LEVEL: 'info' }, { expectKey: true });
  const key = server.firstKey!;
  expect(key).toMatch(/^sk_test_/);
  expect((await call(server, key, 'GET', '/v1/orders')).status).toBe(200);
  expect(await killServer(server, 'SIGTERM')).toEqual({ code: 0, signal: null });

  const lines = server.stdout().split('\n').filter((line) => line !== '');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
  expect(lines.map((line) => JSON.parse(line).msg)).toContain('payorders listening');
  expect(server.stdout()).not.toContain(key);

  const banner = server.stderr();
  expect(occurrences(banner, key)).toBe(1);
  expect(banner).toContain(`Payorders is listening on ${server.url}`);
  expect(banner).toContain(`${server.url}/docs`);
  expect(banner).toMatch(/created the merchant mer_[0-9a-z]{26}\b/);
  expect(banner).toContain('Bearer $KEY');
}, 120_000);
