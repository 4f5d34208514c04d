import { paymentSettingsBody } from '../http/v1/settings/schema.js';
import { railRegistry } from '../rails/registry.js';
import { loadPaymentSettings, paymentSettingsView, updatePaymentSettings, type PaymentSettingsInput } from '../services/payment-settings.js';
import { settingsCommands } from './settings-commands.js';

/** A merchant's payment settings, as GET/POST /v1/settings/payments show and take them. */
export const PAYMENT_SETTINGS_COMMANDS = settingsCommands({
  name: 'payment-settings',
  noun: 'payment settings',
  route: '/v1/settings/payments',
  showSummary: "Print a merchant's payment settings for a mode: each rail's account, the tolerance, the monitoring window",
  example: '{"pix": {"key": "+5511987654321", "merchant_name": "Loja", "merchant_city": "Recife"}}',
  show: async ({ db, config }, merchantId, livemode) => {
    const rails = railRegistry(config);
    return paymentSettingsView(rails, livemode, await loadPaymentSettings(db, rails, merchantId, livemode));
  },
  body: ({ config }) => paymentSettingsBody(railRegistry(config)),
  update: async (tx, { clock, config }, merchantId, livemode, body) => {
    const rails = railRegistry(config);
    return paymentSettingsView(rails, livemode, await updatePaymentSettings(tx, clock, rails, merchantId, livemode, body as PaymentSettingsInput));
  },
});
