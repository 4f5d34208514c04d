import type { FaceDefinition } from '../face.js';
import { certopayMessage, nestError } from './errors.js';
import { ORDER_STATUSES, PAYMENT_STATUSES } from './statuses.js';
import registerCreateCustomer from './customers/create.js';
import registerListCustomers from './customers/list.js';
import registerCreateOrder from './orders/create.js';
import registerListOrders from './orders/list.js';
import registerRetrieveOrder from './orders/retrieve.js';
import registerProcessPayment from './payments/process.js';
import registerTokenizeCard from './payments/tokenize-card.js';
import registerTransactionDocuments from './transactions/documents.js';
import registerRetrieveTransaction from './transactions/retrieve.js';
import registerDeleteWebhook from './webhooks/delete.js';
import registerListWebhookDeliveries from './webhooks/deliveries.js';
import { CERTOPAY_FORMAT, certopayWebhookFormat } from './webhooks/format.js';
import registerRetrieveWebhook from './webhooks/retrieve.js';
import registerRetryWebhookDelivery from './webhooks/retry.js';
import registerUpsertWebhook from './webhooks/upsert.js';

/**
 * CertoPay Brasil (docs.v2.certopaybrasil.com), a NestJS service: `X-Api-Key`, errors as NestJS's
 * HttpException writes them, 100 requests per minute per key.
 */
export const certopay: FaceDefinition = {
  name: 'certopay',
  title: 'CertoPay Brasil compatible API',
  description:
    "CertoPay Brasil's API (customers, orders, Pix, boleto and card payments, transactions) on Payorders: point a CertoPay " +
    'integration at this base URL and use a Payorders secret key (sk_test_… or sk_live_…) as X-Api-Key. Errors are ' +
    '{statusCode, message, error}. See the README for what differs.',
  apiKey: (req) => {
    const key = req.headers['x-api-key'];
    return typeof key === 'string' ? key.trim() : undefined;
  },
  securityScheme: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'A Payorders secret key: sk_test_… or sk_live_…' },
  renderError: (error) => ({ status: error.status, body: nestError(error.status, certopayMessage(error)) }),
  rateLimit: { requests: 100, windowMs: 60_000 },
  orderStatuses: ORDER_STATUSES,
  paymentStatuses: PAYMENT_STATUSES,
  routes: [
    registerCreateCustomer,
    registerListCustomers,
    registerCreateOrder,
    registerListOrders,
    registerRetrieveOrder,
    registerProcessPayment,
    registerTokenizeCard,
    registerRetrieveTransaction,
    registerTransactionDocuments,
    registerUpsertWebhook,
    registerRetrieveWebhook,
    registerDeleteWebhook,
    registerListWebhookDeliveries,
    registerRetryWebhookDelivery,
  ],
  webhookFormats: { [CERTOPAY_FORMAT]: certopayWebhookFormat },
};
