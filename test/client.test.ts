import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { startTestApp, type TestApp } from './helpers.js';

/**
 * A typed client generated from the running service's /openapi.json (openapi-typescript types, the
 * openapi-fetch client), compiled with the README walkthrough against those types, then run against the
 * service over HTTP.
 */

const ROOT = resolve(import.meta.dirname, '..');
let t: TestApp;
let baseUrl: string;
let workDir: string;

beforeAll(async () => {
  t = await startTestApp();
  baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  workDir = await mkdtemp(join(tmpdir(), 'payorders-client-'));
  const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as OpenAPI3;
  await writeFile(join(workDir, 'payorders-api.ts'), astToString(await openapiTS(document)));
  await copyFile(join(ROOT, 'test/client/walkthrough.ts'), join(workDir, 'walkthrough.ts'));
  await symlink(join(ROOT, 'node_modules'), join(workDir, 'node_modules'));
});
afterAll(async () => {
  await t?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('a client generated from /openapi.json', () => {
  it('compiles the README walkthrough against the generated types', { timeout: 120_000 }, async () => {
    expect(await readFile(join(workDir, 'payorders-api.ts'), 'utf8')).toContain('"/v1/orders/{id}/payments"');
    await writeFile(
      join(workDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], lib: ['ES2023', 'DOM'] },
        files: ['walkthrough.ts', 'payorders-api.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const compiled = await promisify(execFile)(process.execPath, [tsc, '-p', workDir]).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(compiled).toBe('');
  });

  it('drives the README walkthrough against the running service', async () => {
    // The copy the test above compiles, beside the generated types (which the repository does not keep).
    const { readmeWalkthrough } = await import(pathToFileURL(join(workDir, 'walkthrough.ts')).href);
    const run = await readmeWalkthrough(baseUrl, t.merchant.token);
    expect(run.order).toMatchObject({ status: 'open', amount: 29700, currency: 'BRL' });
    expect(run.order.id).toMatch(/^ord_/);
    expect(run.replayed).toEqual({ id: run.order.id, header: 'true' });
    expect(run.fetched).toBe('1001');
    expect(run.openIds).toEqual([run.order.id]);
    expect(run.instructions).toEqual({ type: 'pix', hasEmv: true });
    expect(run.paidStatus).toBe('succeeded');
    expect(run.orderAfterPayment).toEqual({ status: 'paid', amount_due: 0 });
    expect(run.balancePending).toEqual([{ currency: 'BRL', amount: expect.any(Number) }]);
    expect(run.eventTypes).toEqual(expect.arrayContaining(['order.created', 'payment.created', 'payment.succeeded', 'order.paid']));
    expect(run.cancelPaid).toMatchObject({ status: 409, code: 'invalid_state_transition', requestId: expect.stringMatching(/^req_/) });
    expect(run.missing).toEqual({ status: 404, code: 'resource_missing' });
  });
});
