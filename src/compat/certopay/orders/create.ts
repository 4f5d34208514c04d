import { Type } from '@sinclair/typebox';
import { AppError } from '../../../domain/errors.js';
import { MAX_AMOUNT } from '../../../domain/money.js';
import type { App, Services } from '../../../http/context.js';
import { sendPlannedWrite } from '../../../http/write.js';
import { planOrder } from '../../../services/orders.js';
import { CertoPayOrder, errors, orderJson, TAG_ORDERS } from '../schema.js';

/** CertoPay charges in reais only: an order made here is a BRL order, payable by any method set up. */
export default function registerCreateOrder(app: App, services: Services) {
  app.post(
    '/api/orders',
    {
      schema: {
        operationId: 'createOrder',
        tags: [TAG_ORDERS],
        summary: 'Create a payment order for a customer',
        body: Type.Object({
          customerId: Type.String({ minLength: 1, maxLength: 64, description: 'The customer\'s UUID, from POST /api/customers' }),
          amount: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, description: 'Centavos: 29700 is R$ 297,00' }),
        }),
        response: { 201: CertoPayOrder, ...errors(400, 401, 404, 429) },
      },
    },
    (req, reply) =>
      sendPlannedWrite(services, req, reply, async (db) => {
        const planned = await planOrder(db, services.clock, req.actor, { amount: req.body.amount, currency: 'BRL', customer: req.body.customerId }).catch(
          (error: unknown) => {
            const missingCustomer = error instanceof AppError && error.fields[0]?.path === '/customer';
            throw missingCustomer ? new AppError('resource_missing', 'Customer not found') : error;
          },
        );
        return { status: 201, body: JSON.stringify(orderJson(planned.object)), rows: planned.rows };
      }),
  );
}
