import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the payment test helpers exist in test mode only', () => {
  it('answer 404 to live credentials, API keys and users alike, whatever the id', async () => {
    const liveOwner = await t.newUser(t.merchant.merchantId, 'owner', {}, true);
    const order = await t.request('POST', '/v1/orders', { body: orderBody() });
    const payment = await t.request('POST', `/v1/orders/${order.body.id}/payments`, { body: { method: 'pix' } });
    for (const token of [t.merchant.live, liveOwner.token]) {
      for (const action of ['pay', 'fail']) {
        for (const id of [payment.body.id, 'pay_00000000000000000000000000']) {
          expectProblem(await t.request('POST', `/v1/test_helpers/payments/${id}/${action}`, { token }), 404, 'route_not_found');
        }
      }
    }
    expect((await t.request('GET', `/v1/payments/${payment.body.id}`)).body.status).toBe('pending');
  });

  it('need a credential', async () => {
    expectProblem(await t.request('POST', '/v1/test_helpers/payments/pay_00000000000000000000000000/pay', { token: null }), 401, 'authentication_required');
  });
});
