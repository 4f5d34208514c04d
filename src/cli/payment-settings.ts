import { Value } from '@sinclair/typebox/value';
import { AppError } from '../domain/errors.js';
import { paymentSettingsBody } from '../http/v1/settings/schema.js';
import { railRegistry } from '../rails/registry.js';
import { loadPaymentSettings, paymentSettingsView, updatePaymentSettings, type PaymentSettingsInput } from '../services/payment-settings.js';
import { requiredChoice, requiredId, UsageError } from './args.js';
import { command, requireMerchant, str, type Command } from './command.js';

const modeOf = (v: Record<string, unknown>) => requiredChoice(v as never, 'mode', ['test', 'live'] as const) === 'live';

/** A merchant's payment settings, as GET/POST /v1/settings/payments show and take them. */
export const PAYMENT_SETTINGS_COMMANDS: Command[] = [
  command({
    name: 'payment-settings show',
    readOnly: true,
    args: '--merchant <id> --mode test|live',
    summary: "Print a merchant's payment settings for a mode: each rail's account, the tolerance, the monitoring window",
    options: { merchant: str, mode: str },
    prepare: (v) => ({ merchantId: requiredId(v, 'merchant', 'merchant'), livemode: modeOf(v) }),
    run: async ({ merchantId, livemode }, { db, config }) => {
      await requireMerchant(db, merchantId);
      const rails = railRegistry(config);
      const view = paymentSettingsView(rails, livemode, await loadPaymentSettings(db, rails, merchantId, livemode));
      return { json: view, text: JSON.stringify(view, null, 2) };
    },
  }),
  command({
    name: 'payment-settings set',
    args: "--merchant <id> --mode test|live '<json>'",
    summary:
      'Change them with the body POST /v1/settings/payments takes, e.g. \'{"pix": {"key": "+5511987654321", "merchant_name": "Loja", "merchant_city": "Recife"}}\'',
    options: { merchant: str, mode: str },
    positionals: ['json'],
    prepare: (v, [json]) => {
      let body: unknown;
      try {
        body = JSON.parse(json!);
      } catch {
        throw new UsageError('the settings must be a JSON object, as POST /v1/settings/payments takes');
      }
      return { merchantId: requiredId(v, 'merchant', 'merchant'), livemode: modeOf(v), body };
    },
    run: async ({ merchantId, livemode, body }, { db, clock, config }) => {
      await requireMerchant(db, merchantId);
      const rails = railRegistry(config);
      const schema = paymentSettingsBody(rails);
      const invalid = Value.Errors(schema, body).First();
      if (invalid) throw AppError.invalidField(invalid.path || '/', 'invalid', invalid.message);
      const updated = await db.transaction((tx) => updatePaymentSettings(tx, clock, rails, merchantId, livemode, body as PaymentSettingsInput));
      const view = paymentSettingsView(rails, livemode, updated);
      return { json: view, text: `Updated the ${livemode ? 'live' : 'test'} payment settings of ${merchantId}:\n${JSON.stringify(view, null, 2)}` };
    },
  }),
];
