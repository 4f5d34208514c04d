import type { App, Services } from '../../context.js';
import { problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendPlannedWrite } from '../../write.js';
import { checkOrderTerms, planOrder } from '../../../services/orders.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { CreateOrderBody, Order } from './schema.js';

export default function registerCreateOrder(app: App, services: Services) {
  const terms = paymentDeps(services);
  app.post(
    '/v1/orders',
    {
      schema: {
        operationId: 'createOrder',
        tags: ['Orders'],
        summary: 'Create an order',
        body: CreateOrderBody,
        response: { 201: Order, ...problems(...WRITE_PROBLEMS) },
      },
    },
    (req, reply) =>
      sendPlannedWrite(services, req, reply, async (db) => {
        const { object, json, rows } = await planOrder(db, services.clock, req.actor, req.body);
        await checkOrderTerms(db, terms, req.actor, object, req.body.payment_methods);
        return { status: 201, body: json, rows };
      }),
  );
}
