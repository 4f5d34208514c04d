import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { IdParams, MetadataUpdate, Nullable, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { updateOrder } from '../../../services/orders.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { CreateOrderBody, Order } from './schema.js';

const created = CreateOrderBody.properties;

export default function registerUpdateOrder(app: App, services: Services) {
  const terms = paymentDeps(services);
  app.post(
    '/v1/orders/:id',
    {
      schema: {
        operationId: 'updateOrder',
        tags: ['Orders'],
        summary: 'Update an order',
        description:
          'Description and metadata change at any time. The terms (amount, expires_at, customer, reference, line_items, payment_methods) ' +
          'change only while the order is open with no payment started on it: 409 otherwise. An update that changes nothing writes ' +
          'nothing (no event, the same updated_at); `order.updated` carries the changed fields\' previous values in `previous_attributes`.',
        params: IdParams,
        body: Type.Object(
          {
            metadata: Type.Optional(Nullable(MetadataUpdate)),
            description: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 1000 }))),
            amount: created.amount,
            amount_decimal: created.amount_decimal,
            expires_at: created.expires_at,
            customer: Type.Optional(Nullable(Type.String({ maxLength: 64, description: 'A customer id; null detaches the customer' }))),
            reference: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
            line_items: created.line_items,
            payment_methods: Type.Optional(Nullable(created.payment_methods)),
          },
          { additionalProperties: false, examples: [{ amount: 31900, reference: '1001-b', metadata: { gift: 'yes' } }] },
        ),
        response: { 200: Order, ...problems(...WRITE_PROBLEMS, 404) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        const { json } = await updateOrder(tx, services.clock, terms, req.actor, req.params.id, req.body);
        return { status: 200, body: json };
      }),
  );
}
