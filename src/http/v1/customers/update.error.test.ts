import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem as expectProblemAt, startTestApp, type Response, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
let customer: { id: string; updated_at: string };
beforeAll(async () => {
  t = await startTestApp();
  customer = (await t.request('POST', '/v1/customers', {
    body: { name: 'Unchanged', tax_id: { type: 'br_cpf', value: '52998224725' }, metadata: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])) },
  })).body;
});
afterAll(() => t.close());

function expectProblem(res: Response, status: number, code: string, instance = `/v1/customers/${customer.id}`) {
  expectProblemAt(res, status, code, instance);
}

function expectFields(res: Response, fields: Array<[path: string, code: string]>) {
  expectProblem(res, 400, 'validation_error');
  expect(res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual(fields);
}

const update = (body: unknown, headers?: Record<string, string>) => t.request('POST', `/v1/customers/${customer.id}`, { body, headers });

describe('POST /v1/customers/:id refuses bad input and changes nothing', () => {
  afterAll(async () => {
    expect((await t.request('GET', `/v1/customers/${customer.id}`)).body).toEqual(customer);
    const events = await t.request('GET', `/v1/events?object=${customer.id}`);
    expect(events.body.data.map((e: { type: string }) => e.type)).toEqual(['customer.created']);
  });

  it.each([
    ['br_cpf', '529.982.247-26'],
    ['br_cpf', '222.222.222-22'],
    ['br_cnpj', '11.222.333/0001-80'],
    ['br_cnpj', '12.ABC.345/01DE-36'],
  ])('refuses the %s %s at /tax_id/value', async (type, value) => {
    expectFields(await update({ tax_id: { type, value } }), [['/tax_id/value', 'invalid_tax_id']]);
  });

  it('refuses a merge that would leave 51 metadata keys, at /metadata', async () => {
    const res = await update({ metadata: { extra: 'one too many' } });
    expectFields(res, [['/metadata', 'too_many_keys']]);
    expect(res.body.errors[0].message).toContain('50');
  });

  it('refuses 51 keys in the update itself, even if they are deletions', async () => {
    const metadata = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, null]));
    expectFields(await update({ metadata }), [['/metadata', 'too_large']]);
  });

  it('refuses a 41-character key and a 501-character value', async () => {
    const key = await update({ metadata: { ['k'.repeat(41)]: null } });
    expectProblem(key, 400, 'validation_error');
    expect(key.body.errors).toEqual([expect.objectContaining({ path: `/metadata/${'k'.repeat(41)}`, code: 'too_large' })]);
    expectFields(await update({ metadata: { k0: 'v'.repeat(501) } }), [['/metadata/k0', 'too_large']]);
  });

  it('refuses a non-string, non-null metadata value', async () => {
    expectFields(await update({ metadata: { k0: 7 } }), [['/metadata/k0', 'wrong_type']]);
  });

  it('refuses unknown fields, including read-only ones', async () => {
    const res = await update({ id: 'cus_x', livemode: true, created_at: '2020-01-01T00:00:00Z', nmae: 'typo' });
    expectProblem(res, 400, 'validation_error');
    expect(res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]).sort()).toEqual([
      ['/created_at', 'unknown_field'],
      ['/id', 'unknown_field'],
      ['/livemode', 'unknown_field'],
      ['/nmae', 'unknown_field'],
    ]);
  });

  it('refuses wrong types and a bad email', async () => {
    expectFields(await update({ name: 1 }), [['/name', 'wrong_type']]);
    expectFields(await update({ metadata: 'none' }), [['/metadata', 'wrong_type']]);
    expectFields(await update({ email: 'ana at example.com' }), [['/email', 'invalid']]);
    expectFields(await update({ tax_id: { type: 'br_cpf', value: '' } }), [['/tax_id/value', 'too_small']]);
  });

  it('refuses malformed JSON, an empty JSON body and non-JSON content types', async () => {
    expectProblem(await update('{"name":', { 'content-type': 'application/json' }), 400, 'invalid_json');
    expectProblem(await update('', { 'content-type': 'application/json' }), 400, 'invalid_json');
    expectProblem(await update('name=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
    expectProblem(await update('name', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
  });
});

describe('POST /v1/customers/:id for a customer that does not exist', () => {
  it('answers 404 resource_missing and creates nothing', async () => {
    const id = 'cus_0000000000000000000000000a';
    expectProblem(await t.request('POST', `/v1/customers/${id}`, { body: { name: 'Ghost' } }), 404, 'resource_missing', `/v1/customers/${id}`);
    expectProblem(await t.request('POST', '/v1/customers/nope', { body: {} }), 404, 'resource_missing', '/v1/customers/nope');
    const events = await t.request('GET', '/v1/events?type=customer.updated');
    expect(events.body.data).toEqual([]);
  });

  it('validates the body before looking the customer up', async () => {
    const id = 'cus_0000000000000000000000000a';
    const res = await t.request('POST', `/v1/customers/${id}`, { body: { bogus: 1 } });
    expect(res.status).toBe(400);
  });
});
