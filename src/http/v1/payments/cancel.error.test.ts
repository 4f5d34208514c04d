import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { eventTypes, orderWithPayment, pay } from '../../../../test/payments.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /v1/payments/:id/cancel refuses', () => {
  it('a settled payment (409), once or twice, with no event', async () => {
    const { payment } = await orderWithPayment(t);
    await pay(t, payment.id);
    expectProblem(await t.request('POST', `/v1/payments/${payment.id}/cancel`), 409, 'invalid_state_transition');
    const other = await orderWithPayment(t);
    await t.request('POST', `/v1/payments/${other.payment.id}/cancel`);
    expectProblem(await t.request('POST', `/v1/payments/${other.payment.id}/cancel`), 409, 'invalid_state_transition');
    expect(await eventTypes(t, other.payment.id)).toEqual(['payment.created', 'payment.canceled']);
  });

  it('unknown fields (400) and a missing payment (404)', async () => {
    const { payment } = await orderWithPayment(t);
    expectProblem(await t.request('POST', `/v1/payments/${payment.id}/cancel`, { body: { reason: 'x' } }), 400, 'validation_error');
    expectProblem(await t.request('POST', '/v1/payments/pay_00000000000000000000000000/cancel'), 404, 'resource_missing');
    expectProblem(await t.request('GET', '/v1/payments/ord_00000000000000000000000000'), 404, 'resource_missing');
  });
});
