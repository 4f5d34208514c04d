import { expect } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ManualClock } from '../src/clock.js';
import { loadConfig, type Config } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import type { App, Services } from '../src/http/context.js';
import { createApiKey, createBranch, createMerchant, createStore, createUser } from '../src/services/accounts.js';
import { Authenticator } from '../src/services/authenticator.js';
import { openDb, type Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { encodeId } from '../src/domain/ids.js';
import type { Role } from '../src/domain/actor.js';

export type TestStore = 'pglite' | 'postgres';
export const TEST_STORE: TestStore = process.env.PAYORDERS_TEST_STORE === 'postgres' ? 'postgres' : 'pglite';
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, migrated store: PGlite in memory, or a schema of its own on the PostgreSQL server. */
export async function openTestDb(): Promise<{ db: Db; schema: string | undefined; drop(): Promise<void> }> {
  if (TEST_STORE === 'pglite') {
    const db = await openDb({ dataDir: 'memory://' });
    await migrate(db);
    return { db, schema: undefined, drop: () => db.close() };
  }
  const schema = newSchemaName();
  const db = await openDb({ databaseUrl: TEST_DATABASE_URL, schema });
  await migrate(db);
  return { db, schema, drop: async () => {
    await db.close();
    await dropSchema(schema);
  } };
}

export function newSchemaName(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

/** Runs SQL on the test server outside any test's schema: creating and dropping schemas, inspecting rows. */
export async function onTestServer<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb({ databaseUrl: TEST_DATABASE_URL, poolSize: 1 });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await onTestServer((db) => db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

/** The password of every user newUser creates. */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface Response<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

export interface Caller {
  merchantId: string;
  /** Bearer credential: an API key or a user access token. */
  token: string;
}

export interface TestApp {
  app: App;
  db: Db;
  clock: ManualClock;
  services: Services;
  /** A merchant with a test key; `live` is the same merchant's live key. */
  merchant: Caller & { live: string };
  request<T = any>(method: string, url: string, options?: { token?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<Response<T>>;
  newMerchant(): Promise<Caller & { live: string }>;
  newStore(merchantId: string): Promise<{ storeId: string; id: string }>;
  newBranch(merchantId: string, storeId: string): Promise<{ branchId: string; id: string }>;
  /** Creates a user and signs it in; returns its access token. */
  newUser(merchantId: string, role: Role, place?: { storeId?: string; branchId?: string }, livemode?: boolean): Promise<Caller & { email: string; password: string }>;
  /** An owner, a store user and a branch user of the merchant, in a new store and branch, signed in. */
  newUserOfEachRole(merchantId: string): Promise<Array<Caller & { email: string; password: string }>>;
  close(): Promise<void>;
}

/** Builds the real app on a fresh store with a manual clock; requests go through Fastify's inject. */
export async function startTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const { db, drop } = await openTestDb();
  const clock = new ManualClock(new Date('2026-11-23T12:00:00.000Z'));
  const config = { ...loadConfig({}), rateLimitPerSecond: 0, ...overrides };
  const services: Services = { db, clock, config, auth: new Authenticator(db, clock) };
  const { app } = await buildApp(services);
  await app.ready();

  const request: TestApp['request'] = async (method, url, options = {}) => {
    const token = options.token === undefined ? merchant.token : options.token;
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(options.body !== undefined && typeof options.body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      payload: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const type = String(res.headers['content-type'] ?? '');
    return { status: res.statusCode, headers: res.headers as Response['headers'], body: type.includes('json') ? res.json() : (res.body as never) };
  };

  const newMerchant = async () => {
    const m = await createMerchant(db, clock, `Merchant ${randomBytes(3).toString('hex')}`);
    const test = await createApiKey(db, clock, m.merchantId, false, 'test');
    const live = await createApiKey(db, clock, m.merchantId, true, 'live');
    return { merchantId: m.merchantId, token: test.secret, live: live.secret };
  };

  const merchant = await newMerchant();

  const testApp: TestApp = {
    app,
    db,
    clock,
    services,
    merchant,
    request,
    newMerchant,
    newStore: async (merchantId) => {
      const s = await createStore(db, clock, merchantId, 'Store');
      return { storeId: s.storeId, id: encodeId('store', s.storeId) };
    },
    newBranch: async (merchantId, storeId) => {
      const b = await createBranch(db, clock, merchantId, storeId, 'Branch');
      return { branchId: b.branchId, id: encodeId('branch', b.branchId) };
    },
    newUser: async (merchantId, role, place = {}, livemode = false) => {
      const email = `${role}-${randomBytes(4).toString('hex')}@example.com`;
      const password = TEST_PASSWORD;
      await createUser(db, clock, { merchantId, email, password, role, storeId: place.storeId, branchId: place.branchId });
      const res = await request('POST', '/v1/auth/token', { token: null, body: { email, password, livemode } });
      if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
      return { merchantId, token: res.body.access_token as string, email, password };
    },
    newUserOfEachRole: async (merchantId) => {
      const store = await testApp.newStore(merchantId);
      const branch = await testApp.newBranch(merchantId, store.storeId);
      return [
        await testApp.newUser(merchantId, 'owner'),
        await testApp.newUser(merchantId, 'store', { storeId: store.storeId }),
        await testApp.newUser(merchantId, 'branch', { branchId: branch.branchId }),
      ];
    },
    close: async () => {
      await app.close();
      await drop();
    },
  };
  return testApp;
}

/** A valid create-order body; override any field. */
export function orderBody(overrides: Record<string, unknown> = {}) {
  return { amount: 29700, currency: 'BRL', ...overrides };
}

/** An RFC 9457 answer: status, media type, stable code, the request id of the response, and where given the instance. */
export function expectProblem(res: Response, status: number, code: string, instance?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: `urn:payorders:problem:${code}`, status, code, ...(instance === undefined ? {} : { instance }) });
  expect(res.body.request_id).toBe(res.headers['request-id']);
}
