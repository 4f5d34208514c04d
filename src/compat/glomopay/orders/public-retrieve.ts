import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../domain/errors.js';
import type { App, Services } from '../../../http/context.js';
import { Nullable, StringEnum } from '../../../http/schemas.js';
import { retrieveOrder } from '../../../services/orders.js';
import { glomopayId, fromGlomopayId } from '../../../domain/glomopay-ids.js';
import { documentsAskedOf, glomopayTime } from '../order-view.js';
import { bearerKey } from '../bearer.js';
import { errors, TAG_ORDERS } from '../schema.js';
import { glomopayStatus, GLOMOPAY_STATUSES } from '../status.js';

/**
 * Glomopay's public order read, for browsers and mobile SDKs: `Authorization: Bearer <publishable key>`
 * (pk_test_…/pk_live_…, the key the checkout's card form already holds; the mode is the key's). What a
 * page shows of an order and nothing else (our choice of fields: Glomopay's page names only the route):
 * no customer, notes, bank details or references, which only the secret key reads.
 */
export default function registerPublicRetrieveOrder(app: App, services: Services) {
  const authenticate = (req: FastifyRequest) => {
    const key = bearerKey(req);
    if (!key) throw new AppError('authentication_required', 'Authorization header with a Bearer publishable key is required');
    // A secret key is refused here as any wrong key is: a page must not hold one.
    if (!key.startsWith('pk_')) throw new AppError('invalid_credentials', 'Only a publishable key (pk_…) reads the public order');
    return services.auth.authenticatePublishable(key);
  };
  app.get(
    '/api/public/v1/order/:id',
    {
      config: { authenticate },
      schema: {
        operationId: 'getpublicorderbyid',
        tags: [TAG_ORDERS],
        summary: 'Get an order with the publishable key',
        description:
          "With `Authorization: Bearer pk_test_…` (or pk_live_…), not the secret key: the order's status, amount, currency, product and payment methods. " +
          "An id that does not start with 'order_' is a 400; an unknown one, or another merchant's or mode's, a 404.",
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'order_…' }) }),
        response: {
          200: Type.Object({
            id: Type.String({ description: 'order_…' }),
            status: StringEnum(GLOMOPAY_STATUSES),
            currency: Type.String(),
            amount: Type.Integer({ description: 'Smallest currency unit' }),
            invoice_description: Nullable(Type.String()),
            payment_methods: Nullable(Type.Array(Type.String())),
            created_at: Type.String(),
            updated_at: Type.String(),
          }),
          ...errors(400, 401, 404, 429),
        },
      },
    },
    async (req) => {
      const uuid = fromGlomopayId('order', req.params.id);
      if (!uuid) throw new AppError('resource_missing', 'Order not found');
      const order = await retrieveOrder(services.db, req.actor, uuid);
      const asked = await documentsAskedOf(services.db, order.merchantId, [order]);
      return {
        id: glomopayId('order', order.id),
        status: glomopayStatus(order.status, asked.get(order.id)?.length ?? 0),
        currency: order.currency,
        amount: order.amount,
        invoice_description: order.description,
        payment_methods: order.paymentMethods,
        created_at: glomopayTime(order.createdAt),
        updated_at: glomopayTime(order.updatedAt),
      };
    },
  );
}
