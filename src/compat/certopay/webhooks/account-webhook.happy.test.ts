import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import { encodeId } from '../../../domain/ids.js';
import { runExpiry } from '../../../../test/jobs.js';
import { pay } from '../../../../test/payments.js';
import { status } from '../../../../test/webhooks.js';
import { CARD, certopayWithReceiver, ISO_8601, newOrder, paymentBody, UUID } from '../fixture.js';

const { t, cp, receiver } = await certopayWithReceiver();

describe('the CertoPay account webhook: upsert, get, deliveries, retry, delete', () => {
  let secret: string;
  let webhookId: string;

  it('POST /api/webhooks/upsert creates the one webhook: 200 {id, url, status, createdAt, updatedAt} and its secret, once', async () => {
    expect((await cp('GET', '/api/webhooks')).status).toBe(404);
    const res = await cp('POST', '/api/webhooks/upsert', { body: { url: `${receiver.url}?first` } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['id', 'url', 'status', 'createdAt', 'updatedAt', 'secret']);
    expect(res.body).toMatchObject({ url: `${receiver.url}?first`, status: 'ACTIVE' });
    expect(res.body.id).toMatch(UUID);
    expect(res.body.createdAt).toMatch(ISO_8601);
    ({ secret, id: webhookId } = res.body);
    const again = await cp('POST', '/api/webhooks/upsert', { body: { url: receiver.url } });
    expect(again.body).toEqual({ id: webhookId, url: receiver.url, status: 'ACTIVE', createdAt: res.body.createdAt, updatedAt: expect.any(String) });
    const got = await cp('GET', '/api/webhooks');
    expect(got.body).toEqual(again.body);
    const v1 = await t.request('GET', '/v1/webhook_endpoints');
    expect(v1.body.data).toHaveLength(1);
    expect(v1.body.data[0]).toMatchObject({ id: encodeId('webhookEndpoint', webhookId), url: receiver.url });
  });

  it("delivers the transaction's events in CertoPay's envelope, with Standard Webhooks signatures, through the one engine", async () => {
    const order = await newOrder(cp);
    const tx = (await cp('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, 'PIX') })).body;
    await pay(t, encodeId('payment', tx.transactionId));
    await runExpiry(t);
    const bodies = receiver.requests.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.event)).toEqual(['transaction.created', 'transaction.paid']);
    for (const [i, body] of bodies.entries()) {
      expect(Object.keys(body)).toEqual(['event', 'created_at', 'data']);
      expect(body.created_at).toMatch(ISO_8601);
      expect(body.data).toMatchObject({ transactionId: tx.transactionId, orderId: order.id, amount: 29700, method: 'PIX', status: i === 0 ? 'PENDING' : 'PAID' });
      const request = receiver.requests[i]!;
      expect(request.headers['content-type']).toBe('application/json');
      // Checked by the Standard Webhooks reference library, at the test clock's time.
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(t.clock.now());
      try {
        expect(new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).toEqual(body);
      } finally {
        vi.useRealTimers();
      }
    }
    const deliveries = await cp('GET', '/api/webhooks/deliveries');
    expect(deliveries.body).toHaveLength(2);
    expect(deliveries.body[0]).toEqual({ deliveryId: expect.stringMatching(UUID), event: 'transaction.paid', status: 'SUCCESS', httpStatus: 200, attemptedAt: t.clock.now().toISOString() });
    expect((await cp('GET', '/api/webhooks/deliveries?event=transaction.created')).body.map((d: { event: string }) => d.event)).toEqual(['transaction.created']);
    expect((await cp('GET', '/api/webhooks/deliveries?status=FAILED')).body).toEqual([]);
  });

  it('lists a failing delivery as PENDING with its answer, retries it on request, then SUCCESS', async () => {
    receiver.requests.length = 0;
    receiver.respond(status(500));
    const order = await newOrder(cp);
    await cp('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, 'BOLETO') });
    await runExpiry(t);
    const [pending] = (await cp('GET', '/api/webhooks/deliveries?status=PENDING')).body;
    expect(pending).toMatchObject({ event: 'transaction.created', status: 'PENDING', httpStatus: 500 });
    receiver.respond((_req, res) => res.end('ok'));
    const retried = await cp('POST', `/api/webhooks/deliveries/${pending.deliveryId}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ success: true, deliveryId: pending.deliveryId, message: 'Delivery queued for retry' });
    await runExpiry(t);
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.headers['webhook-id']).toBe(receiver.requests[0]!.headers['webhook-id']);
    const after = (await cp('GET', '/api/webhooks/deliveries')).body.find((d: { deliveryId: string }) => d.deliveryId === pending.deliveryId);
    expect(after).toMatchObject({ status: 'SUCCESS', httpStatus: 200 });
  });

  it('DELETE /api/webhooks removes it: 204, then 404 and no deliveries', async () => {
    const res = await cp('DELETE', '/api/webhooks');
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    expect((await cp('GET', '/api/webhooks')).status).toBe(404);
    expect((await cp('GET', '/api/webhooks/deliveries')).body).toEqual([]);
    expect((await t.request('GET', '/v1/webhook_endpoints')).body.data).toEqual([]);
  });
});

describe('the CertoPay account webhook: cards and refunds', () => {
  it('a CARD captured then refunded through /v1 is transaction.paid, then transaction.refunded with the money that went back', async () => {
    await cp('POST', '/api/webhooks/upsert', { body: { url: `${receiver.url}?refunds` } });
    const order = await newOrder(cp);
    const tx = (await cp('POST', '/api/payment-gateway/process', { body: paymentBody(order.id, 'CARD', { card: CARD }) })).body;
    expect(tx.status).toBe('CAPTURED');
    const refund = await t.request('POST', '/v1/refunds', { body: { payment: encodeId('payment', tx.transactionId), amount: 10000 } });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    await runExpiry(t);
    const bodies = receiver.requests.filter((r) => r.url.endsWith('?refunds')).map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.event)).toEqual(['transaction.created', 'transaction.paid', 'transaction.refunded']);
    expect(bodies[1].data).toMatchObject({ transactionId: tx.transactionId, method: 'CARD', status: 'CAPTURED' });
    expect(bodies[2].data).toEqual({
      transactionId: tx.transactionId,
      orderId: order.id,
      amount: 10000,
      method: 'CARD',
      status: 'REFUNDED',
      refundId: expect.stringMatching(UUID),
      createdAt: expect.stringMatching(ISO_8601),
      refundedAt: expect.stringMatching(ISO_8601),
    });
  });
});
