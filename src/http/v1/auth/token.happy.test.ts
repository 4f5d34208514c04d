import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../../src/services/accounts.js';
import { orderBody, startTestApp, type TestApp, TEST_PASSWORD } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const password = TEST_PASSWORD;
const signIn = (body: object) => t.request('POST', '/v1/auth/token', { token: null, body });
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('POST /v1/auth/token', () => {
  it('signs an owner in: a one-hour Bearer token, a refresh token and the user it belongs to', async () => {
    const owner = await t.newUser(t.merchant.merchantId, 'owner');
    const res = await signIn({ email: owner.email, password });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^rt_[0-9a-z]{58}$/),
      user: {
        id: expect.stringMatching(/^usr_[0-9a-z]{26}$/),
        object: 'user',
        email: owner.email,
        role: 'owner',
        merchant: expect.stringMatching(/^mer_[0-9a-z]{26}$/),
        store: null,
        branch: null,
        livemode: false,
      },
    });
    const { iat, exp } = claims(res.body.access_token);
    expect(exp).toBe(Number(iat) + 3600);
    expect(iat).toBe(Math.floor(t.clock.now().getTime() / 1000));
  });

  it('signs store and branch users in, naming their store and branch', async () => {
    const store = await t.newStore(t.merchant.merchantId);
    const branch = await t.newBranch(t.merchant.merchantId, store.storeId);
    const storeUser = await t.newUser(t.merchant.merchantId, 'store', { storeId: store.storeId });
    const branchUser = await t.newUser(t.merchant.merchantId, 'branch', { branchId: branch.branchId });

    const s = await signIn({ email: storeUser.email, password });
    expect(s.status).toBe(200);
    expect(s.body.user).toMatchObject({ role: 'store', store: store.id, branch: null });
    const b = await signIn({ email: branchUser.email, password });
    expect(b.status).toBe(200);
    expect(b.body.user).toMatchObject({ role: 'branch', store: store.id, branch: branch.id });
    expect(s.body.user.merchant).toBe(b.body.user.merchant);
  });

  it('issues tokens that work on GET /v1/orders for every role', async () => {
    const users = await t.newUserOfEachRole(t.merchant.merchantId);
    for (const user of users) {
      const { body } = await signIn({ email: user.email, password });
      const orders = await t.request('GET', '/v1/orders', { token: body.access_token });
      expect(orders.status).toBe(200);
      expect(orders.body).toMatchObject({ object: 'list' });
      // Lowercase scheme and extra spaces are accepted too.
      const loose = await t.request('GET', '/v1/orders', { token: null, headers: { authorization: `bearer   ${body.access_token}` } });
      expect(loose.status).toBe(200);
    }
  });

  it('picks test data by default and live data with livemode: true, for the life of the token', async () => {
    const m = await t.newMerchant();
    const owner = await t.newUser(m.merchantId, 'owner');
    const testOrder = (await t.request('POST', '/v1/orders', { token: m.token, body: orderBody({ reference: 'test-one' }) })).body;
    const liveOrder = (await t.request('POST', '/v1/orders', { token: m.live, body: orderBody({ reference: 'live-one' }) })).body;

    const test = await signIn({ email: owner.email, password });
    const live = await signIn({ email: owner.email, password, livemode: true });
    expect(test.body.user.livemode).toBe(false);
    expect(live.body.user.livemode).toBe(true);

    const ids = async (token: string) => (await t.request('GET', '/v1/orders', { token })).body.data.map((o: { id: string }) => o.id);
    expect(await ids(test.body.access_token)).toEqual([testOrder.id]);
    expect(await ids(live.body.access_token)).toEqual([liveOrder.id]);
    expect((await t.request('GET', `/v1/orders/${testOrder.id}`, { token: live.body.access_token })).status).toBe(404);
    expect((await t.request('GET', `/v1/orders/${liveOrder.id}`, { token: live.body.access_token })).body).toEqual(liveOrder);
    const created = await t.request('POST', '/v1/customers', { token: live.body.access_token, body: { name: 'Live via token' } });
    expect(created.body.livemode).toBe(true);
  });

  it('matches the email case-insensitively', async () => {
    const owner = await t.newUser(t.merchant.merchantId, 'owner');
    const res = await signIn({ email: owner.email.toUpperCase(), password });
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(owner.email);
  });

  it('accepts the merchant when it is not needed, in either id spelling', async () => {
    const owner = await t.newUser(t.merchant.merchantId, 'owner');
    const first = await signIn({ email: owner.email, password });
    const merchant = first.body.user.merchant as string;
    expect((await signIn({ email: owner.email, password, merchant })).status).toBe(200);
    expect((await signIn({ email: owner.email, password, merchant: t.merchant.merchantId })).status).toBe(200);
  });

  it('normalizes the password (NFKC), so composed and decomposed accents both sign in', async () => {
    const email = 'acentos@example.com';
    await createUser(t.db, t.clock, { merchantId: t.merchant.merchantId, email, password: 'senha-com-ação-1', role: 'owner' });
    expect((await signIn({ email, password: 'senha-com-ação-1' })).status).toBe(200);
    expect((await signIn({ email, password: 'senha-com-ação-1'.normalize('NFD') })).status).toBe(200);
  });

  it("signs with the merchant's key, named by kid, and starts a new session on each sign-in", async () => {
    const owner = await t.newUser(t.merchant.merchantId, 'owner');
    const first = await signIn({ email: owner.email, password });
    const second = await signIn({ email: owner.email, password });
    const header = JSON.parse(Buffer.from(first.body.access_token.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', kid: '1' });
    const [a, b] = [first, second].map((res) => claims(res.body.access_token));
    expect(a!.sid).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(b!.sid).not.toBe(a!.sid);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
  });

  it('issues a new, working token on each sign-in', async () => {
    const owner = await t.newUser(t.merchant.merchantId, 'owner');
    const first = await signIn({ email: owner.email, password });
    t.clock.advance(2000);
    const second = await signIn({ email: owner.email, password });
    expect(second.body.access_token).not.toBe(first.body.access_token);
    for (const token of [first.body.access_token, second.body.access_token]) {
      expect((await t.request('GET', '/v1/customers', { token })).status).toBe(200);
    }
  });
});
