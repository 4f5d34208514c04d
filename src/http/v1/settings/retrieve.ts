import type { App, Services } from '../../context.js';
import { NoQuery, problems } from '../../schemas.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { loadPaymentSettings, paymentSettingsView } from '../../../services/payment-settings.js';
import { requireMerchantWide } from '../events/schema.js';
import { paymentSettingsSchema } from './schema.js';

export default function registerRetrievePaymentSettings(app: App, services: Services) {
  const { rails } = paymentDeps(services);
  app.get(
    '/v1/settings/payments',
    {
      schema: {
        operationId: 'retrievePaymentSettings',
        tags: ['Settings'],
        summary: "The merchant's payment settings for the caller's mode",
        description: 'API keys and owner users only (403 for store and branch users). Test mode starts with every rail on the sandbox; live mode with none.',
        querystring: NoQuery,
        response: { 200: paymentSettingsSchema(rails), ...problems(400, 401, 403, 429) },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      const { merchantId, livemode } = req.actor;
      return paymentSettingsView(rails, livemode, await loadPaymentSettings(services.db, rails, merchantId, livemode));
    },
  );
}
