import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glomopay } from '../../../../test/compat/faces.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
const made: string[] = [];
beforeAll(async () => {
  t = await startTestApp();
  // 23 customers a minute apart, every third made through /v1.
  for (let i = 0; i < 23; i++) {
    if (i % 3 === 2) made.push(`cust_${(await t.request('POST', '/v1/customers', { body: { name: `C${i}` } })).body.id.slice(4)}`);
    else made.push((await glomopay(t, 'POST', '/api/v1/customers', { body: { name: `C${i}` } })).body.id);
    t.clock.advance(60_000);
  }
});
afterAll(() => t.close());

describe('GET /compat/glomopay/api/v1/customers', () => {
  it('lists newest first, 20 a page by default, with page_meta, those made through /v1 too', async () => {
    const first = await glomopay(t, 'GET', '/api/v1/customers');
    expect(first.status).toBe(200);
    expect(first.body.data.map((c: { id: string }) => c.id)).toEqual(made.slice(3).reverse());
    expect(first.body.data[0]).toEqual((await glomopay(t, 'GET', `/api/v1/customers/${made[22]}`)).body);
    expect(first.body.page_meta).toEqual({ current: 1, previous: null, next: 2, per_page: 20, pages: 2, count: 23 });
    const second = await glomopay(t, 'GET', '/api/v1/customers?page=2');
    expect(second.body.data.map((c: { id: string }) => c.id)).toEqual(made.slice(0, 3).reverse());
    expect(second.body.page_meta).toEqual({ current: 2, previous: 1, next: null, per_page: 20, pages: 2, count: 23 });
  });

  it('clamps per_page to 100 rather than refusing it, and pages by any size', async () => {
    const all = await glomopay(t, 'GET', '/api/v1/customers?per_page=1000');
    expect(all.body.data).toHaveLength(23);
    expect(all.body.page_meta).toEqual({ current: 1, previous: null, next: null, per_page: 100, pages: 1, count: 23 });
    const small = await glomopay(t, 'GET', '/api/v1/customers?per_page=5&page=5');
    expect(small.body.data.map((c: { id: string }) => c.id)).toEqual(made.slice(0, 3).reverse());
    expect(small.body.page_meta).toEqual({ current: 5, previous: 4, next: null, per_page: 5, pages: 5, count: 23 });
  });
});
