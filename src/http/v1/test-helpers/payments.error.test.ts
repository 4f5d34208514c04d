import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { orderWithPayment, pay } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the payment test helpers refuse', () => {
  it('a payment already paid at the sandbox (409), and change nothing', async () => {
    const { payment } = await orderWithPayment(t);
    await pay(t, payment.id);
    expectProblem(await t.request('POST', `/v1/test_helpers/payments/${payment.id}/pay`), 409, 'conflict');
    expectProblem(await t.request('POST', `/v1/test_helpers/payments/${payment.id}/fail`), 409, 'conflict');
    expect((await t.request('GET', `/v1/payments/${payment.id}`)).body).toMatchObject({ status: 'succeeded', amount_received: 29700 });
  });

  it('paying a paid payment, failing a failed or a canceled one (409); nothing changes', async () => {
    const paid = await orderWithPayment(t);
    expect((await t.request('POST', `/v1/test_helpers/payments/${paid.payment.id}/pay`)).status).toBe(200);
    expectProblem(await t.request('POST', `/v1/test_helpers/payments/${paid.payment.id}/pay`), 409, 'conflict');
    const failed = await orderWithPayment(t);
    await t.request('POST', `/v1/test_helpers/payments/${failed.payment.id}/fail`);
    expectProblem(await t.request('POST', `/v1/test_helpers/payments/${failed.payment.id}/fail`), 409, 'conflict');
    const canceled = await orderWithPayment(t);
    await t.request('POST', `/v1/payments/${canceled.payment.id}/cancel`);
    expectProblem(await t.request('POST', `/v1/test_helpers/payments/${canceled.payment.id}/fail`), 409, 'conflict');
    expect((await t.request('GET', `/v1/payments/${failed.payment.id}`)).body.status).toBe('failed');
    expect((await t.request('GET', `/v1/payments/${canceled.payment.id}`)).body.status).toBe('canceled');
    expect((await t.request('GET', `/v1/payments/${paid.payment.id}`)).body).toMatchObject({ status: 'succeeded', amount_received: paid.payment.amount });
  });

  it('a payment the sandbox never created (declined at creation: 409)', async () => {
    const { payment } = await orderWithPayment(t, { amount: 2005 });
    expectProblem(await t.request('POST', `/v1/test_helpers/payments/${payment.id}/pay`), 409, 'conflict');
  });

  it('amounts that are not positive integers, unknown fields (400), a missing payment (404)', async () => {
    const { payment } = await orderWithPayment(t);
    for (const body of [{ amount: 0 }, { amount: 1.5 }, { amount: '100' }, { amount: 100, late: true }]) {
      expectProblem(await t.request('POST', `/v1/test_helpers/payments/${payment.id}/pay`, { body }), 400, 'validation_error');
    }
    expectProblem(await t.request('POST', '/v1/test_helpers/payments/pay_00000000000000000000000000/pay'), 404, 'resource_missing');
  });

  it('replays a retried pay with the same Idempotency-Key rather than paying twice', async () => {
    const order = await t.request('POST', '/v1/orders', { body: orderBody() });
    const payment = await t.request('POST', `/v1/orders/${order.body.id}/payments`, { body: { method: 'pix' } });
    const headers = { 'idempotency-key': `pay-${payment.body.id}` };
    const first = await t.request('POST', `/v1/test_helpers/payments/${payment.body.id}/pay`, { body: { amount: 100 }, headers });
    const retry = await t.request('POST', `/v1/test_helpers/payments/${payment.body.id}/pay`, { body: { amount: 100 }, headers });
    expect([retry.status, retry.headers['idempotent-replayed'], retry.body]).toEqual([200, 'true', first.body]);
    expect((await t.request('GET', `/v1/orders/${order.body.id}`)).body.amount_paid).toBe(100);
  });
});
