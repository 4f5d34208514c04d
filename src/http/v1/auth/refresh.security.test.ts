import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp, TEST_PASSWORD } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const refresh = (refreshToken: string) => t.request('POST', '/v1/auth/refresh', { token: null, body: { refresh_token: refreshToken } });
const orders = (token: string) => t.request('GET', '/v1/orders', { token });

async function signedIn() {
  const { email } = await t.newUser(t.merchant.merchantId, 'owner');
  return (await t.request('POST', '/v1/auth/token', { token: null, body: { email, password: TEST_PASSWORD } })).body;
}

describe('refresh tokens', () => {
  it('work once: presenting a used one again revokes the session, for the thief and the holder alike', async () => {
    const first = await signedIn();
    const second = (await refresh(first.refresh_token)).body;
    expect((await orders(second.access_token)).status).toBe(200);

    expectProblem(await refresh(first.refresh_token), 401, 'invalid_credentials');
    expectProblem(await refresh(second.refresh_token), 401, 'invalid_credentials');
    expectProblem(await orders(second.access_token), 401, 'invalid_credentials');
    expectProblem(await orders(first.access_token), 401, 'invalid_credentials');
  });

  it('revoke only the session whose token was used again', async () => {
    const victim = await signedIn();
    const bystander = await signedIn();
    await refresh(victim.refresh_token);
    await refresh(victim.refresh_token);
    expect((await orders(bystander.access_token)).status).toBe(200);
    expect((await refresh(bystander.refresh_token)).status).toBe(200);
  });

  it('let one of two concurrent exchanges of the same token through, and then revoke the session', async () => {
    const tokens = await signedIn();
    const results = await Promise.all([refresh(tokens.refresh_token), refresh(tokens.refresh_token)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    const winner = results.find((r) => r.status === 200)!.body;
    expectProblem(await refresh(winner.refresh_token), 401, 'invalid_credentials');
    expectProblem(await orders(winner.access_token), 401, 'invalid_credentials');
  });

  it('are refused once their session is signed out', async () => {
    const tokens = await signedIn();
    expect((await t.request('POST', '/v1/auth/revoke', { token: tokens.access_token, body: {} })).status).toBe(204);
    expectProblem(await refresh(tokens.refresh_token), 401, 'invalid_credentials');
  });

  it('are not credentials for the API', async () => {
    const tokens = await signedIn();
    expectProblem(await orders(tokens.refresh_token), 401, 'invalid_credentials');
  });

  it('are stored only as their SHA-256 hash', async () => {
    const tokens = await signedIn();
    const rows = await t.db.query<Record<string, unknown>>('SELECT * FROM refresh_tokens');
    expect(JSON.stringify(rows)).not.toContain(tokens.refresh_token);
    expect(JSON.stringify(rows)).not.toContain(tokens.refresh_token.slice(-32));
    const hash = createHash('sha256').update(tokens.refresh_token).digest('hex');
    expect(rows.filter((r) => r.token_hash === hash)).toHaveLength(1);
  });
});
