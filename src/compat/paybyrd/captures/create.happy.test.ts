import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd } from '../../../../test/compat/faces.js';
import { expectByrd } from '../../../../test/compat/paybyrd.js';
import { payByCard } from '../../../../test/payments-card.js';
import { decodeId } from '../../../domain/ids.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** A card authorised and held (capture_method manual), as a Paybyrd PreAuth transaction: its ids. */
async function preAuth(amount = 2000) {
  const { order, res } = await payByCard(t, '4242424242424242', { capture_method: 'manual' }, { amount, currency: 'EUR' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.status).toBe('requires_capture');
  return { orderId: decodeId('order', order.id)!, transactionId: decodeId('payment', res.body.id)! };
}

describe('POST /compat/paybyrd/api/v2/capture/{transactionId}', () => {
  it('captures part of a pre-authorisation: BYRD200, the captured and remaining amounts; the order is partly paid', async () => {
    const { orderId, transactionId } = await preAuth();
    const res = await paybyrd(t, 'POST', `/api/v2/capture/${transactionId}`, { body: { transactionId, amount: '15.00', isoAmount: 1500 } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      transactionId,
      amount: '15.00',
      isoAmount: 1500,
      code: 'BYRD200',
      description: 'Operation successfully completed',
      sourceTransaction: { transactionId, amount: '20.00', isoAmount: 2000, capturedAmount: '15.00', isoCapturedAmount: 1500, remainingAmount: '5.00', isoRemainingAmount: 500 },
    });
    const tx = await paybyrd(t, 'GET', `/api/v2/transactions/${transactionId}`);
    expect(tx.body).toMatchObject({ status: 'Success', code: 'BYRD200' });
    expect((await paybyrd(t, 'GET', `/api/v2/orders/${orderId}`)).body.status).toBe('pending');
  });

  it('captures all of it without an amount; a second capture is BYRD299', async () => {
    const { orderId, transactionId } = await preAuth(900);
    expect((await paybyrd(t, 'POST', `/api/v2/capture/${transactionId}`, { body: {} })).body).toMatchObject({ isoAmount: 900, code: 'BYRD200' });
    expect((await paybyrd(t, 'GET', `/api/v2/orders/${orderId}`)).body.status).toBe('paid');
    expectByrd(await paybyrd(t, 'POST', `/api/v2/capture/${transactionId}`, { body: {} }), 400, 'BYRD299');
  });

  it("refuses more than authorised, another merchant's transaction, and no key", async () => {
    const { transactionId } = await preAuth(500);
    const over = await paybyrd(t, 'POST', `/api/v2/capture/${transactionId}`, { body: { isoAmount: 501 } });
    expectByrd(over, 400, 'BYRD900');
    const other = await t.newMerchant();
    expectByrd(await paybyrd(t, 'POST', `/api/v2/capture/${transactionId}`, { key: other.token, body: {} }), 404, 'BYRD901');
    expectByrd(await paybyrd(t, 'POST', `/api/v2/capture/${transactionId}`, { key: null, body: {} }), 401, 'BYRD401');
  });
});
