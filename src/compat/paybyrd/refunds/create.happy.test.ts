import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd, v1OrderId } from '../../../../test/compat/faces.js';
import { paidTransaction } from '../../../../test/compat/paybyrd.js';
import { decodeId } from '../../../domain/ids.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /compat/paybyrd/api/v2/refund/{transactionId}', () => {
  it('refunds part of a transaction: BYRD200, the refund transaction, and its sourceTransaction amounts', async () => {
    const { orderId, transactionId } = await paidTransaction(t);
    const res = await paybyrd(t, 'POST', `/api/v2/refund/${transactionId}`, { body: { isoAmount: 500 } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      amount: '5.00',
      isoAmount: 500,
      code: 'BYRD200',
      description: 'Operation successfully completed',
      transactionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      sourceTransaction: { transactionId, amount: '12.50', isoAmount: 1250, refundedAmount: '5.00', isoRefundedAmount: 500, remainingAmount: '7.50', isoRemainingAmount: 750 },
    });
    expect(res.body.transactionId).not.toBe(transactionId);
    // The same refund /v1 shows, and the order's refundedAmount.
    const v1 = await t.request('GET', `/v1/refunds?payment=${transactionId}`);
    expect(v1.body.data.map((r: { id: string }) => decodeId('refund', r.id))).toEqual([res.body.transactionId]);
    expect((await paybyrd(t, 'GET', `/api/v2/orders/${orderId}`)).body).toMatchObject({ status: 'paid', refundedAmount: '5.00', isoRefundedAmount: 500 });
  });

  it('takes the legacy decimal amount, then the rest; the order is then refunded', async () => {
    const { orderId, transactionId } = await paidTransaction(t);
    const legacy = await paybyrd(t, 'POST', `/api/v2/refund/${transactionId}`, { body: { Amount: '2.50' } });
    expect(legacy.body).toMatchObject({ isoAmount: 250, code: 'BYRD200', sourceTransaction: { isoRemainingAmount: 1000 } });
    const rest = await paybyrd(t, 'POST', `/api/v2/refund/${transactionId}`, { body: { isoAmount: '1000' } });
    expect(rest.body).toMatchObject({ isoAmount: 1000, code: 'BYRD200', sourceTransaction: { refundedAmount: '12.50', remainingAmount: '0.00' } });
    expect((await paybyrd(t, 'GET', `/api/v2/orders/${orderId}`)).body).toMatchObject({ status: 'refunded', refundedAmount: '12.50' });
    expect((await t.request('GET', `/v1/orders/${v1OrderId(orderId)}`)).body.status).toBe('refunded');
  });

  it('replays a retried Idempotency-Key: one refund', async () => {
    const { transactionId } = await paidTransaction(t);
    const headers = { 'idempotency-key': 'byrd-refund-1' };
    const first = await paybyrd(t, 'POST', `/api/v2/refund/${transactionId}`, { body: { isoAmount: 100 }, headers });
    const again = await paybyrd(t, 'POST', `/api/v2/refund/${transactionId}`, { body: { isoAmount: 100 }, headers });
    expect(again.body).toEqual(first.body);
    expect((await t.request('GET', `/v1/refunds?payment=${transactionId}`)).body.data).toHaveLength(1);
  });
});
