import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import { MAX_MONITORING_WINDOW_HOURS, MAX_TOLERANCE_BASIS_POINTS } from '../../../domain/payment-settings.js';
import { MAX_SPREAD_BASIS_POINTS } from '../../../domain/fx.js';
import { MAX_AMOUNT } from '../../../domain/money.js';
import type { RailRegistry } from '../../../rails/registry.js';
import { Livemode, Nullable, Timestamp } from '../../schemas.js';

const provider = (rail: string) => Type.String({ minLength: 1, maxLength: 40, description: `The ${rail} provider: sandbox (test mode only) or a real one this installation configures` });

/** Each rail's account as shown: its provider and the rail's own fields. */
function accounts(rails: RailRegistry, body: boolean): Record<string, TSchema> {
  return Object.fromEntries(
    rails.all.map((rail) => {
      const fields = (rail.accountSchema as TObject).properties;
      const account = Type.Object({ provider: body ? Type.Optional(provider(rail.method)) : provider(rail.method), ...fields }, { additionalProperties: false });
      const nullable = Type.Union([account, Type.Null()], { description: `The ${rail.method} account; null: not set up${body ? ' (turns it off)' : ''}` });
      return [rail.method, body ? Type.Optional(nullable) : nullable];
    }),
  );
}

const toleranceFields = {
  amount: Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, description: "Shortfall accepted as paid, in minor units of the order's currency" }),
  basis_points: Type.Integer({ minimum: 0, maximum: MAX_TOLERANCE_BASIS_POINTS, description: 'Shortfall accepted as paid, in hundredths of a percent of the amount (50 = 0.5%); the larger allowance wins' }),
};
const monitoringWindow = Type.Integer({
  minimum: 0,
  maximum: MAX_MONITORING_WINDOW_HOURS,
  description: "Hours after an order's expiry in which a payment still counts toward it (flagged late); after that it is recorded and owed back",
});
const fxSpread = Type.Integer({
  minimum: 0,
  maximum: MAX_SPREAD_BASIS_POINTS,
  description: "Added to the FX rate when a payment is in another currency than its order, in hundredths of a percent (150 = 1.5%): the payer pays at rate × (1 + spread)",
});

export function paymentSettingsSchema(rails: RailRegistry) {
  return Type.Object(
    {
      object: Type.Literal('payment_settings'),
      livemode: Livemode,
      ...accounts(rails, false),
      underpayment_tolerance: Type.Object(toleranceFields),
      monitoring_window_hours: monitoringWindow,
      fx_spread_basis_points: fxSpread,
      updated_at: Nullable(Timestamp),
    },
    { $id: 'PaymentSettings' },
  );
}

export function paymentSettingsBody(rails: RailRegistry) {
  return Type.Object(
    {
      ...accounts(rails, true),
      underpayment_tolerance: Type.Optional(
        Type.Object({ amount: Type.Optional(toleranceFields.amount), basis_points: Type.Optional(toleranceFields.basis_points) }, { additionalProperties: false }),
      ),
      monitoring_window_hours: Type.Optional(monitoringWindow),
      fx_spread_basis_points: Type.Optional(fxSpread),
    },
    {
      additionalProperties: false,
      examples: [
        {
          pix: { key: 'pagamentos@padaria.example', merchant_name: 'Padaria São João', merchant_city: 'São Paulo' },
          underpayment_tolerance: { amount: 50 },
          monitoring_window_hours: 48,
          fx_spread_basis_points: 150,
        },
      ],
    },
  );
}
