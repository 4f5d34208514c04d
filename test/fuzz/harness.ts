import { decodeId, ID_PREFIXES, type IdKind } from '../../src/domain/ids.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers.js';
import { Checker, normalize, type Failure } from './assertions.js';
import { operationsOf, route, type Operation, type Schema } from './openapi.js';
import type { FuzzRequest, RequestContext } from './requests.js';
import { send, type Reply, type Target } from './transport.js';

/** The app under test, listening, with real objects and a caller of every kind, and the document it serves. */
export interface FuzzEnv {
  t: TestApp;
  target: Target;
  operations: Operation[];
  checker: Checker;
  ctx: RequestContext;
  /** Corpus placeholder ({{name}}) → this run's value: credentials and the seeded objects' ids. */
  placeholders: Map<string, string>;
  close(): Promise<void>;
}

export async function startFuzzEnv(): Promise<FuzzEnv> {
  const t = await startTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (t.app.server.address() as { port: number }).port;
  const doc = t.app.swagger() as Schema;
  const operations = operationsOf(doc);

  // Callers: the merchant's test and live keys, a user of each role, another merchant.
  const merchantId = t.merchant.merchantId;
  const store = await t.newStore(merchantId);
  const branch = await t.newBranch(merchantId, store.storeId);
  const owner = await t.newUser(merchantId, 'owner');
  const storeUser = await t.newUser(merchantId, 'store', { storeId: store.storeId });
  const branchUser = await t.newUser(merchantId, 'branch', { branchId: branch.branchId });
  const other = await t.newMerchant();
  const tokens = { test_key: t.merchant.token, live_key: t.merchant.live, owner_token: owner.token, store_token: storeUser.token, branch_token: branchUser.token, other_key: other.token };

  // Real objects, so that path ids, references and cursors sometimes exist. A seed the tree refuses is skipped.
  const seeded: Record<string, any> = {};
  const seed = async (name: string, method: string, url: string, token: string, body?: unknown) => {
    const res = await t.request(method, url, { token, body });
    if (res.status >= 300) console.warn(`fuzz: could not seed ${name} (${method} ${url} → ${res.status})`);
    else seeded[name] = res.body;
    return res.status < 300 ? res.body : undefined;
  };
  const customer = await seed('customer', 'POST', '/v1/customers', t.merchant.token, { name: 'Ana Souza', email: 'ana@example.com', phone: '+5511999999999', tax_id: { type: 'other', value: 'X-1234' }, metadata: { crm: '42' } });
  const orderBody = { amount: 29700, currency: 'BRL', reference: '1001', description: 'Camisa', payment_methods: ['pix', 'boleto'], metadata: { cart: '7' } };
  await seed('order', 'POST', '/v1/orders', t.merchant.token, { ...orderBody, ...(customer ? { customer: customer.id } : {}), line_items: [{ type: 'product', description: 'Camisa', quantity: 1, unit_amount: 29700 }] });
  await seed('branch_order', 'POST', '/v1/orders', branchUser.token, { amount: 1500, currency: 'EUR' });
  const toCancel = await seed('canceled_order', 'POST', '/v1/orders', t.merchant.token, { amount: 100, currency: 'USD' });
  if (toCancel) await seed('canceled_order', 'POST', `/v1/orders/${toCancel.id}/cancel`, t.merchant.token, { cancellation_reason: 'duplicate' });
  await seed('live_order', 'POST', '/v1/orders', t.merchant.live, orderBody);
  await seed('other_order', 'POST', '/v1/orders', other.token, orderBody);
  const events = await seed('events', 'GET', '/v1/events?limit=3', t.merchant.token);
  if (events?.data?.[0]) seeded.event = events.data[0];

  const placeholders = new Map<string, string>(Object.entries(tokens));
  for (const [name, value] of [...Object.entries(seeded), ['store', { id: store.id }], ['branch', { id: branch.id }]] as Array<[string, any]>) {
    if (typeof value?.id !== 'string') continue;
    placeholders.set(`${name}_id`, value.id);
    const uuid = uuidOf(value.id);
    if (uuid) placeholders.set(`${name}_uuid`, uuid);
  }
  const ids = [...placeholders].filter(([name]) => /_(id|uuid)$/.test(name)).map(([, v]) => v);
  const samples = collectSamples(Object.values(seeded));
  for (const user of [owner, storeUser, branchUser]) samples.set('email', [...(samples.get('email') ?? []), user.email]);
  samples.set('password', [TEST_PASSWORD]);

  const ctx: RequestContext = {
    hostility: 0,
    samples,
    ids,
    now: t.clock.now(),
    credentials: { tokens },
    pathIds: [...ids, ...ids.map((id) => id.toUpperCase())],
  };
  return {
    t,
    target: { app: t.app, port },
    operations,
    checker: new Checker(doc, Object.values(tokens)),
    ctx,
    placeholders,
    close: () => t.close(),
  };
}

