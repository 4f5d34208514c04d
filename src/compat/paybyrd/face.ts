import type { FaceDefinition } from '../face.js';
import { paybyrdError } from './codes.js';
import registerCancelOrder from './orders/cancel.js';
import registerCreateOrder from './orders/create.js';
import registerRetrieveOrder from './orders/retrieve.js';
import registerCapture from './captures/create.js';
import registerCreatePayment from './payments/create.js';
import registerRefund from './refunds/create.js';
import registerRetrieveTransaction from './transactions/retrieve.js';
import { PAYBYRD_ORDER_STATUS, PAYBYRD_TRANSACTION_STATUS } from './status.js';
import registerListAttempts from './webhooks/attempts.js';
import { PAYBYRD_FORMAT, paybyrdWebhookFormat } from './webhooks/format.js';
import registerResendWebhooks from './webhooks/resend.js';
import registerCreateSettings from './webhooks/settings-create.js';
import registerDeleteSettings from './webhooks/settings-delete.js';
import registerListSettings from './webhooks/settings-list.js';
import registerRetrieveSettings from './webhooks/settings-retrieve.js';
import registerListWebhooks from './webhooks/webhooks-list.js';

/**
 * Paybyrd (docs.paybyrd.com), a .NET service: `x-api-key` (header names match in any letter case), JSON
 * bound as .NET binds it (see binding.ts), `{code, description}` with a BYRD return code on every answer.
 */
export const paybyrd: FaceDefinition = {
  name: 'paybyrd',
  title: 'Paybyrd compatible API',
  description:
    "Paybyrd's Gateway API (orders, card payments, transaction queries, refunds, captures) and Webhook API (settings, webhooks, attempts, resend) on Payorders: point a Paybyrd integration at this base URL and use a Payorders " +
    'secret key (sk_test_… or sk_live_…) as x-api-key; the key decides test or live. Answers carry Paybyrd\'s ' +
    '{code, description} (BYRD200, BYRD900 naming the invalid field, BYRD401, BYRD901). See the README for what differs.',
  apiKey: (req) => {
    const key = req.headers['x-api-key'];
    return typeof key === 'string' ? key.trim() : undefined;
  },
  securityScheme: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'A Payorders secret key: sk_test_… or sk_live_…' },
  renderError: paybyrdError,
  orderStatuses: PAYBYRD_ORDER_STATUS,
  paymentStatuses: PAYBYRD_TRANSACTION_STATUS,
  routes: [
    registerCreateOrder,
    registerRetrieveOrder,
    registerCancelOrder,
    registerCreatePayment,
    registerRetrieveTransaction,
    registerCapture,
    registerRefund,
    // Paybyrd's Webhook API, which the vendor serves from webhook.paybyrd.com, with the same x-api-key.
    registerCreateSettings,
    registerListSettings,
    registerRetrieveSettings,
    registerDeleteSettings,
    registerListWebhooks,
    registerListAttempts,
    registerResendWebhooks,
  ],
  webhookFormats: { [PAYBYRD_FORMAT]: paybyrdWebhookFormat },
};
