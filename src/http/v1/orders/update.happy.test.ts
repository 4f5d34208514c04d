import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /v1/orders/:id (update)', () => {
  it('merges metadata (null removes a key), sets the description and records order.updated', async () => {
    const created = await t.request('POST', '/v1/orders', { body: orderBody({ metadata: { keep: '1', drop: '2' } }) });
    t.clock.advance(1000);
    const updated = await t.request('POST', `/v1/orders/${created.body.id}`, {
      body: { metadata: { drop: null, add: '3' }, description: 'Gift wrap' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ metadata: { keep: '1', add: '3' }, description: 'Gift wrap', updated_at: '2026-11-23T12:00:01.000Z' });
    expect(updated.body.metadata).not.toHaveProperty('drop');
    expect((await t.request('GET', `/v1/orders/${created.body.id}`)).body).toEqual(updated.body);
    const events = await t.request('GET', `/v1/events?object=${created.body.id}`);
    expect(events.body.data.map((e: { type: string }) => e.type)).toEqual(['order.updated', 'order.created']);
    expect(events.body.data[0].data.object).toEqual(updated.body);
  });
});
