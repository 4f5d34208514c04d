import type { FaceDefinition } from '../face.js';
import { bearerKey } from './bearer.js';
import registerCreateCustomer from './customers/create.js';
import registerListCustomers from './customers/list.js';
import registerRetrieveCustomer from './customers/retrieve.js';
import registerCreateDocument from './documents/create.js';
import registerListDocuments from './documents/list.js';
import registerRetrieveDocument from './documents/retrieve.js';
import { glomopayError } from './errors.js';
import registerCreateOrder from './orders/create.js';
import registerListOrders from './orders/list.js';
import registerPublicRetrieveOrder from './orders/public-retrieve.js';
import registerRetrieveOrder from './orders/retrieve.js';
import registerUpdateRfi from './orders/update-rfi.js';
import { GLOMOPAY_ORDER_STATUS } from './status.js';
import registerDeleteWebhook from './webhooks/delete.js';
import { GLOMOPAY_FORMAT, glomopayWebhookFormat } from './webhooks/format.js';
import registerPutWebhook from './webhooks/put.js';
import registerRetrieveWebhook from './webhooks/retrieve.js';

/**
 * Glomopay (docs.glomopay.com): `Authorization: Bearer <secret key>` on one host for test and live (the key
 * decides), flat `{error, message}` errors, ids `order_…`/`cust_…`/`doc_…`, `request_id` in the body as its idempotency.
 */
export const glomopay: FaceDefinition = {
  name: 'glomopay',
  title: 'Glomopay compatible API',
  description:
    "Glomopay's API (customers, documents, orders, webhooks) on Payorders: point a Glomopay integration at this base URL (it ends in /api/v1, as " +
    "Glomopay's does) and send a Payorders secret key (sk_test_… or sk_live_…) as `Authorization: Bearer`. See the " +
    'README for what differs.',
  apiKey: bearerKey,
  securityScheme: { type: 'http', scheme: 'bearer', description: 'A Payorders secret key: sk_test_… or sk_live_…' },
  renderError: glomopayError,
  orderStatuses: GLOMOPAY_ORDER_STATUS,
  routes: [registerCreateCustomer, registerRetrieveCustomer, registerListCustomers, registerCreateDocument, registerRetrieveDocument, registerListDocuments, registerCreateOrder, registerRetrieveOrder, registerListOrders, registerUpdateRfi, registerPublicRetrieveOrder, registerPutWebhook, registerRetrieveWebhook, registerDeleteWebhook],
  webhookFormats: { [GLOMOPAY_FORMAT]: glomopayWebhookFormat },
};
