import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/**
 * An alphanumeric CNPJ's check digits computed independently of src/domain/tax-id.ts: weights 2..9 from
 * the right, repeating; each character counts as its ASCII code minus 48 ('0'..'9' → 0..9, 'A' → 17).
 */
function cnpjCheckDigits(base12: string): string {
  const digit = (chars: string) => {
    let sum = 0;
    [...chars].reverse().forEach((c, i) => (sum += (c.charCodeAt(0) - 48) * (2 + (i % 8))));
    return sum % 11 < 2 ? 0 : 11 - (sum % 11);
  };
  const first = digit(base12);
  return `${first}${digit(`${base12}${first}`)}`;
}

describe('POST /v1/customers', () => {
  it('creates a customer with 201 and every field round-trips through GET', async () => {
    const body = {
      name: 'Maria Silva',
      email: 'maria@example.com',
      phone: '+55 (11) 99999-9999',
      tax_id: { type: 'br_cpf', value: '529.982.247-25' },
      metadata: { crm: 'hubspot-42', tier: 'gold' },
    };
    const res = await t.request('POST', '/v1/customers', { body });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^cus_[0-9a-z]{26}$/),
      object: 'customer',
      livemode: false,
      name: 'Maria Silva',
      email: 'maria@example.com',
      phone: '+55 (11) 99999-9999',
      tax_id: { type: 'br_cpf', value: '52998224725' },
      metadata: { crm: 'hubspot-42', tier: 'gold' },
      created_at: '2026-11-23T12:00:00.000Z',
      updated_at: '2026-11-23T12:00:00.000Z',
    });

    const fetched = await t.request('GET', `/v1/customers/${res.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(res.body);
  });

  it('creates an empty customer: every field is optional and defaults to null / {}', async () => {
    const res = await t.request('POST', '/v1/customers', { body: {} });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: null, email: null, phone: null, tax_id: null, metadata: {} });
  });

  it('accepts explicit nulls', async () => {
    const res = await t.request('POST', '/v1/customers', { body: { name: null, email: null, phone: null, tax_id: null } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: null, email: null, phone: null, tax_id: null });
  });

  it.each([
    ['a CPF with punctuation', { type: 'br_cpf', value: '529.982.247-25' }, '52998224725'],
    ['a bare CPF', { type: 'br_cpf', value: '52998224725' }, '52998224725'],
    ['a CNPJ with punctuation', { type: 'br_cnpj', value: '11.222.333/0001-81' }, '11222333000181'],
    ['a bare CNPJ', { type: 'br_cnpj', value: '11222333000181' }, '11222333000181'],
  ])('stores %s without punctuation', async (_name, taxId, stored) => {
    const res = await t.request('POST', '/v1/customers', { body: { tax_id: taxId } });
    expect(res.status).toBe(201);
    expect(res.body.tax_id).toEqual({ type: taxId.type, value: stored });
    const fetched = await t.request('GET', `/v1/customers/${res.body.id}`);
    expect(fetched.body.tax_id).toEqual({ type: taxId.type, value: stored });
  });

  it('accepts an alphanumeric CNPJ (from July 2026), in either case, stored upper-case', async () => {
    const base = 'AB12CD340001';
    const check = cnpjCheckDigits(base);
    expect(check).toBe('84');
    expect(cnpjCheckDigits('112223330001')).toBe('81'); // the independent computation agrees on a known numeric CNPJ
    expect(cnpjCheckDigits('12ABC34501DE')).toBe('35'); // and on the Receita Federal's published example

    const res = await t.request('POST', '/v1/customers', { body: { tax_id: { type: 'br_cnpj', value: `ab.12c.d34/0001-${check}` } } });
    expect(res.status).toBe(201);
    expect(res.body.tax_id).toEqual({ type: 'br_cnpj', value: `${base}${check}` });

    const published = await t.request('POST', '/v1/customers', { body: { tax_id: { type: 'br_cnpj', value: '12.ABC.345/01DE-35' } } });
    expect(published.status).toBe(201);
    expect(published.body.tax_id.value).toBe('12ABC34501DE35');
  });

  it('keeps an `other` tax id as free text, only trimmed', async () => {
    const res = await t.request('POST', '/v1/customers', { body: { tax_id: { type: 'other', value: '  DE 123/456.789-X  ' } } });
    expect(res.status).toBe(201);
    expect(res.body.tax_id).toEqual({ type: 'other', value: 'DE 123/456.789-X' });
  });

  it('accepts metadata at its limits: 50 keys, 40-character keys, 500-character values', async () => {
    const metadata = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${i}`.padStart(40, 'k'), 'v'.repeat(500)]));
    const res = await t.request('POST', '/v1/customers', { body: { metadata } });
    expect(res.status).toBe(201);
    expect(res.body.metadata).toEqual(metadata);
  });

  it('records a customer.created event holding the customer as created', async () => {
    const created = await t.request('POST', '/v1/customers', { body: { name: 'Evented', email: 'evented@example.com' } });
    const events = await t.request('GET', `/v1/events?object=${created.body.id}`);
    expect(events.status).toBe(200);
    expect(events.body.data).toEqual([
      expect.objectContaining({ object: 'event', type: 'customer.created', livemode: false, created_at: created.body.created_at, data: { object: created.body } }),
    ]);
  });

  it('creates a live customer with a live key', async () => {
    const res = await t.request('POST', '/v1/customers', { token: t.merchant.live, body: { name: 'Live' } });
    expect(res.status).toBe(201);
    expect(res.body.livemode).toBe(true);
    expect((await t.request('GET', `/v1/customers/${res.body.id}`, { token: t.merchant.live })).body).toEqual(res.body);
  });

  it('replays the first response for a retried Idempotency-Key, creating one customer', async () => {
    const headers = { 'idempotency-key': 'cus-retry-1' };
    const first = await t.request('POST', '/v1/customers', { body: { email: 'idem@example.com' }, headers });
    const second = await t.request('POST', '/v1/customers', { body: { email: 'idem@example.com' }, headers });
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    const list = await t.request('GET', '/v1/customers?email=idem@example.com');
    expect(list.body.data).toHaveLength(1);
  });
});
