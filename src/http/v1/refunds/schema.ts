import { Type } from '@sinclair/typebox';
import { REFUND_STATUSES } from '../../../domain/refunds.js';
import { Livemode, Metadata, Nullable, StringEnum, Timestamp } from '../../schemas.js';
import { PaymentMethod } from '../orders/schema.js';

export const RefundStatus = StringEnum(REFUND_STATUSES);

const AnyObject = (description: string) => Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description });

/** Where a refund goes on the rails that cannot send it back along the payment; as the body spells it. */
export const RefundDestination = Type.Union(
  [
    Type.Object(
      {
        type: Type.Literal('br_bank_account'),
        bank_code: Type.String({ description: "The bank's COMPE code, 3 digits" }),
        branch: Type.String({ description: 'Agência, 1 to 5 digits (a check digit after a dash is dropped)' }),
        account: Type.String({ description: 'Conta with its check digit, digits (a dash before the digit allowed)' }),
        account_type: StringEnum(['checking', 'savings'] as const),
        holder_name: Type.String({ minLength: 1, maxLength: 100 }),
        holder_tax_id: Type.String({ description: "The holder's CPF or CNPJ (punctuation allowed)" }),
      },
      { additionalProperties: false, description: 'boleto: a Brazilian bank account (TED/Pix by account)' },
    ),
    Type.Object(
      {
        type: Type.Literal('ar_bank_account'),
        cbu: Type.String({ description: 'CBU or CVU, 22 digits with both check digits' }),
        holder_name: Type.String({ minLength: 1, maxLength: 100 }),
        holder_tax_id: Type.String({ description: "The holder's CUIT/CUIL, 11 digits (dashes allowed)" }),
      },
      { additionalProperties: false, description: 'ar_transfer_qr: an Argentine account' },
    ),
    Type.Object(
      { type: Type.Literal('trc20_address'), address: Type.String({ description: 'A Tron address (T…, base58check)' }) },
      { additionalProperties: false, description: "usdt_trc20: the payer's address; the merchant sends the refund and records its transaction" },
    ),
  ],
  { description: 'Required for boleto, ar_transfer_qr and usdt_trc20 payments; refused for pix (a devolução goes back to the payer)' },
);

export const Refund = Type.Object(
  {
    id: Type.String({ description: 're_… (the same id as a UUID is accepted everywhere)' }),
    object: Type.Literal('refund'),
    livemode: Livemode,
    payment: Type.String({ description: 'The payment refunded (pay_…)' }),
    order: Type.String({ description: "The payment's order (ord_…)" }),
    method: PaymentMethod,
    provider: Type.String(),
    status: RefundStatus,
    amount: Type.Integer({ description: "In minor units of the payment's currency" }),
    currency: Type.String(),
    order_amount: Nullable(Type.Integer({ description: "What it took off the order, in the order's currency; set once succeeded" })),
    reason: Nullable(Type.String()),
    metadata: Metadata,
    destination: Type.Union([AnyObject('Where the money goes, as given (normalized)'), Type.Null()]),
    reference: Type.String({ description: "The provider's name for the refund (a Pix devolução id), chosen before it was asked" }),
    transaction_hash: Nullable(Type.String({ description: 'usdt_trc20: the transaction the merchant recorded' })),
    next_action: Type.Union([AnyObject('requires_action: what the merchant must do (send_transaction: to, amount, contract)'), Type.Null()]),
    provider_metadata: AnyObject('What the provider told us: its refund id, an end-to-end id…'),
    failure_code: Nullable(Type.String()),
    failure_message: Nullable(Type.String()),
    created_at: Timestamp,
    updated_at: Timestamp,
    succeeded_at: Nullable(Timestamp),
  },
  { $id: 'Refund' },
);

/** The OpenAPI tag of the refund routes. */
export const REFUND_TAG = 'Refunds';
