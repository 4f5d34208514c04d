import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../../../src/domain/ids.js';
import { createApiKey, revokeApiKey } from '../../../../src/services/accounts.js';
import { expectProblem, startTestApp, type Response, type TestApp } from '../../../../test/helpers.js';
import { CALLERS, canSee, PLACED_NAMES, placeCustomers, type Placed } from './placed.fixture.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());


describe('GET /v1/customers/:id access', () => {
  let mine: { id: string; name: string };
  beforeAll(async () => {
    mine = (await t.request('POST', '/v1/customers', { body: { name: 'Mine', email: 'mine@example.com' } })).body;
  });

  it('refuses a request without Authorization with 401 authentication_required', async () => {
    const res = await t.request('GET', `/v1/customers/${mine.id}`, { token: null });
    expectProblem(res, 401, 'authentication_required');
    expect(JSON.stringify(res.body)).not.toContain('Mine');
  });

  it('refuses a garbage key with 401 invalid_credentials', async () => {
    expectProblem(await t.request('GET', `/v1/customers/${mine.id}`, { token: 'sk_live_garbage' }), 401, 'invalid_credentials');
  });

  it('refuses a revoked key with 401', async () => {
    const { key, secret } = await createApiKey(t.db, t.clock, t.merchant.merchantId, false, 'revoked');
    await revokeApiKey(t.db, t.clock, t.merchant.merchantId, key.keyId);
    expectProblem(await t.request('GET', `/v1/customers/${mine.id}`, { token: secret }), 401, 'invalid_credentials');
  });

  it("answers 404 (never 403) for another merchant's customer, by either id spelling", async () => {
    const other = await t.newMerchant();
    for (const token of [other.token, (await t.newUser(other.merchantId, 'owner')).token]) {
      const res = await t.request('GET', `/v1/customers/${mine.id}`, { token });
      expectProblem(res, 404, 'resource_missing');
      expect(JSON.stringify(res.body)).not.toContain('mine@example.com');
      expectProblem(await t.request('GET', `/v1/customers/${decodeId('customer', mine.id)}`, { token }), 404, 'resource_missing');
    }
  });

  it('answers the same 404 for a foreign customer as for one that does not exist', async () => {
    const other = await t.newMerchant();
    const foreign = await t.request('GET', `/v1/customers/${mine.id}`, { token: other.token });
    const missing = await t.request('GET', '/v1/customers/cus_0000000000000000000000000a', { token: other.token });
    const shape = (r: Response) => ({ status: r.status, keys: Object.keys(r.body).sort(), code: r.body.code, title: r.body.title });
    expect(shape(foreign)).toEqual(shape(missing));
  });

  it('keeps test and live apart: a live key cannot read a test customer, nor a test key a live one', async () => {
    expectProblem(await t.request('GET', `/v1/customers/${mine.id}`, { token: t.merchant.live }), 404, 'resource_missing');
    const live = await t.request('POST', '/v1/customers', { token: t.merchant.live, body: { name: 'Live' } });
    expect(live.body.livemode).toBe(true);
    expectProblem(await t.request('GET', `/v1/customers/${live.body.id}`), 404, 'resource_missing');
    expect((await t.request('GET', `/v1/customers/${live.body.id}`, { token: t.merchant.live })).status).toBe(200);
  });

  it('keeps test and live apart for user tokens too', async () => {
    const live = await t.request('POST', '/v1/customers', { token: t.merchant.live, body: { name: 'Live 2' } });
    const testUser = await t.newUser(t.merchant.merchantId, 'owner', {}, false);
    const liveUser = await t.newUser(t.merchant.merchantId, 'owner', {}, true);
    expectProblem(await t.request('GET', `/v1/customers/${live.body.id}`, { token: testUser.token }), 404, 'resource_missing');
    expectProblem(await t.request('GET', `/v1/customers/${mine.id}`, { token: liveUser.token }), 404, 'resource_missing');
    expect((await t.request('GET', `/v1/customers/${live.body.id}`, { token: liveUser.token })).status).toBe(200);
  });
});

describe('GET /v1/customers/:id within the merchant: store and branch users read only the customers of their store or branch', () => {
  let placed: Placed;
  beforeAll(async () => {
    placed = await placeCustomers(t);
  });

  for (const caller of CALLERS) {
    for (const name of PLACED_NAMES) {
      const visible = canSee(caller, name);
      it(`${visible ? 'shows' : 'answers 404 (never 403)'} to the ${caller} the customer ${name}`, async () => {
        const customer = placed.customers[name];
        const res = await t.request('GET', `/v1/customers/${customer.id}`, { token: placed.tokens[caller] });
        if (visible) {
          expect(res.status).toBe(200);
          expect(res.body).toEqual(customer);
        } else {
          expectProblem(res, 404, 'resource_missing');
          expect(JSON.stringify(res.body)).not.toContain(customer.email);
        }
      });
    }
  }
});