function uuidOf(id: string): string | null {
  const kind = (Object.keys(ID_PREFIXES) as IdKind[]).find((k) => id.startsWith(`${ID_PREFIXES[k]}_`));
  return kind ? decodeId(kind, id) : null;
}

/** Scalar values by property name from real responses, a few of each. */
function collectSamples(values: unknown[]): Map<string, unknown[]> {
  const samples = new Map<string, unknown[]>();
  const walk = (v: unknown, name?: string): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, name));
    if (v && typeof v === 'object') return Object.entries(v).forEach(([k, x]) => walk(x, k));
    if (name === undefined || v === null) return;
    const seen = samples.get(name) ?? [];
    if (!seen.includes(v) && seen.length < 8) samples.set(name, [...seen, v]);
  };
  values.forEach((v) => walk(v));
  return samples;
}

export interface Probe {
  reply?: Reply;
  failures: Failure[];
}

/** Sends a request and runs every check on the answer; a 2xx write is also read back. */
export async function probe(env: FuzzEnv, req: FuzzRequest): Promise<Probe> {
  const { op, methods } = route(env.operations, req.method, req.url);
  let reply: Reply;
  try {
    reply = await send(env.target, req);
  } catch (error) {
    return { failures: [{ check: 'no-answer', status: 0, message: String((error as Error).message ?? error), cause: '' }] };
  }
  const failures = env.checker.check(op, methods, req, reply);
  if (!failures.length && op) failures.push(...(await readBack(env, op, req, reply)));
  return { reply, failures };
}

/**
 * What a write answers is what a read returns: after a 2xx POST that answers an object with an id, the
 * GET route of that collection (the one whose 200 schema the answer matches) must return it unchanged.
 */
async function readBack(env: FuzzEnv, op: Operation, req: FuzzRequest, reply: Reply): Promise<Failure[]> {
  if (op.method !== 'POST' || reply.status < 200 || reply.status >= 300 || reply.headers['idempotent-replayed'] === 'true') return [];
  let written: any;
  try {
    written = JSON.parse(reply.text);
  } catch {
    return [];
  }
  if (typeof written?.id !== 'string') return [];
  for (const get of env.operations) {
    const prefix = /^(.*)\/\{[^}/]+\}$/.exec(get.path)?.[1];
    if (get.method !== 'GET' || prefix === undefined || prefix.includes('{')) continue;
    if (op.path !== prefix && !op.path.startsWith(`${prefix}/`)) continue;
    const schema = get.responses.get(200);
    if (!schema || env.checker.validate(schema, written)) continue;
    const auth = [req.headers.authorization].flat()[0];
    const url = `${prefix}/${encodeURIComponent(written.id)}`;
    const read = await send(env.target, { method: 'GET', url, headers: auth ? { authorization: auth } : {}, body: null });
    if (read.status !== 200) return [{ check: 'readback', status: read.status, message: `${url}, just written, answers ${read.status}: ${read.text.slice(0, 200)}`, cause: 'unreadable' }];
    const diff = firstDifference(written, JSON.parse(read.text), '');
    if (!diff) return [];
    const cause = normalize(`${diff.path}${diff.read.includes('\ufffd') ? ' read as U+FFFD' : ' differs'}`);
    return [{ check: 'readback', status: reply.status, message: `${get.label} reads back what was written differently: ${diff.path}: wrote ${diff.wrote}, read ${diff.read}`, cause }];
  }
  return [];
}

function firstDifference(a: unknown, b: unknown, path: string): { path: string; wrote: string; read: string } | null {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const diff = firstDifference((a as any)[key], (b as any)[key], `${path}/${key}`);
      if (diff) return diff;
    }
    return null;
  }
  return Object.is(a, b) ? null : { path: path || '/', wrote: String(JSON.stringify(a)), read: String(JSON.stringify(b)) };
}
