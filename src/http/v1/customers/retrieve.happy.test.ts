import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../../../src/domain/ids.js';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /v1/customers/:id', () => {
  it('returns the customer as created', async () => {
    const created = await t.request('POST', '/v1/customers', {
      body: { name: 'João', email: 'joao@example.com', phone: '+5511988887777', tax_id: { type: 'br_cnpj', value: '11.222.333/0001-81' }, metadata: { a: '1' } },
    });
    const res = await t.request('GET', `/v1/customers/${created.body.id}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['request-id']).toMatch(/^req_/);
    expect(res.body).toEqual(created.body);
    expect(res.body.tax_id).toEqual({ type: 'br_cnpj', value: '11222333000181' });
  });

  it('resolves the UUID spelling of the id to the same customer', async () => {
    const created = await t.request('POST', '/v1/customers', { body: { name: 'By UUID' } });
    const uuid = decodeId('customer', created.body.id)!;
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const lower = await t.request('GET', `/v1/customers/${uuid}`);
    expect(lower.status).toBe(200);
    expect(lower.body).toEqual(created.body);
    expect((await t.request('GET', `/v1/customers/${uuid.toUpperCase()}`)).body).toEqual(created.body);
  });

  it('shows the latest state after an update', async () => {
    const created = await t.request('POST', '/v1/customers', { body: { name: 'Before' } });
    t.clock.advance(1000);
    await t.request('POST', `/v1/customers/${created.body.id}`, { body: { name: 'After' } });
    const res = await t.request('GET', `/v1/customers/${created.body.id}`);
    expect(res.body).toMatchObject({ name: 'After', created_at: created.body.created_at });
    expect(Date.parse(res.body.updated_at) - Date.parse(created.body.created_at)).toBe(1000);
  });

  it("is readable by the owner and by the store's and branch's users when a branch user created it", async () => {
    const users = await t.newUserOfEachRole(t.merchant.merchantId);
    const created = await t.request('POST', '/v1/customers', { token: users[2]!.token, body: { name: 'Shared' } });
    for (const user of [...users, { token: t.merchant.token }]) {
      const res = await t.request('GET', `/v1/customers/${created.body.id}`, { token: user.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(created.body);
    }
  });
});
