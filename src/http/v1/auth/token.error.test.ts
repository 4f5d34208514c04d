import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem as expectProblemAt, startTestApp, type Response, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
let user: { email: string; password: string };
beforeAll(async () => {
  t = await startTestApp();
  user = await t.newUser(t.merchant.merchantId, 'owner');
});
afterAll(() => t.close());

const signIn = (body: unknown, headers?: Record<string, string>) => t.request('POST', '/v1/auth/token', { token: null, body, headers });

function expectProblem(res: Response, status: number, code: string) {
  expectProblemAt(res, status, code, '/v1/auth/token');
  expect(res.body.access_token).toBeUndefined();
}

function expectFields(res: Response, fields: Array<[path: string, code: string]>) {
  expectProblem(res, 400, 'validation_error');
  expect(res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]).sort()).toEqual(fields);
}

describe('POST /v1/auth/token refuses bad credentials alike', () => {
  it('answers a wrong password with 401 invalid_credentials', async () => {
    expectProblem(await signIn({ email: user.email, password: 'wrong password' }), 401, 'invalid_credentials');
  });

  it('answers an unknown email with the very same body as a wrong password', async () => {
    const wrong = await signIn({ email: user.email, password: 'wrong password' });
    const unknown = await signIn({ email: 'nobody@example.com', password: 'wrong password' });
    expectProblem(unknown, 401, 'invalid_credentials');
    const { request_id: _a, ...wrongRest } = wrong.body;
    const { request_id: _b, ...unknownRest } = unknown.body;
    expect(unknownRest).toEqual(wrongRest);
    expect(unknown.headers['www-authenticate']).toBe(wrong.headers['www-authenticate']);
  });

  it('refuses the right password for the wrong case of a letter', async () => {
    expectProblem(await signIn({ email: user.email, password: user.password.toUpperCase() }), 401, 'invalid_credentials');
  });

  it('answers 401 when the named merchant is not the user merchant, or not a merchant id at all', async () => {
    const other = await t.newMerchant();
    expectProblem(await signIn({ email: user.email, password: user.password, merchant: other.merchantId }), 401, 'invalid_credentials');
    expectProblem(await signIn({ email: user.email, password: user.password, merchant: 'mer_garbage' }), 401, 'invalid_credentials');
  });
});

describe('POST /v1/auth/token refuses malformed requests with 400', () => {
  it('names every missing field', async () => {
    expectFields(await signIn({}), [
      ['/email', 'missing'],
      ['/password', 'missing'],
    ]);
    expectFields(await signIn({ email: user.email }), [['/password', 'missing']]);
    expectFields(await signIn({ password: user.password }), [['/email', 'missing']]);
  });

  it('refuses an empty password, a malformed email and wrong types', async () => {
    expectFields(await signIn({ email: user.email, password: '' }), [['/password', 'too_small']]);
    expectFields(await signIn({ email: 'not an email', password: 'x' }), [['/email', 'invalid']]);
    expectFields(await signIn({ email: user.email, password: 12345 }), [['/password', 'wrong_type']]);
    expectFields(await signIn({ email: user.email, password: 'x', livemode: 'true' }), [['/livemode', 'wrong_type']]);
  });

  it('refuses an oversized password before hashing it', async () => {
    expectFields(await signIn({ email: user.email, password: 'x'.repeat(1025) }), [['/password', 'too_large']]);
  });

  it('refuses unknown fields', async () => {
    expectFields(await signIn({ email: user.email, password: user.password, role: 'owner' }), [['/role', 'unknown_field']]);
  });

  it('refuses malformed JSON, an array body and non-JSON content types', async () => {
    expectProblem(await signIn('{"email":', { 'content-type': 'application/json' }), 400, 'invalid_json');
    expectFields(await signIn([user.email, user.password]), [['/', 'wrong_type']]);
    expectProblem(await signIn(`email=${user.email}&password=x`, { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
  });
});
