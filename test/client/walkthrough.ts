import createClient from 'openapi-fetch';
// Generated from /openapi.json by test/client.test.ts (openapi-typescript), next to a copy of this file.
import type { paths } from './payorders-api.js';

/**
 * The README's walkthrough, written as a merchant's developer would with a client generated from the
 * published document: every path, parameter, body and answer below is checked by the compiler against
 * the generated types, so a contract that does not say what the API does fails to compile or to run.
 */
export async function readmeWalkthrough(baseUrl: string, key: string) {
  const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key}` } });
  const idempotency = { 'Idempotency-Key': 'order-1001' };

  const created = await client.POST('/v1/orders', {
    params: { header: idempotency },
    body: { amount: 29700, currency: 'BRL', reference: '1001', payment_methods: ['pix', 'boleto'] },
  });
  if (!created.data) throw new Error(`create order: ${JSON.stringify(created.error)}`);
  const order = created.data;

  const replayed = await client.POST('/v1/orders', {
    params: { header: idempotency },
    body: { amount: 29700, currency: 'BRL', reference: '1001', payment_methods: ['pix', 'boleto'] },
  });

  const fetched = await client.GET('/v1/orders/{id}', { params: { path: { id: order.id } } });
  const open = await client.GET('/v1/orders', { params: { query: { status: ['open'], limit: 10 } } });

  const payment = await client.POST('/v1/orders/{id}/payments', { params: { path: { id: order.id } }, body: { method: 'pix' } });
  if (!payment.data) throw new Error(`create payment: ${JSON.stringify(payment.error)}`);
  const instructions = payment.data.instructions;

  const paid = await client.POST('/v1/test_helpers/payments/{id}/pay', { params: { path: { id: payment.data.id } } });
  const afterPayment = await client.GET('/v1/orders/{id}', { params: { path: { id: order.id } } });
  const balance = await client.GET('/v1/balance');
  const events = await client.GET('/v1/events', { params: { query: { limit: 100 } } });

  const refused = await client.POST('/v1/orders/{id}/cancel', { params: { path: { id: order.id } }, body: {} });
  const missing = await client.GET('/v1/orders/{id}', { params: { path: { id: 'ord_0000000000000000000000000' } } });

  return {
    order: { id: order.id, status: order.status, amount: order.amount, currency: order.currency },
    replayed: { id: replayed.data?.id, header: replayed.response.headers.get('idempotent-replayed') },
    fetched: fetched.data?.reference,
    openIds: open.data?.data.map((o) => o.id),
    instructions: instructions && { type: instructions.type, hasEmv: 'emv' in instructions && typeof instructions.emv === 'string' },
    paidStatus: paid.data?.status,
    orderAfterPayment: { status: afterPayment.data?.status, amount_due: afterPayment.data?.amount_due },
    balancePending: balance.data?.pending,
    eventTypes: events.data?.data.map((e) => e.type),
    cancelPaid: { status: refused.response.status, code: refused.error?.code, requestId: refused.error?.request_id },
    missing: { status: missing.response.status, code: missing.error?.code },
  };
}
