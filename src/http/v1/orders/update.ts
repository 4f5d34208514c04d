import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { IdParams, MetadataUpdate, Nullable, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { updateOrder } from '../../../services/orders.js';
import { Order } from './schema.js';

export default function registerUpdateOrder(app: App, services: Services) {
  app.post(
    '/v1/orders/:id',
    {
      schema: {
        operationId: 'updateOrder',
        tags: ['Orders'],
        summary: "Update an order's metadata or description",
        params: IdParams,
        body: Type.Object(
          {
            metadata: Type.Optional(MetadataUpdate),
            description: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 1000 }))),
          },
          { additionalProperties: false },
        ),
        response: { 200: Order, ...problems(...WRITE_PROBLEMS, 404) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        const { json } = await updateOrder(tx, services.clock, req.actor, req.params.id, req.body);
        return { status: 200, body: json };
      }),
  );
}
