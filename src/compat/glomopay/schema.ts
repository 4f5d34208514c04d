import { Type, type TSchema } from '@sinclair/typebox';
import { Nullable, StringEnum } from '../../http/schemas.js';
import { GLOMOPAY_STATUSES } from './status.js';

/** Schemas shared by the Glomopay routes, for their OpenAPI document; each route keeps its request schema beside it. */

export const TAG_ORDERS = 'Orders';

export const GlomopayErrorBody = Type.Object(
  { error: Type.Optional(Type.String({ description: 'The HTTP reason, e.g. "Bad Request"; absent on 401 and 429' })), message: Type.String() },
  { description: "Glomopay's flat error" },
);

export function errors(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, GlomopayErrorBody]));
}

const nullableText = Nullable(Type.String());

export const GlomopayOrder = Type.Object({
  id: Type.String({ description: 'order_…' }),
  customer_id: Nullable(Type.String({ description: 'cust_…' })),
  document_id: nullableText,
  status: StringEnum(GLOMOPAY_STATUSES),
  currency: Type.String(),
  amount: Type.Integer({ description: 'Smallest currency unit' }),
  purpose_code: nullableText,
  invoice_number: nullableText,
  invoice_description: nullableText,
  invoice_amount: Nullable(Type.Integer()),
  reference_number: nullableText,
  price_id: nullableText,
  product: Nullable(Type.Object({ name: Type.String(), description: Type.Optional(Type.String()) })),
  notes: Nullable(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
  bank_account_id: Type.Optional(Type.String()),
  bank_account_details: Nullable(
    Type.Object({ account_number: Type.String(), bic_primary: nullableText, bic_secondary: nullableText, bank_customer_id: nullableText }),
  ),
  payment_methods: Nullable(Type.Array(Type.String())),
  request_id: nullableText,
  checkout_url: Type.String({ description: "Payorders' own: the order's hosted checkout page" }),
  redirect_url: Nullable(Type.String({ description: "Payorders' own: where the checkout returns the payer once paid, with the signed result" })),
  created_at: Type.String(),
  updated_at: Type.String(),
  rfi_documents: Type.Optional(
    Type.Array(
      Type.Object({
        rfi_doc_id: Type.String({ description: 'rfidoc_…: the id the API reference names' }),
        name: Type.String({ description: 'The document type asked for' }),
        rfi_document_id: Type.String({ description: 'The same id, as the RFI guide names it' }),
        required_document_type: Type.String({ description: 'The same type, as the RFI guide names it' }),
      }),
      { description: 'Only with action_required: the documents still asked for (PATCH /orders/{id}/update-rfi answers them)' },
    ),
  ),
});
