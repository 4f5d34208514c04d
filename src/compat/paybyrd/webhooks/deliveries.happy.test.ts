import { describe, expect, it } from 'vitest';
import { decodeId } from '../../../domain/ids.js';
import { authenticates, paybyrdWebhookTest } from '../../../../test/compat/paybyrd-webhooks.js';
import { v1OrderId } from '../../../../test/compat/faces.js';
import { pay } from '../../../../test/payments.js';
import { status } from '../../../../test/webhooks.js';
import { PAYBYRD_RETRY_DELAYS_MS } from './format.js';

const { t, receiver, call, subscribe, sentTo, deliver } = await paybyrdWebhookTest();
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A Paybyrd order with a Pix payment of it (made through /v1: Paybyrd's own payment call needs cards). */
async function orderWithPix(orderRef: string) {
  const order = (await call('POST', '/api/v2/orders', { body: { isoAmount: 1250, currency: 'BRL', orderRef, paymentOptions: { allowedPaymentMethods: ['PIX'] } } })).body;
  const payment = await t.request('POST', `/v1/orders/${v1OrderId(order.orderId)}/payments`, { body: { method: 'pix' } });
  expect(payment.status, JSON.stringify(payment.body)).toBe(201);
  return { orderId: order.orderId as string, paymentId: payment.body.id as string, transactionId: decodeId('payment', payment.body.id)! };
}

describe("Paybyrd webhooks: Paybyrd's envelope, its credential, the one engine", () => {
  it('delivers the events subscribed to in {id, event, paymentMethod, settingsId, attemptId, createdAt, content}, carrying the api key', async () => {
    const settings = await subscribe({ events: ['order.paid', 'transaction.payment.pending', 'transaction.payment.success'] }, 'envelope');
    const { orderId, paymentId, transactionId } = await orderWithPix('WH-1');
    t.clock.advance(1000);
    await pay(t, paymentId);
    await deliver();
    const requests = sentTo('envelope');
    const bodies = requests.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.event)).toEqual(['transaction.payment.pending', 'transaction.payment.success', 'order.paid']);
    for (const [i, request] of requests.entries()) {
      expect(authenticates(request, settings.credential)).toBe(true);
      expect(request.headers['content-type']).toBe('application/json');
      expect(Object.keys(bodies[i])).toEqual(['id', 'event', 'paymentMethod', 'settingsId', 'attemptId', 'createdAt', 'content']);
      expect(bodies[i]).toMatchObject({ settingsId: settings.id, id: expect.stringMatching(GUID), attemptId: expect.stringMatching(GUID), createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
    }
    expect(bodies[1]).toMatchObject({
      paymentMethod: 'pix',
      content: { orderId, transactionId, status: 'Success', isoAmount: 1250, amount: '12.50', currency: 'BRL', paymentMethod: 'PIX', operationType: 'Payment' },
    });
    expect(bodies[2]).toMatchObject({
      paymentMethod: null,
      content: { orderId, orderRef: 'WH-1', transactionId, status: 'paid', isoAmount: 1250, amount: '12.50', refundedAmount: '0.00' },
    });
    // order.created was not subscribed to, so it was never sent.
    expect(bodies.some((b) => b.event === 'order.created')).toBe(false);
  });

  it('authenticates with HTTP Basic when the subscription says so', async () => {
    const settings = await subscribe({ credentialType: 'basic', username: 'shop', password: 'pa:ss', events: ['order.created'] }, 'basic');
    await call('POST', '/api/v2/orders', { body: { isoAmount: 100, currency: 'EUR', orderRef: 'basic' } });
    await deliver();
    const [request] = sentTo('basic');
    expect(request!.headers['x-api-key']).toBeUndefined();
    expect(authenticates(request!, settings.credential)).toBe(true);
    expect(authenticates(request!, { ...settings.credential, password: 'wrong' })).toBe(false);
  });

  it("retries a receiver that refuses on Paybyrd's schedule, 12 attempts in all, each with its own attemptId, then stops", async () => {
    const settings = await subscribe({ events: ['order.created'] }, 'retry');
    // The receiver answers 422 on purpose, as Paybyrd receivers do for what they do not handle yet.
    receiver.respond(status(422));
    await call('POST', '/api/v2/orders', { body: { isoAmount: 100, currency: 'EUR', orderRef: 'retry' } });
    await deliver();
    for (const delay of PAYBYRD_RETRY_DELAYS_MS) {
      t.clock.advance(delay * 1.1 + 1000);
      await deliver();
    }
    t.clock.advance(7 * 86_400_000);
    await deliver();
    const attempts = sentTo('retry');
    expect(attempts).toHaveLength(12);
    const bodies = attempts.map((r) => JSON.parse(r.body));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.attemptId)).size).toBe(12);

    const webhook = (await call('GET', '/api/v1/webhooks', { headers: { 'x-page-size': '100' } })).body.data.find((w: { settingsId: string }) => w.settingsId === settings.id);
    expect(webhook).toMatchObject({ id: bodies[0].id, settingsId: settings.id, event: 'order.created', status: 'Failed', attempts: 12 });
    const log = await call('GET', `/api/v1/webhooks/${webhook.id}/attempts`, { headers: { 'x-page-size': '5', 'x-page': '3' } });
    expect(log.status).toBe(200);
    expect(log.headers).toMatchObject({ 'x-current-page': '3', 'x-page-size': '5', 'x-page-count': '3', 'x-total-item-count': '12' });
    expect(log.body.data.map((a: { attempt: number }) => a.attempt)).toEqual([2, 1]);
    expect(log.body.data[1]).toMatchObject({ attemptId: bodies[0].attemptId, webhookId: webhook.id, success: false, statusCode: 422 });

    // Resent on request: one more attempt, the same webhook id.
    const resent = await call('POST', '/api/v1/webhooks/resend', { body: { ids: [webhook.id] } });
    expect(resent.status).toBe(200);
    expect(resent.body.data).toEqual([expect.objectContaining({ id: webhook.id, status: 'Pending' })]);
    receiver.respond((_req, res) => res.end());
    await deliver();
    expect(sentTo('retry')).toHaveLength(13);
    expect(JSON.parse(sentTo('retry')[12]!.body).id).toBe(webhook.id);
    expect((await call('GET', `/api/v1/webhooks/${webhook.id}/attempts`)).body.data[0]).toMatchObject({ attempt: 13, success: true, statusCode: 200 });
  });

  it('lists webhooks newest first, paged by x-page / x-page-size, and by referenceId', async () => {
    const settings = await subscribe({ events: [] }, 'log');
    const first = await orderWithPix('LOG-1');
    const second = await orderWithPix('LOG-2');
    await deliver();
    const all = await call('GET', '/api/v1/webhooks', { headers: { 'x-page-size': '100' } });
    const mine = all.body.data.filter((w: { settingsId: string }) => w.settingsId === settings.id);
    expect(mine.map((w: { event: string; referenceId: string }) => `${w.event} ${w.referenceId === first.orderId ? 1 : 2}`)).toEqual([
      'transaction.payment.pending 2',
      'order.created 2',
      'transaction.payment.pending 1',
      'order.created 1',
    ]);
    const byOrder = await call('GET', `/api/v1/webhooks?referenceId=${first.orderId}`);
    expect(byOrder.body.data.every((w: { referenceId: string }) => w.referenceId === first.orderId)).toBe(true);
    expect(byOrder.headers['x-total-item-count']).toBe(String(byOrder.body.data.length));
    const byTransaction = await call('GET', `/api/v1/webhooks?referenceId=${second.transactionId}`);
    expect(byTransaction.body.data.filter((w: { settingsId: string }) => w.settingsId === settings.id).map((w: { event: string }) => w.event)).toEqual(['transaction.payment.pending']);
    expect(byTransaction.body.data.every((w: { transactionId: string }) => w.transactionId === second.transactionId)).toBe(true);
    const paged = await call('GET', `/api/v1/webhooks?referenceId=${first.orderId}`, { headers: { 'x-page': '2', 'x-page-size': '1' } });
    expect(paged.headers).toMatchObject({ 'x-current-page': '2', 'x-page-size': '1', 'x-page-count': byOrder.headers['x-total-item-count'] });
    expect(paged.body.data).toEqual([byOrder.body.data[1]]);
  });
});
