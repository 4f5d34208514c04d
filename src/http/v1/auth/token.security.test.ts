import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId, encodeId } from '../../../../src/domain/ids.js';
import { createUser } from '../../../../src/services/accounts.js';
import { expectProblem, startTestApp, type TestApp, TEST_PASSWORD } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const password = TEST_PASSWORD;
const signIn = (body: object) => t.request('POST', '/v1/auth/token', { token: null, body });
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

/** Signs in a fresh owner and returns the token with the user's, merchant's and session's UUIDs. */
async function freshOwner(livemode = false) {
  const owner = await t.newUser(t.merchant.merchantId, 'owner');
  const res = await signIn({ email: owner.email, password, livemode });
  return {
    email: owner.email,
    token: res.body.access_token as string,
    userId: decodeId('user', res.body.user.id)!,
    merchantId: decodeId('merchant', res.body.user.merchant)!,
    sessionId: claimsOf(res.body.access_token).sid as string,
  };
}

/** A merchant's newest signing key as stored: forging with it shows what the checks beyond the signature refuse. */
async function signingKey(merchantId: string) {
  const [key] = await t.db.query<{ generation: number; secret: Uint8Array }>(
    'SELECT generation, secret FROM signing_keys WHERE merchant_id = $1 ORDER BY generation DESC LIMIT 1',
    [merchantId],
  );
  return { kid: String(key!.generation), secret: key!.secret };
}

