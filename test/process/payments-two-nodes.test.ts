import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { decodeId } from '../../src/domain/ids.js';
import { paymentConnectorContext, paymentDeps } from '../../src/services/payment-context.js';
import { openDb } from '../../src/store/db.js';
import { lockPaymentsAtSandbox } from '../../src/store/sandbox.sql.js';
import { onTestServer, TEST_STORE } from '../helpers.js';
import { call, killAll, listAll, mapLimit, postgresTarget, startServer, type Server } from './server.js';

/**
 * Payments confirmed through two server processes on one PostgreSQL at the same moment: two payments of one
 * order both count (the order row lock queues them, and each sees the other's money), and one notification
 * delivered to both nodes at once counts once (the provider event's key and the payment's state).
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
  const merchant = /created the merchant (mer_\w+)/.exec(a.stderr())![1]!;
  return { target, a, b, key: a.firstKey!, merchantId: decodeId('merchant', merchant)! };
}

async function newOrder(node: Server, key: string, amount: number) {
  const order = await call(node, key, 'POST', '/v1/orders', { body: { amount, currency: 'BRL' } });
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  return order.body;
}

async function newPayment(node: Server, key: string, orderId: string) {
  const payment = await call(node, key, 'POST', `/v1/orders/${orderId}/payments`, { body: { method: 'pix' } });
  expect(payment.status, JSON.stringify(payment.body)).toBe(201);
  return payment.body;
}

describe.skipIf(TEST_STORE !== 'postgres')('payments confirmed through two server processes (postgres only)', () => {
  it('two payments of one order paid at the same instant through both nodes: both count, the order is overpaid', async () => {
    const { a, b, key } = await twoNodes();
    // Whole reais (10_000 + 100 × i centavos): amounts ending in 05, 13 or 14 centavos pick other outcomes at the sandbox.
    const ORDERS = 20;
    await mapLimit(
      Array.from({ length: ORDERS }, (_, i) => i),
      4,
      async (i) => {
        const order = await newOrder(a, key, 10_000 + 100 * i);
        const [first, second] = [await newPayment(a, key, order.id), await newPayment(b, key, order.id)];
        const paid = await Promise.all([
          call(a, key, 'POST', `/v1/test_helpers/payments/${first.id}/pay`, { body: {} }),
          call(b, key, 'POST', `/v1/test_helpers/payments/${second.id}/pay`, { body: {} }),
        ]);
        for (const res of paid) expect(res.status, JSON.stringify(res.body)).toBe(200);
        const after = (await call(b, key, 'GET', `/v1/orders/${order.id}`)).body;
        expect(after).toMatchObject({ status: 'overpaid', amount_paid: 2 * (10_000 + 100 * i), amount_overpaid: 10_000 + 100 * i, amount_due: 0 });
      },
    );
    const txns = await listAll(a, key, '/v1/balance_transactions');
    expect(txns).toHaveLength(2 * ORDERS);
    const owed = txns.reduce((sum, t) => sum + t.owed_to_payer, 0);
    expect(owed).toBe(Array.from({ length: ORDERS }, (_, i) => 10_000 + 100 * i).reduce((x, y) => x + y, 0));
  }, 60_000);

  it('one notification delivered to both nodes at once, several times over, counts once', async () => {
    const { target, a, b, key, merchantId } = await twoNodes();
    const db = await openDb({ databaseUrl: target.databaseUrl, poolSize: 2 });
    cleanups.push(() => db.close());
    const deps = paymentDeps({ clock: systemClock, config: loadConfig({}) });
    const PAYMENTS = 10;
    for (let i = 0; i < PAYMENTS; i++) {
      const order = await newOrder(a, key, 5_000 + 100 * i);
      const created = await newPayment(b, key, order.id);
      // The sandbox payer pays; its signed notification is then what both nodes receive.
      const notification = await db.transaction(async (tx) => {
        const { payment, charge } = (await lockPaymentsAtSandbox(tx, [{ merchantId: merchantId, paymentId: decodeId('payment', created.id)! }]))[0]!;
        return deps.rails.sandbox('pix')!.simulate(paymentConnectorContext(deps, tx, payment), payment, { type: 'pay', amount: payment.amount }, charge);
      });
      const deliver = (node: Server) =>
        fetch(`${node.url}/hooks/pix/sandbox`, { method: 'POST', headers: notification.headers as Record<string, string>, body: notification.rawBody });
      const answers = await Promise.all([a, b, a, b, a, b].map(deliver));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect((await call(a, key, 'GET', `/v1/orders/${order.id}`)).body).toMatchObject({ status: 'paid', amount_paid: 5_000 + 100 * i, amount_overpaid: 0 });
    }
    const succeeded = await listAll(b, key, '/v1/events?type=payment.succeeded');
    expect(succeeded).toHaveLength(PAYMENTS);
    const rows = await onTestServer((server) =>
      server.query<{ payments: string; entries_sum: string }>(
        `SELECT (SELECT count(*) FROM "${target.schema}".balance_transactions)::text AS payments,
                (SELECT coalesce(sum(amount), 0) FROM "${target.schema}".ledger_entries)::text AS entries_sum`,
      ),
    );
    expect(rows[0]).toEqual({ payments: String(PAYMENTS), entries_sum: '0' });
  }, 60_000);
});
