import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/domain/ids.js';
import { createApiKey } from '../src/services/accounts.js';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

const create = (token: string, key: string, body = orderBody()) => t.request('POST', '/v1/orders', { token, body, headers: { 'idempotency-key': key } });

describe('an Idempotency-Key belongs to its principal', () => {
  it('gives each user, and the API keys together, their own order for the same key and body', async () => {
    const [owner, storeUser, branchUser] = await t.newUserOfEachRole(t.merchant.merchantId);
    const store = await t.newStore(t.merchant.merchantId);
    const otherBranch = await t.newBranch(t.merchant.merchantId, store.storeId);
    const otherBranchUser = await t.newUser(t.merchant.merchantId, 'branch', { branchId: otherBranch.branchId });
    const callers = [t.merchant.token, owner!.token, storeUser!.token, branchUser!.token, otherBranchUser.token];
    const first = [];
    for (const token of callers) first.push(await create(token, 'till-0001'));
    expect(first.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(first.map((r) => r.headers['idempotent-replayed'])).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(new Set(first.map((r) => r.body.id)).size).toBe(callers.length);
    // Each caller's retry replays its own order, which it can also read.
    for (const [i, token] of callers.entries()) {
      const retry = await create(token, 'till-0001');
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body.id).toBe(first[i]!.body.id);
      expect((await t.request('GET', `/v1/orders/${retry.body.id}`, { token })).status).toBe(200);
    }
  });

  it("replays across the merchant's API keys, so a retry survives a key roll", async () => {
    const first = await create(t.merchant.token, 'roll-1');
    const rolled = await createApiKey(t.db, t.clock, t.merchant.merchantId, false, 'rolled');
    const retry = await create(rolled.secret, 'roll-1');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
  });
});

describe('a key may hold any visible ASCII character', () => {
  it('replays keys with quotes, backslashes, commas and braces, each as its own key', async () => {
    const keys = ['a"b', 'a\\b', 'a,b', '{a}', 'a b'.replace(' ', '~'), 'NULL'];
    const first = await Promise.all(keys.map((key) => create(t.merchant.token, key)));
    expect(new Set(first.map((r) => r.body.id)).size).toBe(keys.length);
    const retries = await Promise.all(keys.map((key) => create(t.merchant.token, key)));
    expect(retries.map((r) => r.headers['idempotent-replayed'])).toEqual(keys.map(() => 'true'));
    expect(retries.map((r) => r.body.id)).toEqual(first.map((r) => r.body.id));
  });
});

describe('the fingerprint names the resource, not its spelling', () => {
  it('replays a cancel retried with the order id spelled as its UUID', async () => {
    const order = (await create(t.merchant.token, 'cancel-target')).body;
    const headers = { 'idempotency-key': 'cancel-1' };
    const first = await t.request('POST', `/v1/orders/${order.id}/cancel`, { body: {}, headers });
    expect(first.status).toBe(200);
    const uuid = decodeId('order', order.id)!;
    for (const spelling of [uuid, uuid.toUpperCase()]) {
      const retry = await t.request('POST', `/v1/orders/${spelling}/cancel`, { body: {}, headers });
      expect(retry.status).toBe(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body.id).toBe(order.id);
    }
    const another = (await create(t.merchant.token, 'cancel-other')).body;
    expectProblem(await t.request('POST', `/v1/orders/${another.id}/cancel`, { body: {}, headers }), 422, 'idempotency_key_reused');
  });
});

describe('a retry of a completed request is a read', () => {
  // A sequence is not transactional: it counts every insert attempted, even those rolled back.
  async function countInsertAttempts(table: string): Promise<() => Promise<number>> {
    const seq = `${table}_attempts`;
    await t.db.exec(`
      CREATE SEQUENCE ${seq};
      CREATE FUNCTION count_${seq}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('${seq}'); RETURN NEW; END $$;
      CREATE TRIGGER count_${seq} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION count_${seq}();`);
    return async () => Number((await t.db.query<{ n: string }>(`SELECT CASE WHEN is_called THEN last_value ELSE 0 END::text AS n FROM ${seq}`))[0]!.n);
  }

  it('answers retries from the record without attempting the write again', async () => {
    const orderAttempts = await countInsertAttempts('orders');
    const keyAttempts = await countInsertAttempts('idempotency_keys');
    const first = await create(t.merchant.token, 'read-me');
    const canceled = await t.request('POST', `/v1/orders/${first.body.id}/cancel`, { body: {}, headers: { 'idempotency-key': 'cancel-read-me' } });
    expect(canceled.status).toBe(200);
    const before = { orders: await orderAttempts(), keys: await keyAttempts() };
    expect(before).toEqual({ orders: 1, keys: 2 });
    const retries = await Promise.all([
      ...Array.from({ length: 20 }, () => create(t.merchant.token, 'read-me')),
      ...Array.from({ length: 20 }, () => t.request('POST', `/v1/orders/${first.body.id}/cancel`, { body: {}, headers: { 'idempotency-key': 'cancel-read-me' } })),
    ]);
    expect(retries.every((r) => r.headers['idempotent-replayed'] === 'true')).toBe(true);
    expect({ orders: await orderAttempts(), keys: await keyAttempts() }).toEqual(before);
    await t.db.exec('DROP TRIGGER count_orders_attempts ON orders; DROP TRIGGER count_idempotency_keys_attempts ON idempotency_keys;');
  });
});
