import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { listOf, PageQuery, problems } from '../../schemas.js';
import { listBody, pageFromCursor } from '../../write.js';
import { getPaymentLink, listPaymentLinks, paymentLinkView } from '../../../services/payment-links.js';
import { requireMerchantWide } from '../events/schema.js';
import { PaymentLink, PAYMENT_LINK_TAG } from './schema.js';

export default function registerListPaymentLinks(app: App, services: Services) {
  app.get(
    '/v1/payment_links',
    {
      schema: {
        operationId: 'listPaymentLinks',
        tags: [PAYMENT_LINK_TAG],
        summary: 'List payment links, newest first',
        querystring: Type.Object(
          {
            limit: PageQuery.limit,
            starting_after: PageQuery.starting_after,
            ending_before: PageQuery.ending_before,
            active: Type.Optional(Type.Boolean({ description: 'Only active (true) or deactivated (false) links' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(PaymentLink), ...problems(400, 401, 403, 429) },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      const page = await pageFromCursor('paymentLink', req.query, (id) => getPaymentLink(services.db, req.actor, id));
      return listBody(req, await listPaymentLinks(services.db, req.actor, req.query.active, page), page, paymentLinkView);
    },
  );
}
