import { Type } from '@sinclair/typebox';
import { PAYMENT_STATUSES } from '../../../domain/payments.js';
import { Livemode, Nullable, StringEnum, Timestamp } from '../../schemas.js';
import { FxQuote } from '../fx/schema.js';
import { PaymentMethod } from '../orders/schema.js';

export const PaymentStatus = StringEnum(PAYMENT_STATUSES);

const AnyObject = (description: string) => Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description });

export const Payment = Type.Object(
  {
    id: Type.String({ description: 'pay_… (the same id as a UUID is accepted everywhere)' }),
    object: Type.Literal('payment'),
    livemode: Livemode,
    order: Type.String({ description: 'The order it pays (ord_…)' }),
    method: PaymentMethod,
    provider: Type.String({ description: 'Who carries it: sandbox, or a real provider of the rail' }),
    status: PaymentStatus,
    amount: Type.Integer({ description: 'Requested, in minor units of `currency`: what the order owed when the payment started' }),
    currency: Type.String({ description: "The order's, or the one asked for at creation (then `quote` says how it was priced)" }),
    quote: FxQuote,
    amount_received: Type.Integer({ description: 'What the payer sent; may be less or more than `amount`' }),
    amount_refunded: Type.Integer({ description: 'What its succeeded refunds sent back, in minor units of `currency`; pending, failed and canceled ones are not counted' }),
    refunded: Type.Boolean({ description: 'Whether all it received was refunded (false while it has received nothing)' }),
    fee: Type.Integer({ description: "The rail's fee on what was received" }),
    late: Type.Boolean({ description: "Confirmed after the order's expiry, or after the payment was canceled or expired: recorded, never lost" }),
    instructions: Type.Union([
      AnyObject(
        'What the payer needs, by method. pix: emv (copia e cola), qr_png_url, qr_svg_url, txid, expires_at. ' +
          'boleto: barcode (44 digits), digitable_line (47), due_date, our_number, pdf_url.',
      ),
      Type.Null(),
    ]),
    provider_reference: Nullable(Type.String({ description: "What the provider names it by: a Pix txid, a boleto's nosso número" })),
    provider_metadata: AnyObject('What the provider told us: txid, end_to_end_id, payer…'),
    failure_code: Nullable(Type.String()),
    failure_message: Nullable(Type.String()),
    decline_code: Nullable(Type.String({ description: 'A declined card payment: card_declined, insufficient_funds, expired_card, incorrect_cvc, processing_error' })),
    next_action: Nullable(
      Type.Object(
        { type: Type.Literal('redirect'), url: Type.String({ description: "The 3-D Secure challenge to send the payer to; it returns to the order's redirect_url" }) },
        { description: 'requires_action: what the payer must do before the card payment goes on' },
      ),
    ),
    expires_at: Nullable(Timestamp),
    created_at: Timestamp,
    updated_at: Timestamp,
    succeeded_at: Nullable(Timestamp),
  },
  { $id: 'Payment' },
);

/** The OpenAPI tag of the payment routes. */
export const PAYMENT_TAG = 'Payments';
