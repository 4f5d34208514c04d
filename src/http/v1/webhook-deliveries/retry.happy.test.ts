import { describe, expect, it } from 'vitest';
import { expectProblem, orderBody } from '../../../../test/helpers.js';
import { deliverWebhooks, status, webhookTest } from '../../../../test/webhooks.js';

const { t, receiver, merchantWithEndpoint } = await webhookTest();

const H = 3_600_000;

async function failedDelivery() {
  const { merchant, endpoint, sent } = await merchantWithEndpoint({ enabled_events: ['order.created'] });
  receiver.respond(status(500));
  await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody() });
  await deliverWebhooks(t);
  const [delivery] = (await t.request('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries`, { token: merchant.token })).body.data;
  return { merchant, endpoint, delivery, sent };
}

describe('POST /v1/webhook_deliveries/:id/retry', () => {
  it('makes a delivery in backoff due now; the next pass sends it, with the same webhook-id', async () => {
    const { merchant, delivery, sent } = await failedDelivery();
    receiver.respond(status(200));
    const res = await t.request('POST', `/v1/webhook_deliveries/${delivery.id}/retry`, { token: merchant.token, body: {} });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: delivery.id, status: 'pending', attempts: 1, next_attempt_at: t.clock.now().toISOString() });
    await deliverWebhooks(t);
    expect(sent()).toHaveLength(2);
    expect(sent()[1]!.headers['webhook-id']).toBe(sent()[0]!.headers['webhook-id']);
    expect((await t.request('GET', `/v1/webhook_deliveries/${delivery.id}`, { token: merchant.token })).body).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('gives a delivery that failed for good one more attempt', async () => {
    const { merchant, delivery, sent } = await failedDelivery();
    for (const wait of [5_000, 300_000, 0.5 * H, 2 * H, 5 * H, 10 * H, 14 * H, 20 * H, 24 * H]) {
      t.clock.advance(wait);
      await deliverWebhooks(t);
    }
    expect((await t.request('GET', `/v1/webhook_deliveries/${delivery.id}`, { token: merchant.token })).body).toMatchObject({ status: 'failed', attempts: 10 });
    await t.request('POST', `/v1/webhook_deliveries/${delivery.id}/retry`, { token: merchant.token, body: {} });
    await deliverWebhooks(t);
    expect(sent()).toHaveLength(11);
    expect((await t.request('GET', `/v1/webhook_deliveries/${delivery.id}`, { token: merchant.token })).body).toMatchObject({ status: 'failed', attempts: 11, next_attempt_at: null });
  });

  it('sends a delivered one again', async () => {
    const { merchant, delivery, sent } = await failedDelivery();
    receiver.respond(status(200));
    await t.request('POST', `/v1/webhook_deliveries/${delivery.id}/retry`, { token: merchant.token, body: {} });
    await deliverWebhooks(t);
    await t.request('POST', `/v1/webhook_deliveries/${delivery.id}/retry`, { token: merchant.token, body: {} });
    await deliverWebhooks(t);
    expect(sent()).toHaveLength(3);
  });

  it('answers 404 for a delivery that does not exist, or one of the other mode', async () => {
    const { merchant, delivery } = await failedDelivery();
    expectProblem(await t.request('POST', '/v1/webhook_deliveries/whd_0000000000000000000000000a/retry', { body: {} }), 404, 'resource_missing');
    expectProblem(await t.request('POST', `/v1/webhook_deliveries/${delivery.id}/retry`, { token: merchant.live, body: {} }), 404, 'resource_missing');
  });
});
