import { describe, expect, it } from 'vitest';
import { orderBody } from '../../../../test/helpers.js';
import { deliverWebhooks, status, webhookTest } from '../../../../test/webhooks.js';

const { t, receiver, merchantWithEndpoint } = await webhookTest();

describe('GET /v1/webhook_endpoints/:id/deliveries', () => {
  it('shows each delivery: status, attempts, the last answer (code, latency, first 1 KB) and the next retry, newest first', async () => {
    const { merchant, endpoint } = await merchantWithEndpoint({ enabled_events: ['order.created'] });
    receiver.respond(status(500, {}, `{"error":"${'x'.repeat(2000)}"}`));
    await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody({ reference: 'failing' }) });
    await deliverWebhooks(t);
    receiver.respond(status(200, {}, 'thanks'));
    t.clock.advance(1000);
    await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody({ reference: 'fine' }) });
    await deliverWebhooks(t);

    const res = await t.request('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries`, { token: merchant.token });
    expect(res.status).toBe(200);
    const [fine, failing] = res.body.data;
    expect(fine).toMatchObject({ status: 'delivered', attempts: 1, next_attempt_at: null, last_attempt: { response_status: 200, response_body: 'thanks' } });
    expect(failing).toMatchObject({
      status: 'pending',
      attempts: 1,
      next_attempt_at: new Date(t.clock.now().getTime() - 1000 + 5000).toISOString(),
      last_attempt: { response_status: 500, error: null, latency_ms: expect.any(Number) },
    });
    expect(failing.last_attempt.response_body).toHaveLength(1024);

    const only = await t.request('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries?status=pending`, { token: merchant.token });
    expect(only.body.data.map((d: { id: string }) => d.id)).toEqual([failing.id]);
    const paged = await t.request('GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries?limit=1`, { token: merchant.token });
    expect(paged.body).toMatchObject({ has_more: true, data: [{ id: fine.id }] });
    const one = await t.request('GET', `/v1/webhook_deliveries/${failing.id}`, { token: merchant.token });
    expect(one.body).toEqual(failing);
  });

  it('answers 404 for an endpoint that does not exist', async () => {
    const res = await t.request('GET', '/v1/webhook_endpoints/we_0000000000000000000000000a/deliveries');
    expect(res.status).toBe(404);
  });
});
