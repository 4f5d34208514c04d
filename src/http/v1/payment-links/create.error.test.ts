import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /v1/payment_links refuses', () => {
  it.each([
    [{ currency: 'BRL' }, 'amount'],
    [{ amount: 100, amount_decimal: '1.00', currency: 'BRL' }, 'amount'],
    [{ amount: 100, currency: 'XXX' }, 'currency'],
    [{ amount: 100, currency: 'BRL', payment_methods: ['cash'] }, '/payment_methods/0'],
    [{ amount: 100, currency: 'EUR', payment_methods: ['card', 'pix'] }, '{"path":"/payment_methods/1","code":"currency_not_accepted"'],
    [{ amount: 100, currency: 'BRL', redirect_url: 'javascript:alert(1)' }, '/redirect_url'],
    [{ amount: 100, currency: 'BRL', expires_at: '2020-01-01T00:00:00Z' }, 'expires_at'],
    [{ amount: 100, currency: 'BRL', max_uses: 3 }, '/max_uses'],
  ])('%j with 400 naming %s, and makes no link', async (body, path) => {
    const res = await t.request('POST', '/v1/payment_links', { body });
    expectProblem(res, 400, 'validation_error');
    expect(JSON.stringify(res.body.errors)).toContain(path);
    expect((await t.request('GET', '/v1/payment_links')).body.data).toEqual([]);
  });

  it('an unknown or another kind of id is 404', async () => {
    expectProblem(await t.request('GET', '/v1/payment_links/plink_01jbogus'), 404, 'resource_missing');
    const order = await t.request('POST', '/v1/orders', { body: { amount: 100, currency: 'BRL' } });
    expectProblem(await t.request('POST', `/v1/payment_links/${order.body.id}/deactivate`, { body: {} }), 404, 'resource_missing');
  });
});
