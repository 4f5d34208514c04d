import { describe, expect, it } from 'vitest';
import { expectProblem } from '../../../../test/helpers.js';
import { createEndpoint, deliverWebhooks, webhookTest } from '../../../../test/webhooks.js';

const { t, receiver, merchantWithEndpoint } = await webhookTest();

describe('POST /v1/events/:id/redeliver', () => {
  it('sends the event again to every endpoint subscribed to it now, endpoints created since included, with the same webhook-id', async () => {
    const merchant = await t.newMerchant();
    const tag = merchant.merchantId;
    const before = await createEndpoint(t, `${receiver.url}?before=${tag}`, { enabled_events: ['customer.created'] }, merchant.token);
    await t.request('POST', '/v1/customers', { token: merchant.token, body: {} });
    await deliverWebhooks(t);
    const [event] = (await t.request('GET', '/v1/events', { token: merchant.token })).body.data;
    t.clock.advance(1000);
    const after = await createEndpoint(t, `${receiver.url}?after=${tag}`, { enabled_events: ['customer.*'] }, merchant.token);
    await createEndpoint(t, `${receiver.url}?other=${tag}`, { enabled_events: ['order.*'] }, merchant.token);

    const res = await t.request('POST', `/v1/events/${event.id}/redeliver`, { token: merchant.token, body: {} });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'list', has_more: false });
    expect(res.body.data.map((d: { endpoint: string; status: string }) => [d.endpoint, d.status]).sort()).toEqual(
      [[before.id, 'pending'], [after.id, 'pending']].sort(),
    );
    await deliverWebhooks(t);
    const mine = receiver.requests.filter((r) => r.url.endsWith(tag));
    expect(mine.map((r) => r.url.split('?')[1]!.split('=')[0]).sort()).toEqual(['after', 'before', 'before']);
    expect(new Set(mine.map((r) => r.headers['webhook-id']))).toEqual(new Set([event.id]));
    const beforeLog = (await t.request('GET', `/v1/webhook_endpoints/${before.id}/deliveries`, { token: merchant.token })).body.data;
    expect(beforeLog).toEqual([expect.objectContaining({ status: 'delivered', attempts: 2 })]);
  });

  it('sends it to the one endpoint named, subscribed or not', async () => {
    const { merchant, endpoint: unsubscribed, sent } = await merchantWithEndpoint({ enabled_events: ['payment.*'] });
    await t.request('POST', '/v1/customers', { token: merchant.token, body: {} });
    const [event] = (await t.request('GET', '/v1/events', { token: merchant.token })).body.data;
    const res = await t.request('POST', `/v1/events/${event.id}/redeliver`, { token: merchant.token, body: { endpoint: unsubscribed.id } });
    expect(res.body.data).toEqual([expect.objectContaining({ endpoint: unsubscribed.id, event: event.id })]);
    await deliverWebhooks(t);
    expect(sent()).toHaveLength(1);
  });

  it('refuses an endpoint that does not exist with 400, and an event that does not with 404', async () => {
    const merchant = await t.newMerchant();
    await t.request('POST', '/v1/customers', { token: merchant.token, body: {} });
    const [event] = (await t.request('GET', '/v1/events', { token: merchant.token })).body.data;
    const res = await t.request('POST', `/v1/events/${event.id}/redeliver`, { token: merchant.token, body: { endpoint: 'we_0000000000000000000000000a' } });
    expectProblem(res, 400, 'validation_error');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/endpoint', code: 'resource_missing' })]);
    expectProblem(await t.request('POST', '/v1/events/evt_0000000000000000000000000a/redeliver', { token: merchant.token, body: {} }), 404, 'resource_missing');
    expectProblem(await t.request('POST', `/v1/events/${event.id}/redeliver`, { token: merchant.live, body: {} }), 404, 'resource_missing');
  });
});
