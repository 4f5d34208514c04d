import type { App, Services } from '../../context.js';
import { problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { paymentSettingsView, updatePaymentSettings } from '../../../services/payment-settings.js';
import { requireMerchantWide } from '../events/schema.js';
import { paymentSettingsBody, paymentSettingsSchema } from './schema.js';

export default function registerUpdatePaymentSettings(app: App, services: Services) {
  const { rails } = paymentDeps(services);
  app.post(
    '/v1/settings/payments',
    {
      schema: {
        operationId: 'updatePaymentSettings',
        tags: ['Settings'],
        summary: "Change the merchant's payment settings for the caller's mode",
        description:
          'Each field is optional. A rail named is replaced whole (its provider defaults to the sandbox in test mode), null turns it off. ' +
          "The Pix key, name and city are checked as a BR Code carries them; a boleto's agreement by its bank's layout. API keys and owner users only.",
        body: paymentSettingsBody(rails),
        response: { 200: paymentSettingsSchema(rails), ...problems(...WRITE_PROBLEMS, 403) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        requireMerchantWide(req);
        const { merchantId, livemode } = req.actor;
        const updated = await updatePaymentSettings(tx, services.clock, rails, merchantId, livemode, req.body);
        return { status: 200, body: JSON.stringify(paymentSettingsView(rails, livemode, updated)) };
      }),
  );
}
