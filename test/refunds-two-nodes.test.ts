import { afterEach, describe, expect, it } from 'vitest';
import { decodeId } from '../src/domain/ids.js';
import { openDb } from '../src/store/db.js';
import { onTestServer, TEST_STORE } from './helpers.js';
import { call, killAll, postgresTarget, sleep, startServer, type Server } from './process/server.js';

/**
 * Refunds asked through two server processes on one PostgreSQL at the same moment never add up to more than
 * the payment received: each refund holds its amount from the moment it is recorded, under the payment's order
 * lock, so the second one sees the first's, whichever node takes it.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await killAll();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function twoNodes() {
  const target = await postgresTarget();
  cleanups.push(target.drop);
  const a = await startServer(target.env, { expectKey: true });
  const b = await startServer(target.env);
  return { target, a, b, key: a.firstKey! };
}

async function paidPayment(node: Server, key: string, amount: number) {
  const order = await call(node, key, 'POST', '/v1/orders', { body: { amount, currency: 'BRL' } });
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  const payment = await call(node, key, 'POST', `/v1/orders/${order.body.id}/payments`, { body: { method: 'pix' } });
  expect(payment.status, JSON.stringify(payment.body)).toBe(201);
  const paid = await call(node, key, 'POST', `/v1/test_helpers/payments/${payment.body.id}/pay`, { body: {} });
  expect(paid.status, JSON.stringify(paid.body)).toBe(200);
  return { order: order.body, payment: payment.body };
}

describe.skipIf(TEST_STORE !== 'postgres')('refunds through two server processes at once (postgres only)', () => {
  it('two refunds of 60% of a payment at once, one through each node, both waiting on the order while it is held: one succeeds, the other is refund_exceeds_remaining', async () => {
    const { target, a, b, key } = await twoNodes();
    const db = await openDb({ databaseUrl: target.databaseUrl, poolSize: 1 });
    cleanups.push(() => db.close());
    for (let i = 0; i < 4; i++) {
      // Whole reais: refunds ending in 05, 13 or 14 centavos pick other outcomes at the sandbox.
      const amount = 10_000 + 100 * i;
      const { order, payment } = await paidPayment(a, key, amount);
      const part = Math.round((amount * 0.6) / 100) * 100;
      // Both requests are under way before either may record its refund: they meet at the order's lock,
      // which this transaction holds until both have had time to read what the payment has left.
      const answers = await db.transaction(async (tx) => {
        await tx.query('SELECT 1 FROM orders WHERE order_id = $1 FOR UPDATE', [decodeId('order', order.id)]);
        const asked = [a, b].map((node) => call(node, key, 'POST', '/v1/refunds', { body: { payment: payment.id, amount: part } }));
        await sleep(400);
        return asked;
      });
      const settled = await Promise.all(answers);
      expect(settled.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(settled.find((r) => r.status === 409)!.body.code).toBe('refund_exceeds_remaining');
      expect(settled.find((r) => r.status === 201)!.body).toMatchObject({ status: 'succeeded', amount: part });
      expect((await call(b, key, 'GET', `/v1/orders/${order.id}`)).body).toMatchObject({ status: 'partially_refunded', amount_refunded: part });
    }
  }, 90_000);

  it('ten refunds of a fifth of a payment at once across both nodes: exactly five succeed, and the ledger still balances', async () => {
    const { target, a, b, key } = await twoNodes();
    const { order, payment } = await paidPayment(b, key, 50_000);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call(i % 2 ? a : b, key, 'POST', '/v1/refunds', { body: { payment: payment.id, amount: 10_000 } })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    for (const res of answers.filter((r) => r.status === 409)) expect(['refund_exceeds_remaining', 'already_refunded']).toContain(res.body.code);
    expect((await call(a, key, 'GET', `/v1/orders/${order.id}`)).body).toMatchObject({ status: 'refunded', amount_refunded: 50_000 });
    const again = await call(a, key, 'POST', '/v1/refunds', { body: { payment: payment.id, amount: 1 } });
    expect(again.body.code).toBe('already_refunded');
    const rows = await onTestServer((server) =>
      server.query<{ refunded: string; entries_sum: string }>(
        `SELECT (SELECT sum(amount) FROM "${target.schema}".refunds WHERE status <> 'failed')::text AS refunded,
                (SELECT coalesce(sum(amount), 0) FROM "${target.schema}".ledger_entries)::text AS entries_sum`,
      ),
    );
    expect(rows[0]).toEqual({ refunded: '50000', entries_sum: '0' });
  }, 90_000);
});
