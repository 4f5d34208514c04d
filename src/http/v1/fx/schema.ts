import { Type } from '@sinclair/typebox';
import { Livemode, Nullable, Timestamp } from '../../schemas.js';

const Rate = (description: string) => Type.String({ pattern: '^\\d{1,12}(\\.\\d{1,24})?$', description });

/** The price a payment in another currency than its order was locked at. */
export const FxQuote = Nullable(
  Type.Object(
    {
      order_currency: Type.String({ description: "The order's currency" }),
      order_amount: Type.Integer({ description: "The part of the order's amount this payment covers, in its minor units" }),
      rate: Rate("The source's rate: units of the payment's currency per unit of the order's"),
      spread: Type.String({ description: "The merchant's spread as a fraction (0.015 = 1.5%)" }),
      spread_basis_points: Type.Integer(),
      rate_applied: Rate('rate × (1 + spread): the rate the payer pays at, exactly'),
      source: Type.String({ description: 'operator (PUT /v1/fx/rates, the rates file) or the rates API host' }),
      fetched_at: Timestamp,
      expires_at: Timestamp,
    },
    {
      description:
        "Set when the payment's currency is not the order's: amount = order_amount × rate_applied, rounded half up to the payment currency's minor unit. " +
        'What the payer sends counts toward the order in proportion (amount ⇄ order_amount), so the exact amount counts as exactly order_amount.',
    },
  ),
);

/** A balance transaction's FX leg. */
export const BalanceFx = Nullable(
  Type.Object(
    {
      currency: Type.String({ description: "The payment's currency" }),
      amount_received: Type.Integer({ description: 'What the payer sent, in minor units of that currency' }),
      fee: Type.Integer({ description: "The rail's fee in that currency (`fee` above is it converted)" }),
      rate_applied: Type.String(),
      market_value: Type.Integer({ description: "amount_received at the source's rate, without the spread, in the order's currency" }),
      fx_difference: Type.Integer({ description: 'market_value - (amount + owed_to_payer): the spread and rounding, posted to fx_spread' }),
    },
    { description: "Set for a payment in another currency than its order's" },
  ),
);

const RateRow = Type.Object({
  base: Type.String({ description: "The order's currency" }),
  quote: Type.String({ description: "The payment's currency" }),
  rate: Rate('Units of quote per unit of base'),
  origin: Type.String({ description: 'merchant (PUT /v1/fx/rates) or rates_file (PAYORDERS_FX_RATES_FILE)' }),
  fetched_at: Timestamp,
  stale: Type.Boolean({ description: 'Older than max_age_seconds: payments priced with it are refused until it is set again' }),
});

export const FxRates = Type.Object(
  {
    object: Type.Literal('fx_rates'),
    livemode: Livemode,
    source: Type.String({ description: 'Where payments are priced from: operator, or http (a rates API)' }),
    max_age_seconds: Type.Integer(),
    rates: Type.Array(RateRow),
  },
  { $id: 'FxRates' },
);

export const FxRatesBody = Type.Object(
  {
    rates: Type.Array(
      Type.Object(
        {
          base: Type.String({ minLength: 3, maxLength: 5 }),
          quote: Type.String({ minLength: 3, maxLength: 5 }),
          rate: Type.String({ minLength: 1, maxLength: 40, description: 'A decimal string, e.g. "5.4321"' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
  },
  { additionalProperties: false, examples: [{ rates: [{ base: 'USD', quote: 'BRL', rate: '5.4321' }] }] },
);

export const FX_TAG = 'FX';
