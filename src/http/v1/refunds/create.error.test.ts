import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { getOrder, orderWithPayment, pay } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const refund = (body: unknown, headers: Record<string, string> = {}) => t.request('POST', '/v1/refunds', { body, headers });

async function paidPix(amount = 30000) {
  const { order, payment } = await orderWithPayment(t, { amount });
  await pay(t, payment.id);
  return { order, payment };
}

describe('POST /v1/refunds refuses', () => {
  it('more than remains: 409 refund_exceeds_remaining naming /amount and what remains; nothing is recorded', async () => {
    const { order, payment } = await paidPix(30000);
    const over = await refund({ payment: payment.id, amount: 30001 });
    expectProblem(over, 409, 'refund_exceeds_remaining');
    expect(over.body.errors).toEqual([expect.objectContaining({ path: '/amount', message: 'must be at most 30000' })]);
    await refund({ payment: payment.id, amount: 20000 });
    const beyond = await refund({ payment: payment.id, amount: 10100 });
    expectProblem(beyond, 409, 'refund_exceeds_remaining');
    expect(beyond.body.detail).toContain('10000');
    expect((await t.request('GET', `/v1/refunds?payment=${payment.id}`)).body.data).toHaveLength(1);
    expect(await getOrder(t, order.id)).toMatchObject({ status: 'partially_refunded', amount_refunded: 20000 });
  });

  it('a payment refunded in full: 409 already_refunded, with or without an amount', async () => {
    const { payment } = await paidPix(10000);
    expect((await refund({ payment: payment.id })).body.status).toBe('succeeded');
    expectProblem(await refund({ payment: payment.id }), 409, 'already_refunded');
    expectProblem(await refund({ payment: payment.id, amount: 1 }), 409, 'already_refunded');
  });

  it('a payment that received nothing: 409 invalid_state_transition', async () => {
    const { payment } = await orderWithPayment(t);
    expectProblem(await refund({ payment: payment.id }), 409, 'invalid_state_transition');
  });

  it('a refund in progress holds its amount: while one is pending, what it holds cannot be refunded again', async () => {
    const { payment } = await paidPix(30000);
    expect((await refund({ payment: payment.id, amount: 20013 })).body.status).toBe('pending');
    expectProblem(await refund({ payment: payment.id, amount: 10000 }), 409, 'refund_exceeds_remaining');
    expect((await refund({ payment: payment.id, amount: 9987 })).body.status).toBe('succeeded');
    expectProblem(await refund({ payment: payment.id }), 409, 'already_refunded');
  });

  it('malformed bodies: 400 with the field', async () => {
    const { payment } = await paidPix();
    for (const [body, path] of [
      [{}, '/payment'],
      [{ payment: payment.id, amount: 0 }, '/amount'],
      [{ payment: payment.id, amount: 1.5 }, '/amount'],
      [{ payment: payment.id, amount: '100' }, '/amount'],
      [{ payment: payment.id, reason: '' }, '/reason'],
      [{ payment: payment.id, metadata: { a: 1 } }, '/metadata/a'],
      [{ payment: payment.id, destination: { type: 'iban' } }, '/destination'],
      [{ payment: payment.id, extra: true }, '/extra'],
    ] as const) {
      const res = await refund(body);
      expectProblem(res, 400, 'validation_error');
      expect(res.body.errors.map((e: { path: string }) => e.path).some((p: string) => p.startsWith(path)), `${JSON.stringify(body)} → ${JSON.stringify(res.body.errors)}`).toBe(true);
    }
    expect((await t.request('GET', `/v1/refunds?payment=${payment.id}`)).body.data).toEqual([]);
  });

  it('an id of no payment, or of another kind: 404', async () => {
    const { order } = await paidPix();
    expectProblem(await refund({ payment: 'pay_00000000000000000000000000' }), 404, 'resource_missing');
    expectProblem(await refund({ payment: order.id }), 404, 'resource_missing');
  });

  it('the same Idempotency-Key with another body: 422 idempotency_key_reused', async () => {
    const { payment } = await paidPix();
    const headers = { 'idempotency-key': `k-${payment.id}` };
    expect((await refund({ payment: payment.id, amount: 100 }, headers)).status).toBe(201);
    expectProblem(await refund({ payment: payment.id, amount: 200 }, headers), 422, 'idempotency_key_reused');
  });
});

describe('GET /v1/refunds refuses', () => {
  it('a filter that is not an id of its kind: 400 naming the query field', async () => {
    for (const q of ['payment=ord_1', 'order=pay_1', 'status=done', 'limit=0']) {
      expectProblem(await t.request('GET', `/v1/refunds?${q}`), 400, 'validation_error');
    }
    expectProblem(await t.request('GET', '/v1/refunds/re_00000000000000000000000000'), 404, 'resource_missing');
    expectProblem(await t.request('GET', '/v1/refunds/pay_00000000000000000000000000'), 404, 'resource_missing');
  });
});
