import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem as expectProblemAt, startTestApp, type Response, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

function expectProblem(res: Response, status: number, code: string) {
  expectProblemAt(res, status, code, '/v1/customers');
  expect(res.body.request_id).toMatch(/^req_[0-9a-f]{24}$/);
}

/** A 400 validation_error naming exactly these fields, with these reason codes. */
function expectFields(res: Response, fields: Array<[path: string, code: string]>) {
  expectProblem(res, 400, 'validation_error');
  expect(res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual(fields);
}

const customerCount = async () => Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM customers'))[0]!.n);
const post = (body: unknown, headers?: Record<string, string>) => t.request('POST', '/v1/customers', { body, headers });

describe('POST /v1/customers refuses bad input with problem+json and creates nothing', () => {
  afterAll(async () => {
    expect(await customerCount()).toBe(0);
    expect((await t.request('GET', '/v1/events')).body.data).toEqual([]);
  });

  it.each([
    ['a CPF with a wrong first check digit', 'br_cpf', '529.982.247-15'],
    ['a CPF with a wrong second check digit', 'br_cpf', '529.982.247-24'],
    ['a CPF of all-same digits (passes the arithmetic)', 'br_cpf', '111.111.111-11'],
    ['a CPF of all zeros', 'br_cpf', '00000000000'],
    ['a CPF that is too short', 'br_cpf', '5299822472'],
    ['a CPF with letters', 'br_cpf', '5299822472A'],
    ['a CNPJ with wrong check digits', 'br_cnpj', '11.222.333/0001-82'],
    ['a CNPJ of all-same digits', 'br_cnpj', '00.000.000/0000-00'],
    ['an alphanumeric CNPJ with wrong check digits', 'br_cnpj', 'AB.12C.D34/0001-85'],
    ['a CNPJ with letters in the check digits', 'br_cnpj', 'AB.12C.D34/0001-8A'],
  ])('refuses %s at /tax_id/value', async (_name, type, value) => {
    const res = await post({ tax_id: { type, value } });
    expectFields(res, [['/tax_id/value', 'invalid_tax_id']]);
    expect(res.body.errors[0].message).toMatch(type === 'br_cpf' ? /CPF/ : /CNPJ/);
  });

  it('refuses an `other` tax id that is only blanks', async () => {
    expectFields(await post({ tax_id: { type: 'other', value: '   ' } }), [['/tax_id/value', 'invalid_tax_id']]);
  });

  it('refuses an unknown tax id type, naming the allowed ones', async () => {
    const res = await post({ tax_id: { type: 'us_ein', value: '12-3456789' } });
    expectFields(res, [['/tax_id/type', 'not_allowed']]);
    expect(res.body.errors[0].message).toContain('br_cpf');
  });

  it('refuses a tax id without its value', async () => {
    expectFields(await post({ tax_id: { type: 'br_cpf' } }), [['/tax_id/value', 'missing']]);
  });

  it('refuses unknown fields instead of dropping them', async () => {
    const res = await post({ name: 'X', mail: 'x@example.com', tax_id: { type: 'other', value: '1', country: 'DE' } });
    expectProblem(res, 400, 'validation_error');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: '/mail', in: 'body', code: 'unknown_field', message: 'is not a known field' },
        expect.objectContaining({ path: '/tax_id/country', code: 'unknown_field' }),
      ]),
    );
  });

  it.each([
    ['name', 42],
    ['name', true],
    ['email', ['a@example.com']],
    ['phone', 5511999999999],
    ['tax_id', '52998224725'],
    ['metadata', 'crm=1'],
    ['metadata', ['a']],
  ])('refuses %s of the wrong type (%j)', async (field, value) => {
    expectFields(await post({ [field]: value }), [[`/${field}`, 'wrong_type']]);
  });

  it('refuses a non-string metadata value at its key', async () => {
    expectFields(await post({ metadata: { n: 1 } }), [['/metadata/n', 'wrong_type']]);
  });

  it.each(['not-an-email', 'a@', '@example.com', 'a b@example.com'])('refuses the email %j', async (email) => {
    const res = await post({ email });
    expectFields(res, [['/email', 'invalid']]);
    expect(res.body.errors[0].message).toMatch(/email/);
  });

  it('refuses an overlong email, an empty name and a malformed phone', async () => {
    expectFields(await post({ email: `${'a'.repeat(250)}@example.com` }), [['/email', 'too_large']]);
    expectFields(await post({ name: '' }), [['/name', 'too_small']]);
    expectFields(await post({ phone: 'call me' }), [['/phone', 'invalid']]);
  });

  it('refuses metadata with 51 keys', async () => {
    const metadata = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expectFields(await post({ metadata }), [['/metadata', 'too_large']]);
  });

  it('refuses a 41-character metadata key', async () => {
    const res = await post({ metadata: { ['k'.repeat(41)]: 'v' } });
    expectProblem(res, 400, 'validation_error');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: `/metadata/${'k'.repeat(41)}`, code: 'too_large', message: 'is a key with more than 40 characters' })]);
  });

  it('refuses an empty metadata key', async () => {
    const res = await post({ metadata: { '': 'v' } });
    expectProblem(res, 400, 'validation_error');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/metadata/', code: 'too_small', message: 'is an empty key' })]);
  });

  it('refuses a 501-character metadata value at its key', async () => {
    expectFields(await post({ metadata: { note: 'v'.repeat(501) } }), [['/metadata/note', 'too_large']]);
  });

  it('names every bad field at once', async () => {
    const res = await post({ name: 1, email: 'nope', extra: true });
    expectProblem(res, 400, 'validation_error');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/email', '/extra', '/name']);
  });

  it('refuses a body that is not an object', async () => {
    expectFields(await post([]), [['/', 'wrong_type']]);
    expectFields(await post('"text"', { 'content-type': 'application/json' }), [['/', 'wrong_type']]);
    expectFields(await post('null', { 'content-type': 'application/json' }), [['/', 'wrong_type']]);
  });

  it('refuses malformed JSON with invalid_json', async () => {
    const res = await post('{"name": "unterminated', { 'content-type': 'application/json' });
    expectProblem(res, 400, 'invalid_json');
    expect(res.body.errors).toBeUndefined();
  });

  it('refuses an empty JSON body with invalid_json', async () => {
    expectProblem(await post('', { 'content-type': 'application/json' }), 400, 'invalid_json');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml'])(
    'refuses a %s body with 415',
    async (type) => {
      expectProblem(await post('name=Maria', { 'content-type': type }), 415, 'unsupported_media_type');
    },
  );

  it('refuses a body without a content type with 415', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/customers', headers: { authorization: `Bearer ${t.merchant.token}` }, payload: '{}' });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await post({ name: 'x', metadata: { big: 'x'.repeat(300 * 1024) } });
    expectProblem(res, 413, 'payload_too_large');
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const res = await post({ name: 'x' }, { 'idempotency-key': 'x'.repeat(300) });
    expectProblem(res, 400, 'idempotency_key_invalid');
  });
});

describe('POST /v1/customers and Idempotency-Key misuse', () => {
  it('refuses reusing an Idempotency-Key with another body with 422', async () => {
    const headers = { 'idempotency-key': 'cus-reuse' };
    expect((await post({ name: 'A' }, headers)).status).toBe(201);
    expectProblem(await post({ name: 'B' }, headers), 422, 'idempotency_key_reused');
  });
});
