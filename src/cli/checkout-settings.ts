import { CheckoutSettingsBody, checkoutSettingsView } from '../http/v1/branding/schema.js';
import { loadCheckoutSettings, updateCheckoutSettings, type CheckoutSettingsInput } from '../services/checkout.js';
import { settingsCommands } from './settings-commands.js';

/** A merchant's hosted checkout settings (branding, framing, cancel, attempts), as GET/POST /v1/settings/checkout show and take them. */
export const CHECKOUT_SETTINGS_COMMANDS = settingsCommands({
  name: 'checkout-settings',
  noun: 'checkout settings',
  route: '/v1/settings/checkout',
  showSummary: "Print a merchant's checkout settings for a mode: display name, logo, accent colour, frame ancestors, cancel, attempts",
  example: '{"display_name": "Loja Azul", "accent_color": "#0a7d4f"}',
  show: async ({ db }, merchantId, livemode) => checkoutSettingsView(livemode, await loadCheckoutSettings(db, merchantId, livemode)),
  body: () => CheckoutSettingsBody,
  update: async (tx, { clock }, merchantId, livemode, body) =>
    checkoutSettingsView(livemode, await updateCheckoutSettings(tx, clock, merchantId, livemode, body as CheckoutSettingsInput)),
});
