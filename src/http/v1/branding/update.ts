import type { App, Services } from '../../context.js';
import { problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { updateCheckoutSettings } from '../../../services/checkout.js';
import { requireMerchantWide } from '../events/schema.js';
import { CheckoutSettingsBody, CheckoutSettingsSchema, checkoutSettingsView } from './schema.js';

export default function registerUpdateCheckoutSettings(app: App, services: Services) {
  app.post(
    '/v1/settings/checkout',
    {
      schema: {
        operationId: 'updateCheckoutSettings',
        tags: ['Settings'],
        summary: "Change the merchant's hosted checkout settings for the caller's mode",
        description:
          'Each field is optional; null clears the name, logo or accent. The accent is kept readable (see accent_color_used). ' +
          'frame_ancestors lists the https origins that may frame the checkout (none by default). API keys and owner users only.',
        body: CheckoutSettingsBody,
        response: { 200: CheckoutSettingsSchema, ...problems(...WRITE_PROBLEMS, 403) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        requireMerchantWide(req);
        const { merchantId, livemode } = req.actor;
        const updated = await updateCheckoutSettings(tx, services.clock, merchantId, livemode, req.body);
        return { status: 200, body: JSON.stringify(checkoutSettingsView(livemode, updated)) };
      }),
  );
}
