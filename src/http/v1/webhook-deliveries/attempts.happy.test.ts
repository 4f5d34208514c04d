import { describe, expect, it } from 'vitest';
import { expectProblem, orderBody } from '../../../../test/helpers.js';
import { deliverWebhooks, status, webhookTest } from '../../../../test/webhooks.js';

const { t, receiver, merchantWithEndpoint, deliveries } = await webhookTest();

describe('GET /v1/webhook_deliveries/:id/attempts', () => {
  it('lists every attempt, newest first: when, the status or why there was none, latency and the first 1 KB', async () => {
    const { merchant, endpoint } = await merchantWithEndpoint({ enabled_events: ['order.created'] });
    receiver.respond(status(500, {}, `oops ${'x'.repeat(2000)}`));
    await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody() });
    await deliverWebhooks(t);
    const first = t.clock.now().toISOString();
    receiver.respond(status(429, { 'retry-after': '10' }, 'slow down'));
    t.clock.advance(5_000);
    await deliverWebhooks(t);
    const second = t.clock.now().toISOString();
    receiver.respond(status(204));
    t.clock.advance(300_000);
    await deliverWebhooks(t);
    const third = t.clock.now().toISOString();

    const [delivery] = await deliveries(merchant.token, endpoint.id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3 });
    const res = await t.request('GET', `/v1/webhook_deliveries/${delivery.id}/attempts`, { token: merchant.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'list', has_more: false, url: `/v1/webhook_deliveries/${delivery.id}/attempts` });
    expect(res.body.data).toEqual([
      { attempt: 3, at: third, response_status: 204, error: null, latency_ms: expect.any(Number), response_body: '' },
      { attempt: 2, at: second, response_status: 429, error: null, latency_ms: expect.any(Number), response_body: 'slow down' },
      { attempt: 1, at: first, response_status: 500, error: null, latency_ms: expect.any(Number), response_body: expect.stringMatching(/^oops x+$/) },
    ]);
    expect(res.body.data[2].response_body).toHaveLength(1024);
    expect(res.body.data[0]).toEqual({ attempt: 3, ...delivery.last_attempt });
  });

  it('records a failure without an answer, and a manual retry as one more attempt', async () => {
    const { merchant, endpoint } = await merchantWithEndpoint({ enabled_events: ['order.created'] });
    await t.request('POST', '/v1/webhook_endpoints/' + endpoint.id, { token: merchant.token, body: { url: 'http://127.0.0.1:1/closed' } });
    await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody() });
    await deliverWebhooks(t);
    const [delivery] = await deliveries(merchant.token, endpoint.id);
    await t.request('POST', `/v1/webhook_deliveries/${delivery.id}/retry`, { token: merchant.token, body: {} });
    await deliverWebhooks(t);
    const attempts = (await t.request('GET', `/v1/webhook_deliveries/${delivery.id}/attempts`, { token: merchant.token })).body.data;
    expect(attempts.map((a: { attempt: number; error: string | null; response_status: number | null }) => [a.attempt, a.error, a.response_status])).toEqual([
      [2, 'connection_failed', null],
      [1, 'connection_failed', null],
    ]);
  });

  it("answers 404 for a delivery that does not exist, or one of the other mode's or another merchant's", async () => {
    const { merchant, endpoint } = await merchantWithEndpoint({ enabled_events: ['order.created'] });
    await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody() });
    await deliverWebhooks(t);
    const [delivery] = await deliveries(merchant.token, endpoint.id);
    const other = await t.newMerchant();
    expectProblem(await t.request('GET', '/v1/webhook_deliveries/whd_0000000000000000000000000a/attempts', { token: merchant.token }), 404, 'resource_missing');
    expectProblem(await t.request('GET', `/v1/webhook_deliveries/${delivery.id}/attempts`, { token: merchant.live }), 404, 'resource_missing');
    expectProblem(await t.request('GET', `/v1/webhook_deliveries/${delivery.id}/attempts`, { token: other.token }), 404, 'resource_missing');
  });
});
