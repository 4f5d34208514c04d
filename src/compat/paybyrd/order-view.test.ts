import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import type { Actor } from '../../domain/actor.js';
import type { Payment } from '../../domain/payments.js';
import { planOrder } from '../../services/orders.js';
import type { Queryable } from '../../store/db.js';
import { loadSeedOpenApi, requestExamples, schemaValidator } from '../../../test/compat/seeds.js';
import { BYRD } from './codes.js';
import { readOrderCreation } from './order-request.js';
import { decimalAmount, paybyrdOrder, paybyrdOrderDetail } from './order-view.js';

const seed = loadSeedOpenApi('paybyrd-create-order-openapi.md');
const examples = requestExamples(seed, '/api/v2/orders', 'post');
const validateOrder = schemaValidator(seed, 'OrderCreation');
const clock = new ManualClock(new Date('2026-11-23T12:00:00.000Z'));
const actor: Actor = { merchantId: '0193a000-0000-7000-8000-000000000001', livemode: false, role: 'owner', storeId: null, branchId: null, principal: { kind: 'api_key', id: 'k' } };
// An order without store, branch or customer is planned without reading the store.
const noDb = {} as Queryable;

async function created(body: unknown) {
  const { input, attributes } = readOrderCreation(body, clock.now());
  const { object } = await planOrder(noDb, clock, actor, input);
  return { order: object, attributes };
}

describe('paybyrdOrder', () => {
  it.each(Object.entries(examples))('answers %s with a body valid against the seed schema, echoing it', async (_name, example) => {
    const { order, attributes } = await created(example);
    const body = paybyrdOrder(order, attributes);
    expect(validateOrder(body), JSON.stringify(validateOrder.errors)).toBe(true);
    expect(body).toMatchObject({ orderId: order.id, status: 'created', isoAmount: 5000, amount: '50.00', currency: 'EUR', orderRef: 'ABC123456', code: 'BYRD200', description: BYRD.BYRD200 });
    const sent = example as Record<string, any>;
    expect(body.orderOptions).toEqual(sent.orderOptions);
    if (sent.paymentOptions) expect(body.paymentOptions).toEqual(sent.paymentOptions);
    if (sent.shopper) expect(body.shopper).toMatchObject(sent.shopper);
    if (sent.metadata) expect(body.metadata).toEqual(sent.metadata);
    if (sent.shoppingCart) expect(body.shoppingCart).toEqual(sent.shoppingCart);
  });

  it('dates to the second in UTC, expiry from the time spans, a shopper id of its own', async () => {
    const { order, attributes } = await created(examples['Order request full']);
    const body = paybyrdOrder(order, attributes);
    expect(body.orderDate).toBe('2026-11-23T12:00:00Z');
    expect(body.expiresAt).toBe('2026-11-23T12:25:00Z');
    expect(body.shopper!.shopperId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(body.shopper!.shopperId).not.toBe(order.id);
    expect(paybyrdOrder(order, attributes).shopper!.shopperId).toBe(body.shopper!.shopperId);
  });

  it('shows a metadata value changed since (through /v1) as the new string', async () => {
    const { order, attributes } = await created({ isoAmount: 1, currency: 'EUR', orderRef: 'm', metadata: { key1: 1, key2: 'v' } });
    order.metadata = { key1: '2', key2: 'v', key3: 'new' };
    expect(paybyrdOrder(order, attributes).metadata).toEqual({ key1: '2', key2: 'v', key3: 'new' });
  });

  it('maps every canonical status to a word of the seed enum', async () => {
    const { order } = await created({ isoAmount: 1, currency: 'EUR', orderRef: 's' });
    for (const status of ['open', 'processing', 'paid', 'refunded', 'canceled', 'expired', 'failed', 'partially_refunded'] as const) {
      order.status = status;
      expect(validateOrder(paybyrdOrder(order, null))).toBe(true);
    }
  });
});

describe('paybyrdOrderDetail', () => {
  it('adds the transactions with PascalCase statuses, oldest first, and the last one', async () => {
    const { order } = await created({ isoAmount: 1250, currency: 'EUR', orderRef: 'd' });
    const payment = (id: string, status: Payment['status'], at: string) =>
      ({ id, status, amount: 1250, currency: 'EUR', method: 'pix', createdAt: new Date(at) }) as Payment;
    const body = paybyrdOrderDetail(order, null, [
      payment('0193a000-0000-7000-8000-0000000000b2', 'succeeded', '2026-11-23T12:05:00Z'),
      payment('0193a000-0000-7000-8000-0000000000b1', 'failed', '2026-11-23T12:01:00Z'),
    ]);
    expect(validateOrder(body)).toBe(true);
    expect(body.transactions.map((t) => [t.transactionId.slice(-2), t.status, t.amount, t.paymentMethod])).toEqual([
      ['b1', 'Denied', '12.50', 'PIX'],
      ['b2', 'Success', '12.50', 'PIX'],
    ]);
    expect(body.lastTransactionId).toBe('0193a000-0000-7000-8000-0000000000b2');
    expect(body).toMatchObject({ refundedAmount: '0.00', isoRefundedAmount: 0, canceledDate: null, code: 'BYRD200' });
  });
});

describe('decimalAmount', () => {
  it.each([
    [1250, 'EUR', '12.50'],
    [5, 'EUR', '0.05'],
    [295, 'JPY', '295'],
    [295991, 'KWD', '295.991'],
    [0, 'EUR', '0.00'],
  ])('%d %s is %s', (minor, currency, text) => {
    expect(decimalAmount(minor, currency)).toBe(text);
  });
});

describe('BYRD codes', () => {
  it('are exactly the seed enum, each with a description of the seed enum', () => {
    const schemas = seed.components.schemas as Record<string, { enum: string[] }>;
    expect(Object.keys(BYRD).sort()).toEqual([...schemas.PaybyrdCode!.enum].sort());
    expect(Object.values(BYRD).sort()).toEqual([...schemas.PaybyrdDescription!.enum].map((d) => d.trim()).sort());
  });
});
