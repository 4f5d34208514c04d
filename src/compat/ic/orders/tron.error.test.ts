import { describe, it } from 'vitest';
import { expectNestError, icApp, newOrder } from '../fixture.js';

const { ic } = await icApp();

describe('POST /api/v1/payment/webhook/{orderId}/tron (IC): refusals', () => {
  it('answers 400 for an order paid in BRL or ARS, 404 for an unknown or malformed id', async () => {
    const brl = await newOrder(ic, 'BRL');
    expectNestError(await ic('POST', `/api/v1/payment/webhook/${brl.id}/tron`), 400, 'orderId is not an order paid in USDT on Tron');
    expectNestError(await ic('POST', '/api/v1/payment/webhook/9aa9124b-f7d8-49dc-8df6-53d5348ea383/tron'), 404, 'Order not found');
    expectNestError(await ic('POST', '/api/v1/payment/webhook/not-an-id/tron'), 404, 'Order not found');
    expectNestError(await ic('GET', `/api/v1/payment/webhook/${brl.id}/tron`), 404, `Cannot GET /api/v1/payment/webhook/${brl.id}/tron`);
  });
});
