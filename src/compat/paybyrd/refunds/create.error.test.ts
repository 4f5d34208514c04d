import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.js';
import { paybyrd } from '../../../../test/compat/faces.js';
import { orderWithPayment } from '../../../../test/payments.js';
import { decodeId } from '../../../domain/ids.js';
import { expectByrd, paidTransaction } from '../../../../test/compat/paybyrd.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /compat/paybyrd/api/v2/refund/{transactionId}: refusals', () => {
  it('answers BYRD231 beyond the remaining amount and BYRD230 once all is refunded, refunding nothing more', async () => {
    const { transactionId } = await paidTransaction(t);
    expectByrd(await paybyrd(t, 'POST', `/api/v2/refund/${transactionId}`, { body: { isoAmount: 1251 } }), 400, 'BYRD231');
    const res = await paybyrd(t, 'POST', `/api/v2/refund/${transactionId}`, { body: { isoAmount: 1251 } });
    expect(res.body.description).toBe('The refund amount exceeds the remaining balance of the original payment');
    expect((await paybyrd(t, 'POST', `/api/v2/refund/${transactionId}`, { body: { isoAmount: 1250 } })).body.code).toBe('BYRD200');
    const again = await paybyrd(t, 'POST', `/api/v2/refund/${transactionId}`, { body: { isoAmount: 1 } });
    expectByrd(again, 400, 'BYRD230');
    expect(again.body.description).toBe('Payment already refunded');
    expect((await t.request('GET', `/v1/refunds?payment=${transactionId}`)).body.data).toHaveLength(1);
  });

  it.each([
    [{ isoAmount: 0 }, 'isoAmount'],
    [{ isoAmount: -5 }, 'isoAmount'],
    [{ isoAmount: 10.5 }, 'isoAmount'],
    [{ amount: '1.234' }, 'amount'],
  ])('refuses %j with BYRD900 naming %s', async (body, field) => {
    const { transactionId } = await paidTransaction(t);
    const res = await paybyrd(t, 'POST', `/api/v2/refund/${transactionId}`, { body });
    expectByrd(res, 400, 'BYRD900');
    expect(res.body.errors[0].field).toBe(field);
  });

  it('answers 404 BYRD901 for a transaction that does not exist, and BYRD299 for one that received nothing yet', async () => {
    expectByrd(await paybyrd(t, 'POST', '/api/v2/refund/0190c6a4-5b6e-7d3a-9f1e-2a4b6c8d0e1f', { body: { isoAmount: 1 } }), 404, 'BYRD901');
    const { payment } = await orderWithPayment(t, { amount: 500 });
    const res = await paybyrd(t, 'POST', `/api/v2/refund/${decodeId('payment', payment.id)}`, { body: { isoAmount: 100 } });
    expectByrd(res, 400, 'BYRD299', 'A payment that is pending has received nothing to refund');
    expect((await t.request('GET', `/v1/refunds?payment=${payment.id}`)).body.data).toEqual([]);
  });
});
