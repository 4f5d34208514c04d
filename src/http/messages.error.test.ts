import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, orderBody, startTestApp, type TestApp } from '../../test/helpers.js';

/** Refusals that say what to send instead, through HTTP on every route they concern. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ bodyLimitBytes: 2048 });
});
afterAll(() => t.close());

describe('messages that teach', () => {
  it('415 names application/json and what was sent', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain; charset=utf-8']) {
      const res = await t.request('POST', '/v1/orders', { body: 'amount=100&currency=BRL', headers: { 'content-type': type } });
      expectProblem(res, 415, 'unsupported_media_type', '/v1/orders');
      expect(res.body.detail).toBe(`Send the body as JSON with Content-Type: application/json, not ${type.split(';')[0]}`);
    }
  });

  it('413 states the limit', async () => {
    const res = await t.request('POST', '/v1/orders', { body: orderBody({ description: 'x'.repeat(3000) }) });
    expectProblem(res, 413, 'payload_too_large', '/v1/orders');
    expect(res.body.detail).toBe('The body is larger than 2048 bytes, the most this server takes (PAYORDERS_BODY_LIMIT_BYTES)');
  });

  it('"1,50" says to use a dot as the decimal separator', async () => {
    const res = await t.request('POST', '/v1/orders', { body: { amount_decimal: '1,50', currency: 'BRL' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: '/amount_decimal', in: 'body', code: 'invalid', message: 'must use a dot as the decimal separator: "1.50", not "1,50"' },
    ]);
    const notDecimal = await t.request('POST', '/v1/orders', { body: { amount_decimal: 'ten', currency: 'BRL' } });
    expect(notDecimal.body.errors[0].message).not.toContain('decimal separator');
  });

  it('amount with amount_decimal says to send only one of them', async () => {
    const res = await t.request('POST', '/v1/orders', { body: { amount: 150, amount_decimal: '1.50', currency: 'BRL' } });
    expect(res.body.detail).toBe('amount_decimal cannot be sent with amount: send only one of amount (minor units) and amount_decimal (major units)');
  });

  it('a CNPJ in a CPF field, or a CPF in a CNPJ field, says which it is', async () => {
    const cnpjAsCpf = await t.request('POST', '/v1/customers', { body: { name: 'Loja', tax_id: { type: 'br_cpf', value: '11.222.333/0001-81' } } });
    expect(cnpjAsCpf.body.errors).toEqual([{ path: '/tax_id/value', code: 'invalid_tax_id', message: 'is a CNPJ, not a CPF: send it with type br_cnpj' }]);
    const cpfAsCnpj = await t.request('POST', '/v1/customers', { body: { name: 'Ana', tax_id: { type: 'br_cnpj', value: '529.982.247-25' } } });
    expect(cpfAsCnpj.body.errors[0].message).toBe('is a CPF, not a CNPJ: send it with type br_cpf');
    const neither = await t.request('POST', '/v1/customers', { body: { name: 'Ana', tax_id: { type: 'br_cpf', value: '529.982.247-26' } } });
    expect(neither.body.errors[0].message).toBe('is not a valid CPF (check digits do not match)');
  });

  it('a metadata error names the key', async () => {
    const longKey = 'k'.repeat(41);
    const res = await t.request('POST', '/v1/orders', { body: orderBody({ metadata: { [longKey]: 'v', 'a/b': 'x'.repeat(501) } }) });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: `/metadata/${longKey}`, in: 'body', code: 'too_large', message: 'is a key with more than 40 characters' },
      { path: '/metadata/a~1b', in: 'body', code: 'too_large', message: 'must NOT have more than 500 characters' },
    ]);
    expect(res.body.detail).toContain(`metadata.${longKey} is a key with more than 40 characters`);
  });

  it('GET /v1/orders/ (trailing slash) is the list, query and all', async () => {
    const id = (await t.request('POST', '/v1/orders', { body: orderBody() })).body.id;
    for (const url of ['/v1/orders/', '/v1/orders/?limit=1']) {
      const res = await t.request('GET', url);
      expect(res.status, url).toBe(200);
      expect(res.body).toMatchObject({ object: 'list', url: '/v1/orders', data: [expect.objectContaining({ id })] });
    }
    expect((await t.request('GET', `/v1/orders/${id}/`)).body.id).toBe(id);
  });
});
