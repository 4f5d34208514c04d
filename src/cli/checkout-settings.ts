import { Value } from '@sinclair/typebox/value';
import { AppError } from '../domain/errors.js';
import { CheckoutSettingsBody, checkoutSettingsView } from '../http/v1/branding/schema.js';
import { loadCheckoutSettings, updateCheckoutSettings, type CheckoutSettingsInput } from '../services/checkout.js';
import { requiredChoice, requiredId, UsageError } from './args.js';
import { command, requireMerchant, str, type Command } from './command.js';

const modeOf = (v: Record<string, unknown>) => requiredChoice(v as never, 'mode', ['test', 'live'] as const) === 'live';

/** A merchant's hosted checkout settings (branding, framing, cancel, attempts), as GET/POST /v1/settings/checkout show and take them. */
export const CHECKOUT_SETTINGS_COMMANDS: Command[] = [
  command({
    name: 'checkout-settings show',
    readOnly: true,
    args: '--merchant <id> --mode test|live',
    summary: "Print a merchant's checkout settings for a mode: display name, logo, accent colour, frame ancestors, cancel, attempts",
    options: { merchant: str, mode: str },
    prepare: (v) => ({ merchantId: requiredId(v, 'merchant', 'merchant'), livemode: modeOf(v) }),
    run: async ({ merchantId, livemode }, { db }) => {
      await requireMerchant(db, merchantId);
      const view = checkoutSettingsView(livemode, await loadCheckoutSettings(db, merchantId, livemode));
      return { json: view, text: JSON.stringify(view, null, 2) };
    },
  }),
  command({
    name: 'checkout-settings set',
    args: "--merchant <id> --mode test|live '<json>'",
    summary: 'Change them with the body POST /v1/settings/checkout takes, e.g. \'{"display_name": "Loja Azul", "accent_color": "#0a7d4f"}\'',
    options: { merchant: str, mode: str },
    positionals: ['json'],
    prepare: (v, [json]) => {
      let body: unknown;
      try {
        body = JSON.parse(json!);
      } catch {
        throw new UsageError('the settings must be a JSON object, as POST /v1/settings/checkout takes');
      }
      return { merchantId: requiredId(v, 'merchant', 'merchant'), livemode: modeOf(v), body };
    },
    run: async ({ merchantId, livemode, body }, { db, clock }) => {
      await requireMerchant(db, merchantId);
      const invalid = Value.Errors(CheckoutSettingsBody, body).First();
      if (invalid) throw AppError.invalidField(invalid.path || '/', 'invalid', invalid.message);
      const updated = await db.transaction((tx) => updateCheckoutSettings(tx, clock, merchantId, livemode, body as CheckoutSettingsInput));
      const view = checkoutSettingsView(livemode, updated);
      return { json: view, text: `Updated the ${livemode ? 'live' : 'test'} checkout settings of ${merchantId}:\n${JSON.stringify(view, null, 2)}` };
    },
  }),
];
