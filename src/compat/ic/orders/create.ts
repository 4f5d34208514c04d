import { Type } from '@sinclair/typebox';
import { parseDecimalAmount } from '../../../domain/money.js';
import type { App, Services } from '../../../http/context.js';
import { sendPreparedGroupedWrite } from '../../../http/write.js';
import { planOrder } from '../../../services/orders.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { discardPayment, groupedPlannedOrderPayment, startPaymentOf } from '../../../services/payments.js';
import { errors, IcOrder, orderJson, TAG_ORDERS } from '../schema.js';
import { RAILS, type IcCurrency } from '../statuses.js';

const body = Type.Object({
  amount: Type.String({ maxLength: 32, description: 'USD, a decimal string with at most two places: "200.00"' }),
  currency: Type.Unsafe<IcCurrency>({ type: 'string', enum: Object.keys(RAILS), description: 'What the payer pays in: BRL (Pix), ARS (transfer QR) or USDT (Tron)' }),
});

/**
 * IC's create is the order and its payment in one: a USD order taking only the currency's rail, and a
 * payment on that rail priced at an FX quote (USD→BRL, ARS or USDT with the merchant's spread), written
 * together or not at all. The provider is asked before the transaction (as /v1 payments are), and a
 * charge that ends up not recorded is canceled there. Idempotency-Key is honoured as on /v1 (24 h).
 */
export default function registerCreateOrder(app: App, services: Services) {
  const deps = paymentDeps(services);
  app.post(
    '/api/v1/payment/order',
    {
      schema: {
        operationId: 'createPaymentOrder',
        tags: [TAG_ORDERS],
        summary: 'Create a payment order priced in USD, paid in BRL, ARS or USDT',
        description:
          '201 with the order: `qrData` holds the Pix BR Code (BRL) or the transfer QR payload (ARS); USDT orders carry the Tron deposit ' +
          'address (`walletAddress`, also as `qrData`) and the exact USDT to send (`paymentAmount`). 422 when no fresh exchange rate prices ' +
          'the currency; 400 when the merchant has not set up its rail.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'Optional: a retry with the same key answers the first response (24 h)' })) }),
        body,
        response: { 201: IcOrder, ...errors(400, 401, 409, 422, 429, 503) },
      },
    },
    (req, reply) => {
      const amount = parseDecimalAmount(req.body.amount, 'USD', 'amount');
      const method = RAILS[req.body.currency];
      return sendPreparedGroupedWrite(
        services,
        req,
        reply,
        async () => {
          const planned = await planOrder(services.db, services.clock, req.actor, { amount, currency: 'USD', payment_methods: [method] });
          return { planned, started: await startPaymentOf(services.db, deps, req.actor, planned.object, method, { currency: req.body.currency }) };
        },
        ({ planned, started }) =>
          groupedPlannedOrderPayment(deps, req.actor, planned, started, ({ order, payment }) => ({ status: 201, body: JSON.stringify(orderJson({ order, payment, transfers: [] })) })),
        ({ started }) => discardPayment(services.db, deps, started),
      );
    },
  );
}
