import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem as expectProblemAt, startTestApp, type Response, type TestApp, TEST_PASSWORD } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const refresh = (body: unknown, headers?: Record<string, string>) => t.request('POST', '/v1/auth/refresh', { token: null, body, headers });

function expectProblem(res: Response, status: number, code: string) {
  expectProblemAt(res, status, code, '/v1/auth/refresh');
  expect(res.body.access_token).toBeUndefined();
}

function expectFields(res: Response, fields: Array<[path: string, code: string]>) {
  expectProblem(res, 400, 'validation_error');
  expect(res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]).sort()).toEqual(fields);
}

async function signedIn() {
  const { email } = await t.newUser(t.merchant.merchantId, 'owner');
  return (await t.request('POST', '/v1/auth/token', { token: null, body: { email, password: TEST_PASSWORD } })).body;
}

describe('POST /v1/auth/refresh refuses tokens it did not issue, or no longer honours, with 401', () => {
  it('refuses a well-formed refresh token that was never issued', async () => {
    const { refresh_token } = await signedIn();
    const other = `${refresh_token.slice(0, -4)}${refresh_token.endsWith('0000') ? '1111' : '0000'}`;
    expectProblem(await refresh({ refresh_token: other }), 401, 'invalid_credentials');
  });

  it('refuses a string that is not a refresh token, and an access token in its place', async () => {
    const { access_token } = await signedIn();
    expectProblem(await refresh({ refresh_token: 'rt_garbage' }), 401, 'invalid_credentials');
    expectProblem(await refresh({ refresh_token: t.merchant.token }), 401, 'invalid_credentials');
    expectProblem(await refresh({ refresh_token: access_token.slice(0, 128) }), 401, 'invalid_credentials');
  });

  it('refuses a refresh token left unused for 30 days', async () => {
    const { refresh_token } = await signedIn();
    t.clock.advance(30 * 86_400_000);
    expectProblem(await refresh({ refresh_token }), 401, 'invalid_credentials');
  });
});

describe('POST /v1/auth/refresh refuses malformed requests with 400', () => {
  it('names the missing, empty, mistyped or oversized refresh_token and unknown fields', async () => {
    expectFields(await refresh({}), [['/refresh_token', 'missing']]);
    expectFields(await refresh({ refresh_token: '' }), [['/refresh_token', 'too_small']]);
    expectFields(await refresh({ refresh_token: 42 }), [['/refresh_token', 'wrong_type']]);
    expectFields(await refresh({ refresh_token: 'x'.repeat(129) }), [['/refresh_token', 'too_large']]);
    expectFields(await refresh({ refresh_token: 'rt_x', grant_type: 'refresh_token' }), [['/grant_type', 'unknown_field']]);
  });

  it('refuses malformed JSON and non-JSON content types', async () => {
    expectProblem(await refresh('{"refresh_token":', { 'content-type': 'application/json' }), 400, 'invalid_json');
    expectProblem(await refresh('refresh_token=rt_x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
  });
});
