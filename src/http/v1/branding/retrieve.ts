import type { App, Services } from '../../context.js';
import { NoQuery, problems } from '../../schemas.js';
import { loadCheckoutSettings } from '../../../services/checkout.js';
import { requireMerchantWide } from '../events/schema.js';
import { CheckoutSettingsSchema, checkoutSettingsView } from './schema.js';

export default function registerRetrieveCheckoutSettings(app: App, services: Services) {
  app.get(
    '/v1/settings/checkout',
    {
      schema: {
        operationId: 'retrieveCheckoutSettings',
        tags: ['Settings'],
        summary: "The merchant's hosted checkout settings for the caller's mode: branding, framing, cancel, attempts",
        description: 'API keys and owner users only (403 for store and branch users).',
        querystring: NoQuery,
        response: { 200: CheckoutSettingsSchema, ...problems(400, 401, 403, 429) },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      return checkoutSettingsView(req.actor.livemode, await loadCheckoutSettings(services.db, req.actor.merchantId, req.actor.livemode));
    },
  );
}