async function forge(
  claims: Record<string, unknown>,
  options: { key?: { kid: string; secret: Uint8Array }; sub: string; iss?: string; aud?: string; expiresIn?: number },
) {
  const key = options.key ?? (await signingKey(t.merchant.merchantId));
  const now = Math.floor(t.clock.now().getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid })
    .setSubject(options.sub)
    .setIssuer(options.iss ?? 'payorders')
    .setAudience(options.aud ?? 'payorders-api')
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 3600))
    .sign(key.secret);
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

  it("refuse a token signed with another secret under the merchant's kid", async () => {
    const { userId, merchantId, sessionId } = await freshOwner();
    const { kid } = await signingKey(merchantId);
    const token = await forge({ mid: merchantId, sid: sessionId, role: 'owner', live: false }, { sub: userId, key: { kid, secret: randomBytes(32) } });
    expectProblem(await orders(token), 401, 'invalid_credentials');
  });

  it('refuse a token whose payload was altered (live: false → true)', async () => {
    const { token } = await freshOwner();
    const [header, payload, signature] = token.split('.');
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), live: true })).toString('base64url');
    expectProblem(await orders(`${header}.${altered}.${signature}`), 401, 'invalid_credentials');
  });

  it('refuse an unsigned token (alg: none)', async () => {
    const { userId, merchantId, sessionId } = await freshOwner();
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const body = { sub: userId, mid: merchantId, sid: sessionId, live: false, iss: 'payorders', aud: 'payorders-api', iat: now, exp: now + 3600 };
    const token = `${part({ alg: 'none', typ: 'JWT', kid: '1' })}.${part(body)}.`;
    expectProblem(await orders(token), 401, 'invalid_credentials');
  });

  it('refuse a correctly signed token with the wrong issuer or audience', async () => {
    const { userId, merchantId, sessionId } = await freshOwner();
    const claims = { mid: merchantId, sid: sessionId, role: 'owner', live: false };
    expectProblem(await orders(await forge(claims, { sub: userId, iss: 'someone-else' })), 401, 'invalid_credentials');
    expectProblem(await orders(await forge(claims, { sub: userId, aud: 'another-api' })), 401, 'invalid_credentials');
  });

  it("refuse a token signed with one merchant's key that names another merchant", async () => {
    const { userId, sessionId } = await freshOwner();
    const other = await t.newMerchant();
    await t.newUser(other.merchantId, 'owner'); // its first sign-in gives the other merchant a key of its own, also kid 1
    expectProblem(await orders(await forge({ mid: other.merchantId, sid: sessionId, role: 'owner', live: false }, { sub: userId })), 401, 'invalid_credentials');
  });

  it('refuse a correctly signed token naming no session, a session of another user, or no session at all', async () => {
    const a = await freshOwner();
    const b = await freshOwner();
    const ghost = '01900000-0000-7000-8000-000000000000';
    const claims = { mid: a.merchantId, role: 'owner', live: false };
    expectProblem(await orders(await forge({ ...claims, sid: ghost }, { sub: a.userId })), 401, 'invalid_credentials');
    expectProblem(await orders(await forge({ ...claims, sid: b.sessionId }, { sub: a.userId })), 401, 'invalid_credentials');
    expectProblem(await orders(await forge(claims, { sub: a.userId })), 401, 'invalid_credentials');
    // The same claims with the right session pass: the refusals above are the session's doing.
    expect((await orders(await forge({ ...claims, sid: a.sessionId }, { sub: a.userId }))).status).toBe(200);
  });

  it("refuse a correctly signed token claiming the other mode than its session's", async () => {
    const { userId, merchantId, sessionId } = await freshOwner();
    expectProblem(await orders(await forge({ mid: merchantId, sid: sessionId, role: 'owner', live: true }, { sub: userId })), 401, 'invalid_credentials');
  });

  it('refuse a correctly signed token claiming to live longer than an hour', async () => {
    const { userId, merchantId, sessionId } = await freshOwner();
    const token = await forge({ mid: merchantId, sid: sessionId, role: 'owner', live: false }, { sub: userId, expiresIn: 86_400 });
    expect((await orders(token)).status).toBe(200);
    t.clock.advance(3601_000);
    expectProblem(await orders(token), 401, 'invalid_credentials');
  });

  it('refuse tokens naming a kid the merchant does not have, or a merchant that is not an id, without an error of ours', async () => {
    const { userId, merchantId, sessionId } = await freshOwner();
    const claims = { mid: merchantId, sid: sessionId, role: 'owner', live: false };
    const secret = randomBytes(32);
    for (const kid of ['99', '0', '1.5', 'x', '99999999999999999999']) {
      expectProblem(await orders(await forge(claims, { sub: userId, key: { kid, secret } })), 401, 'invalid_credentials');
    }
    expectProblem(await orders(await forge({ ...claims, mid: 'mer_garbage' }, { sub: userId })), 401, 'invalid_credentials');
    expectProblem(await orders(await forge({ ...claims, mid: 42 }, { sub: userId })), 401, 'invalid_credentials');
  });

  it('take the role from the user, not from the token claims', async () => {
    const store = await t.newStore(t.merchant.merchantId);
    const storeUser = await t.newUser(t.merchant.merchantId, 'store', { storeId: store.storeId });
    const signed = await signIn({ email: storeUser.email, password });
    const sid = claimsOf(signed.body.access_token).sid;
    const escalated = await forge({ mid: t.merchant.merchantId, sid, role: 'owner', live: false }, { sub: decodeId('user', signed.body.user.id)! });
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

describe('failed sign-ins per email', () => {
  const wrong = (email: string) => signIn({ email, password: 'a wrong guess' });
  const statuses = (responses: Array<{ status: number }>) => responses.map((r) => r.status);

  it('after 5 failures refuse even the right password with 429 and Retry-After, until 15 minutes from the first', async () => {
    const { email } = await t.newUser(t.merchant.merchantId, 'owner');
    for (let i = 0; i < 5; i++) {
      expectProblem(await wrong(email), 401, 'invalid_credentials');
      t.clock.advance(60_000);
    }
    const refused = await signIn({ email, password });
    expectProblem(refused, 429, 'rate_limited', '/v1/auth/token');
    expect(refused.headers['retry-after']).toBe('600');
    expect(refused.body.access_token).toBeUndefined();
    t.clock.advance(599_000);
    expect((await signIn({ email, password })).headers['retry-after']).toBe('1');
    t.clock.advance(1_000);
    expect((await signIn({ email, password })).status).toBe(200);
  });

  it('answer an unknown email exactly as a known one, so a 429 tells nothing about the account', async () => {
    const { email } = await t.newUser(t.merchant.merchantId, 'owner');
    const unknown = `nobody-${randomBytes(4).toString('hex')}@example.com`;
    const known: Awaited<ReturnType<typeof wrong>>[] = [];
    const stranger: Awaited<ReturnType<typeof wrong>>[] = [];
    for (let i = 0; i < 6; i++) {
      known.push(await wrong(email));
      stranger.push(await wrong(unknown));
    }
    expect(statuses(known)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(statuses(stranger)).toEqual(statuses(known));
    const strip = ({ request_id: _, ...rest }: Record<string, unknown>) => rest;
    expect(stranger.map((r) => strip(r.body))).toEqual(known.map((r) => strip(r.body)));
    expect(stranger[5]!.headers['retry-after']).toBe(known[5]!.headers['retry-after']);
  });

  it('start again after a successful sign-in', async () => {
    const { email } = await t.newUser(t.merchant.merchantId, 'owner');
    for (let i = 0; i < 4; i++) await wrong(email);
    expect((await signIn({ email, password })).status).toBe(200);
    const after = [];
    for (let i = 0; i < 6; i++) after.push(await wrong(email));
    expect(statuses(after)).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('count an email in any letter case, and no other email', async () => {
    const { email } = await t.newUser(t.merchant.merchantId, 'owner');
    const other = await t.newUser(t.merchant.merchantId, 'owner');
    for (let i = 0; i < 5; i++) await wrong(i % 2 ? email.toUpperCase() : email);
    expectProblem(await signIn({ email, password }), 429, 'rate_limited');
    expect((await signIn({ email: other.email, password })).status).toBe(200);
  });

  it('count guesses sent all at once before any has been checked', async () => {
    const { email } = await t.newUser(t.merchant.merchantId, 'owner');
    const results = await Promise.all(Array.from({ length: 8 }, () => wrong(email)));
    expect(statuses(results).sort()).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
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
