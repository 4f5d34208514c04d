import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../../../src/services/accounts.js';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { CALLERS, canSee, PLACED_NAMES, placeCustomers, type Placed } from './placed.fixture.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());


describe('POST /v1/customers/:id access', () => {
  let mine: { id: string; name: string };
  beforeAll(async () => {
    mine = (await t.request('POST', '/v1/customers', { body: { name: 'Mine', metadata: { owner: 'me' } } })).body;
  });
  afterAll(async () => {
    // Nothing below may have changed it.
    expect((await t.request('GET', `/v1/customers/${mine.id}`)).body).toEqual(mine);
  });

  it('refuses a request without Authorization with 401 authentication_required', async () => {
    expectProblem(await t.request('POST', `/v1/customers/${mine.id}`, { token: null, body: { name: 'Hijacked' } }), 401, 'authentication_required');
  });

  it('refuses a garbage key and a revoked key with 401 invalid_credentials', async () => {
    expectProblem(await t.request('POST', `/v1/customers/${mine.id}`, { token: 'sk_test_x', body: { name: 'Hijacked' } }), 401, 'invalid_credentials');
    const { key, secret } = await createApiKey(t.db, t.clock, t.merchant.merchantId, false, 'revoked');
    await revokeApiKey(t.db, t.clock, t.merchant.merchantId, key.keyId);
    expectProblem(await t.request('POST', `/v1/customers/${mine.id}`, { token: secret, body: { name: 'Hijacked' } }), 401, 'invalid_credentials');
  });

  it("answers 404 (never 403) for another merchant's customer and changes nothing", async () => {
    const other = await t.newMerchant();
    const res = await t.request('POST', `/v1/customers/${mine.id}`, { token: other.token, body: { name: 'Hijacked', metadata: { owner: null } } });
    expectProblem(res, 404, 'resource_missing');
    expect(JSON.stringify(res.body)).not.toContain('Mine');
    const otherOwner = await t.newUser(other.merchantId, 'owner');
    expectProblem(await t.request('POST', `/v1/customers/${mine.id}`, { token: otherOwner.token, body: { name: 'Hijacked' } }), 404, 'resource_missing');
  });

  it('answers 404 to a live key for a test customer, and to a test key for a live one', async () => {
    expectProblem(await t.request('POST', `/v1/customers/${mine.id}`, { token: t.merchant.live, body: { name: 'Hijacked' } }), 404, 'resource_missing');
    const live = (await t.request('POST', '/v1/customers', { token: t.merchant.live, body: { name: 'Live' } })).body;
    expectProblem(await t.request('POST', `/v1/customers/${live.id}`, { body: { name: 'Changed from test' } }), 404, 'resource_missing');
    expect((await t.request('GET', `/v1/customers/${live.id}`, { token: t.merchant.live })).body).toEqual(live);
  });

  it('records no event for a refused update', async () => {
    const events = await t.request('GET', `/v1/events?object=${mine.id}`);
    expect(events.body.data.map((e: { type: string }) => e.type)).toEqual(['customer.created']);
  });

  it('does not let an Idempotency-Key replay cross merchants', async () => {
    const other = await t.newMerchant();
    const theirs = (await t.request('POST', '/v1/customers', { token: other.token, body: { name: 'Theirs' } })).body;
    const headers = { 'idempotency-key': 'same-key-everywhere' };
    const first = await t.request('POST', `/v1/customers/${theirs.id}`, { token: other.token, body: { name: 'Theirs 2' }, headers });
    expect(first.status).toBe(200);
    // The same key and body against the same path from this merchant must not replay the other merchant's response.
    const replayAttempt = await t.request('POST', `/v1/customers/${theirs.id}`, { body: { name: 'Theirs 2' }, headers });
    expectProblem(replayAttempt, 404, 'resource_missing');
    expect(replayAttempt.headers['idempotent-replayed']).toBeUndefined();
  });
});

describe('POST /v1/customers/:id within the merchant: store and branch users change only the customers of their store or branch', () => {
  let placed: Placed;
  beforeAll(async () => {
    placed = await placeCustomers(t);
  });

  for (const caller of CALLERS) {
    for (const name of PLACED_NAMES) {
      const allowed = canSee(caller, name);
      it(`${allowed ? 'lets' : 'answers 404 (never 403) and does not let'} the ${caller} change the customer ${name}`, async () => {
        const { id, email } = placed.customers[name];
        const res = await t.request('POST', `/v1/customers/${id}`, { token: placed.tokens[caller], body: { metadata: { [caller]: 'was here' } } });
        const after = (await t.request('GET', `/v1/customers/${id}`, { token: placed.tokens['api key'] })).body;
        if (allowed) {
          expect(res.status).toBe(200);
          expect(res.body).toEqual(after);
          expect(after.metadata[caller]).toBe('was here');
        } else {
          expectProblem(res, 404, 'resource_missing');
          expect(JSON.stringify(res.body)).not.toContain(email);
          expect(after.metadata).not.toHaveProperty([caller]);
        }
      });
    }
  }
});
