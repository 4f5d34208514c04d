import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId, encodeId } from '../../../../src/domain/ids.js';
import { createUser } from '../../../../src/services/accounts.js';
import { expectProblem, JWT_SECRET, startTestApp, type TestApp, TEST_PASSWORD } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const password = TEST_PASSWORD;
const signIn = (body: object) => t.request('POST', '/v1/auth/token', { token: null, body });


/** Signs in a fresh owner and returns the token with the user's and merchant's UUIDs. */
async function freshOwner(livemode = false) {
  const owner = await t.newUser(t.merchant.merchantId, 'owner');
  const res = await signIn({ email: owner.email, password, livemode });
  return {
    email: owner.email,
    token: res.body.access_token as string,
    userId: decodeId('user', res.body.user.id)!,
    merchantId: decodeId('merchant', res.body.user.merchant)!,
  };
}

function forge(claims: Record<string, unknown>, options: { secret?: string; sub: string; iss?: string; aud?: string; expiresIn?: number }) {
  const now = Math.floor(t.clock.now().getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub)
    .setIssuer(options.iss ?? 'payorders')
    .setAudience(options.aud ?? 'payorders-api')
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 3600))
    .sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
}

const orders = (token: string) => t.request('GET', '/v1/orders', { token });

describe('access tokens', () => {
  it('expire after one hour', async () => {
    const { token } = await freshOwner();
    t.clock.advance(3599_000);
    expect((await orders(token)).status).toBe(200);
    t.clock.advance(2_000);
    const res = await orders(token);
    expectProblem(res, 401, 'invalid_credentials');
  });

  it('refuse a token signed with another secret', async () => {
    const { userId, merchantId } = await freshOwner();
    const token = await forge({ mid: merchantId, role: 'owner', live: false }, { sub: userId, secret: 'another-secret-that-is-at-least-32-chars' });
    expectProblem(await orders(token), 401, 'invalid_credentials');
  });

  it('refuse a token whose payload was altered (live: false → true)', async () => {
    const { token } = await freshOwner();
    const [header, payload, signature] = token.split('.');
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), live: true })).toString('base64url');
    expectProblem(await orders(`${header}.${altered}.${signature}`), 401, 'invalid_credentials');
  });

  it('refuse an unsigned token (alg: none)', async () => {
    const { userId, merchantId } = await freshOwner();
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: userId, mid: merchantId, live: false, iss: 'payorders', aud: 'payorders-api', iat: now, exp: now + 3600 })}.`;
    expectProblem(await orders(token), 401, 'invalid_credentials');
  });

  it('refuse a correctly signed token with the wrong issuer or audience', async () => {
    const { userId, merchantId } = await freshOwner();
    const claims = { mid: merchantId, role: 'owner', live: false };
    expectProblem(await orders(await forge(claims, { sub: userId, iss: 'someone-else' })), 401, 'invalid_credentials');
    expectProblem(await orders(await forge(claims, { sub: userId, aud: 'another-api' })), 401, 'invalid_credentials');
  });

  it('refuse a correctly signed token for a user of another merchant, or no user at all', async () => {
    const { userId } = await freshOwner();
    const other = await t.newMerchant();
    expectProblem(await orders(await forge({ mid: other.merchantId, role: 'owner', live: false }, { sub: userId })), 401, 'invalid_credentials');
    const ghost = '01900000-0000-7000-8000-000000000000';
    expectProblem(await orders(await forge({ mid: t.merchant.merchantId, role: 'owner', live: false }, { sub: ghost })), 401, 'invalid_credentials');
  });

  it('take the role from the user, not from the token claims', async () => {
    const store = await t.newStore(t.merchant.merchantId);
    const storeUser = await t.newUser(t.merchant.merchantId, 'store', { storeId: store.storeId });
    const signed = await signIn({ email: storeUser.email, password });
    const escalated = await forge({ mid: t.merchant.merchantId, role: 'owner', live: false }, { sub: decodeId('user', signed.body.user.id)! });
    // Events are for owners only; a store user's token claiming "owner" is still a store user.
    expectProblem(await t.request('GET', '/v1/events', { token: escalated }), 403, 'forbidden');
  });

  it('stop working for a disabled user once the 10 s cache passes, and the user cannot sign in again', async () => {
    const { token, email } = await freshOwner();
    expect((await orders(token)).status).toBe(200);
    await t.db.query('UPDATE users SET disabled_at = $1 WHERE lower(email) = lower($2)', [t.clock.now(), email]);
    expect((await orders(token)).status).toBe(200); // still cached
    t.clock.advance(11_000);
    expectProblem(await orders(token), 401, 'invalid_credentials');
    expectProblem(await signIn({ email, password }), 401, 'invalid_credentials');
  });

  it('are not needed to sign in: a bad Authorization header does not block /v1/auth/token', async () => {
    const owner = await t.newUser(t.merchant.merchantId, 'owner');
    const res = await t.request('POST', '/v1/auth/token', { token: 'garbage', body: { email: owner.email, password } });
    expect(res.status).toBe(200);
  });
});

describe('an email shared by users of two merchants', () => {
  const email = 'shared.person@example.com';
  let a: Awaited<ReturnType<TestApp['newMerchant']>>, b: Awaited<ReturnType<TestApp['newMerchant']>>;
  beforeAll(async () => {
    a = await t.newMerchant();
    b = await t.newMerchant();
    await createUser(t.db, t.clock, { merchantId: a.merchantId, email, password, role: 'owner' });
    await createUser(t.db, t.clock, { merchantId: b.merchantId, email: email.toUpperCase(), password: 'a different password', role: 'owner' });
  });

  it('requires the merchant: 400 at /merchant', async () => {
    const res = await signIn({ email, password });
    expectProblem(res, 400, 'validation_error');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/merchant', code: 'required' })]);
    expect(res.body.access_token).toBeUndefined();
  });

  it('signs in to the merchant named, in either id spelling', async () => {
    const first = await signIn({ email, password, merchant: a.merchantId });
    expect(first.status).toBe(200);
    expect(decodeId('merchant', first.body.user.merchant)).toBe(a.merchantId);
    const second = await signIn({ email, password: 'a different password', merchant: encodeId('merchant', b.merchantId) });
    expect(second.status).toBe(200);
    expect(decodeId('merchant', second.body.user.merchant)).toBe(b.merchantId);
    const events = await t.request('GET', '/v1/events', { token: first.body.access_token });
    expect(events.status).toBe(200);
  });

  it("refuses one merchant's password at the other merchant", async () => {
    expectProblem(await signIn({ email, password: 'a different password', merchant: a.merchantId }), 401, 'invalid_credentials');
  });

  it('does not tell a guesser with a wrong password that the email exists at several merchants', async () => {
    const res = await signIn({ email, password: 'a wrong guess' });
    expectProblem(res, 401, 'invalid_credentials');
  });

  it('no longer requires the merchant once all but one of the users are disabled', async () => {
    await t.db.query('UPDATE users SET disabled_at = $1 WHERE merchant_id = $2 AND lower(email) = lower($3)', [t.clock.now(), b.merchantId, email]);
    const res = await signIn({ email, password });
    expect(res.status).toBe(200);
    expect(decodeId('merchant', res.body.user.merchant)).toBe(a.merchantId);
  });
});
