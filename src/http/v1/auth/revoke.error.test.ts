import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem as expectProblemAt, startTestApp, type Response, type TestApp, TEST_PASSWORD } from '../../../../test/helpers.js';

let t: TestApp;
let session: { access_token: string; refresh_token: string };
beforeAll(async () => {
  t = await startTestApp();
  const { email } = await t.newUser(t.merchant.merchantId, 'owner');
  session = (await t.request('POST', '/v1/auth/token', { token: null, body: { email, password: TEST_PASSWORD } })).body;
});
afterAll(() => t.close());

const revoke = (token: string | null, body?: unknown, headers?: Record<string, string>) => t.request('POST', '/v1/auth/revoke', { token, body, headers });
const expectProblem = (res: Response, status: number, code: string) => expectProblemAt(res, status, code, '/v1/auth/revoke');

describe('POST /v1/auth/revoke refuses', () => {
  it('a request without credentials, or with a token that is not valid: 401', async () => {
    expectProblem(await revoke(null, {}), 401, 'authentication_required');
    expectProblem(await revoke('garbage', {}), 401, 'invalid_credentials');
    expectProblem(await revoke(session.refresh_token, {}), 401, 'invalid_credentials');
  });

  it('an API key: only a user access token signs out, 403', async () => {
    expectProblem(await revoke(t.merchant.token, {}), 403, 'forbidden');
    expectProblem(await revoke(t.merchant.token, { refresh_token: session.refresh_token }), 403, 'forbidden');
    expect((await t.request('POST', '/v1/auth/refresh', { token: null, body: { refresh_token: session.refresh_token } })).status).toBe(200);
  });

  it('malformed bodies: 400 naming the field', async () => {
    for (const [body, path, code] of [
      [{ refresh_token: 42 }, '/refresh_token', 'wrong_type'],
      [{ refresh_token: '' }, '/refresh_token', 'too_small'],
      [{ session: 'all' }, '/session', 'unknown_field'],
    ] as const) {
      const res = await revoke(session.access_token, body);
      expectProblem(res, 400, 'validation_error');
      expect(res.body.errors).toEqual([expect.objectContaining({ path, code })]);
    }
    expectProblem(await revoke(session.access_token, '{"refresh_token":', { 'content-type': 'application/json' }), 400, 'invalid_json');
  });

  it('a token whose session was already signed out: 401', async () => {
    const { email } = await t.newUser(t.merchant.merchantId, 'owner');
    const tokens = (await t.request('POST', '/v1/auth/token', { token: null, body: { email, password: TEST_PASSWORD } })).body;
    expect((await revoke(tokens.access_token, {})).status).toBe(204);
    expectProblem(await revoke(tokens.access_token, {}), 401, 'invalid_credentials');
  });
});
