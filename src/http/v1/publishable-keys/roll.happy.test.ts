import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { card } from '../../../../test/payments-card.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.services.config.cards.velocityPerAddressPerMinute = 0;
});
afterAll(() => t.close());

/** The key's publishable key cache on a node lasts 10 s: past it, what the store says is what counts. */
const pastCache = () => t.clock.advance(11_000);
const tokenize = (key: string) => t.request('POST', '/v1/tokens', { token: key, body: { card: card('4242424242424242') } });
const active = async () => (await t.request('GET', '/v1/publishable_keys')).body.data.find((k: { status: string }) => k.status === 'active').key as string;

describe('POST /v1/publishable_keys/roll', () => {
  it('makes a new key pages embed from now; the old one keeps tokenizing for the overlap, then is refused', async () => {
    const old = await active();
    expect((await tokenize(old)).status).toBe(201);
    const rolled = await t.request('POST', '/v1/publishable_keys/roll', { body: { overlap_seconds: 3600 } });
    expect(rolled.status, JSON.stringify(rolled.body)).toBe(200);
    expect(rolled.body).toMatchObject({ object: 'publishable_key', livemode: false, status: 'active', revoked_at: null, replaced: { key: old, status: 'expiring' } });
    expect(rolled.body.key).toMatch(/^pk_test_/);
    expect(rolled.body.key).not.toBe(old);
    expect(Date.parse(rolled.body.replaced.revoked_at) - t.clock.now().getTime()).toBe(3_600_000);
    expect(await active()).toBe(rolled.body.key);
    // The checkout's card form embeds the new key.
    const order = (await t.request('POST', '/v1/orders', { body: { amount: 1000, currency: 'BRL' } })).body;
    expect((await t.app.inject({ method: 'GET', url: new URL(order.checkout_url).pathname })).body).toContain(`data-publishable-key="${rolled.body.key}"`);

    pastCache();
    expect((await tokenize(old)).status).toBe(201);
    expect((await tokenize(rolled.body.key)).status).toBe(201);
    t.clock.advance(3_600_000);
    expect((await tokenize(old)).status).toBe(401);
    expect((await tokenize(rolled.body.key)).status).toBe(201);
    const listed = (await t.request('GET', '/v1/publishable_keys')).body.data;
    expect(listed.map((k: { key: string; status: string }) => [k.key, k.status]).slice(0, 2)).toEqual([
      [rolled.body.key, 'active'],
      [old, 'revoked'],
    ]);
  });

  it('with overlap_seconds 0 revokes the old key now', async () => {
    const old = await active();
    const rolled = await t.request('POST', '/v1/publishable_keys/roll', { body: { overlap_seconds: 0 } });
    expect(rolled.body.replaced).toMatchObject({ key: old, status: 'revoked' });
    pastCache();
    expect((await tokenize(old)).status).toBe(401);
    expect((await tokenize(rolled.body.key)).status).toBe(201);
  });
});

describe('POST /v1/publishable_keys/{key}/revoke', () => {
  it('refuses the key from now; a key in its overlap too; the next page that needs one gets a new key', async () => {
    const old = await active();
    const rolled = (await t.request('POST', '/v1/publishable_keys/roll', { body: {} })).body;
    expect(Date.parse(rolled.replaced.revoked_at) - t.clock.now().getTime()).toBe(86_400_000);
    const revokedOld = await t.request('POST', `/v1/publishable_keys/${old}/revoke`);
    expect(revokedOld.body).toMatchObject({ key: old, status: 'revoked', revoked_at: t.clock.now().toISOString() });
    const revoked = await t.request('POST', `/v1/publishable_keys/${rolled.key}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    pastCache();
    expect((await tokenize(old)).status).toBe(401);
    expect((await tokenize(rolled.key)).status).toBe(401);
    expect((await t.request('GET', '/v1/publishable_keys')).body.data.every((k: { status: string }) => k.status === 'revoked')).toBe(true);
    const order = (await t.request('POST', '/v1/orders', { body: { amount: 1000, currency: 'BRL' } })).body;
    const page = (await t.app.inject({ method: 'GET', url: new URL(order.checkout_url).pathname })).body;
    const embedded = /data-publishable-key="(pk_test_\w+)"/.exec(page)![1]!;
    expect([old, rolled.key]).not.toContain(embedded);
    expect((await tokenize(embedded)).status).toBe(201);
  });
});
