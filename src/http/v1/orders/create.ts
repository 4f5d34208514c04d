import type { App, Services } from '../../context.js';
import { problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendPlannedWrite } from '../../write.js';
import { planOrder } from '../../../services/orders.js';
import { CreateOrderBody, Order } from './schema.js';

export default function registerCreateOrder(app: App, services: Services) {
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
        const { json, rows } = await planOrder(db, services.clock, req.actor, req.body);
        return { status: 201, body: json, rows };
      }),
  );
}
