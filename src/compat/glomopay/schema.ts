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
  created_at: Type.String(),
  updated_at: Type.String(),
  rfi_documents: Type.Optional(Type.Array(Type.Object({ rfi_doc_id: Type.String(), name: Type.String() }))),
});
