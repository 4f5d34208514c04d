import { readFileSync } from 'node:fs';
import { afterAll, expect } from 'vitest';
import { SEEDS_DIR } from '../../../test/compat/seeds.js';
import { startTestApp, type Response, type TestApp } from '../../../test/helpers.js';
import { runExpiry } from '../../../test/jobs.js';
import { encodeId } from '../../domain/ids.js';
import { BLOCK_MS } from '../../rails/usdt-trc20/fake-chain.js';
import { sandboxChainOf } from '../../rails/usdt-trc20/rail.js';

/** Test helpers for the IC face: requests with `Authorization: Bearer`, and what its guide sends. */

export { expectNestError, ISO_8601, UUID } from '../certopay/fixture.js';

export type Ic = (method: string, path: string, options?: { body?: unknown; headers?: Record<string, string>; token?: string | null }) => Promise<Response>;

/** Requests to the face under its default prefix, with the test merchant's key (or `token`, a user's access token) as the Bearer. */
export function icClient(t: TestApp, defaultToken = t.merchant.token): Ic {
  return (method, path, { body, headers = {}, token = defaultToken } = {}) =>
    t.request(method, `/compat/ic${path}`, { token: null, body, headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers } });
}

/** For a test file's top level: an app whose test merchant has USD rates for IC's three currencies, and its IC client. */
export async function icApp() {
  const t = await startTestApp();
  afterAll(() => t.close());
  await setRates(t, t.merchant.token);
  return { t, ic: icClient(t) };
}

export const RATES = { BRL: '5.4321', ARS: '1050.25', USDT: '1.0002' };

/** The merchant's operator rates from USD to BRL, ARS and USDT (an owner's key or token). */
export async function setRates(t: TestApp, token: string) {
  const rates = Object.entries(RATES).map(([quote, rate]) => ({ base: 'USD', quote, rate }));
  const res = await t.request('PUT', '/v1/fx/rates', { token, body: { rates } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** The guide's curl bodies (`-d '…'`) in the order it gives them (BRL, ARS, USDT), byte for byte, read from the seed page. */
export function seedBodies(): string[] {
  const text = readFileSync(`${SEEDS_DIR}ic-latam-gateway-payment-order.md`, 'utf8');
  return [...text.matchAll(/-d '([^']*)'/g)].map((m) => m[1]!);
}

export type IcOrder = Record<string, any> & { id: string; status: string };

export async function newOrder(ic: Ic, currency = 'BRL', amount = '200.00', token?: string): Promise<IcOrder> {
  const res = await ic('POST', '/api/v1/payment/order', { token, body: { amount, currency } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** A user of the merchant signed in through the face's login. */
export async function icLogin(t: TestApp, user: { email: string; password: string }, extra: Record<string, unknown> = {}) {
  const res = await icClient(t)('POST', '/api/v1/auth/login', { token: null, body: { email: user.email, password: user.password, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { accessToken: string; refreshToken: string; tokenType: string; expiresIn: number; user: Record<string, unknown> };
}

/** The /v1 id of an IC order's (latest) payment, for the sandbox's test helpers. */
export async function paymentOf(t: TestApp, orderId: string, token = t.merchant.token): Promise<string> {
  const res = await t.request('GET', `/v1/orders/${encodeId('order', orderId)}`, { token });
  return res.body.payments.at(-1);
}

/** The sandbox Tron chain, producing blocks as the test clock moves; `advance` moves it and runs the jobs (the watcher). */
export function sandboxTron(t: TestApp) {
  const chain = sandboxChainOf(t.services.config.usdt);
  chain.useClock(t.clock);
  const chainRequests = () => [...chain.requests.values()].reduce((a, b) => a + b, 0);
  return {
    chain,
    chainRequests,
    advance: async (ms: number) => {
      t.clock.advance(ms);
      await runExpiry(t);
    },
  };
}

/** Blocks until a seen transfer is credited: the watcher's 19 confirmations. */
export const CONFIRMATIONS_MS = 19 * BLOCK_MS;
export { BLOCK_MS };
