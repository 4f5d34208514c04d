import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../../domain/errors.js';
import { METADATA_LIMITS } from '../../domain/metadata.js';
import { canonicalMetadata } from '../metadata.js';
import { MAX_AMOUNT } from '../../domain/money.js';
import type { CreateOrderInput } from '../../services/orders.js';
import { StringEnum } from '../../http/schemas.js';
import { fromGlomopayId } from '../../domain/glomopay-ids.js';

export const GLOMOPAY_CURRENCIES = ['USD', 'EUR', 'GBP'];
export const GLOMOPAY_PAYMENT_METHODS = ['bank_transfer', 'pay_via_bank', 'card'] as const;

const text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, description });
const minor = (description: string) => Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, description });

/** Glomopay's `notes` (orders, customers, documents): string keys, text, number or boolean values, or null. */
export const Notes = Type.Optional(
  Type.Union([
    Type.Record(Type.String({ minLength: 1, maxLength: METADATA_LIMITS.keyLength }), Type.Union([Type.String({ maxLength: METADATA_LIMITS.valueLength }), Type.Number(), Type.Boolean()]), {
      maxProperties: METADATA_LIMITS.keys,
    }),
    Type.Null(),
  ]),
);

export const Product = Type.Object({ name: text(200, 'Name of the product'), description: Type.Optional(text(1000)) });

export const BankAccountDetails = Type.Object({
  account_number: text(64, 'The bank account number'),
  bic_primary: Type.Optional(text(11, 'SWIFT code; this or bic_secondary is required')),
  bic_secondary: Type.Optional(text(34, 'Local routing code such as IFSC')),
  bank_customer_id: Type.Optional(text(64)),
  bank_code: Type.Optional(text(64)),
});

/**
 * POST /api/v1/orders as Glomopay documents it. Glomopay is strict about types (an amount must be a JSON
 * integer: "1000" is refused); fields it does not document are ignored, as a client upgrading its own
 * integration may send fields of a newer Glomopay API.
 */
export const CreateGlomopayOrder = Type.Object({
  customer_id: Type.String({ minLength: 1, maxLength: 64, description: 'cust_…' }),
  document_id: Type.Optional(text(64, 'doc_…')),
  currency: Type.String({ description: 'USD, EUR or GBP' }),
  amount: minor('Smallest currency unit: 29900 is $299.00'),
  purpose_code: Type.Optional(text(20)),
  invoice_number: Type.Optional(text(100)),
  invoice_description: Type.Optional(text(1000)),
  invoice_amount: Type.Optional(minor('May exceed amount')),
  reference_number: Type.Optional(text(200)),
  price_id: Type.Optional(text(64)),
  product: Type.Optional(Product),
  notes: Notes,
  bank_account_id: Type.Optional(Type.String({ pattern: '^ba_', maxLength: 64 })),
  bank_account_details: Type.Optional(BankAccountDetails),
  payment_methods: Type.Optional(Type.Array(StringEnum(GLOMOPAY_PAYMENT_METHODS), { minItems: 1, maxItems: 3 })),
  request_id: Type.Optional(text(255, "Glomopay's idempotency: a second order with the same request_id is refused")),
  redirect_url: Type.Optional(
    Type.String({
      format: 'uri',
      pattern: '^https?://',
      maxLength: 2000,
      description: "Payorders' own: where the hosted checkout (checkout_url) returns the payer once paid, with the signed result appended",
    }),
  ),
});
export type CreateGlomopayOrderBody = Static<typeof CreateGlomopayOrder>;

/** Names a note may not take: the order's own fields (Glomopay's rule, so report columns stay distinct). */
export const RESERVED_NOTE_KEYS = new Set([
  'id', 'customer_id', 'document_id', 'status', 'currency', 'amount', 'purpose_code', 'invoice_number', 'invoice_description',
  'invoice_amount', 'reference_number', 'price_id', 'product', 'notes', 'bank_account_id', 'bank_account_details',
  'payment_methods', 'request_id', 'created_at', 'updated_at', 'rfi_documents', 'redirect_url', 'checkout_url',
]);

/** What the face keeps beside the canonical order: Glomopay's fields the canonical order has no place for. */
export interface GlomopayAttributes {
  document_id?: string;
  purpose_code?: string;
  invoice_number?: string;
  invoice_amount?: number;
  price_id?: string;
  product?: { name: string; description?: string };
  notes?: Record<string, string | number | boolean>;
  bank_account_id?: string;
  bank_account_details?: Static<typeof BankAccountDetails>;
  request_id?: string;
  /** The secret key the order was created with, sealed (see Sealer): it signs the checkout result. */
  sealed_key?: string;
}

/** Glomopay's 400 in its words, naming the field (a path below the body: `notes/key`). */
export const badRequest = (field: string, message: string) => new AppError('validation_error', message, [{ path: `/${field}`, code: 'invalid', message }]);

/** The checks beyond the schema, worded as Glomopay words them, then the canonical order and what is kept. */
export function readGlomopayOrder(body: CreateGlomopayOrderBody): { input: CreateOrderInput; attributes: GlomopayAttributes } {
  if (!GLOMOPAY_CURRENCIES.includes(body.currency)) throw badRequest('currency', 'Currency not supported');
  const customer = fromGlomopayId('customer', body.customer_id, 'customer_id');
  if (!customer) throw new AppError('resource_missing', 'Customer not found');
  if (body.bank_account_id !== undefined && body.bank_account_details !== undefined) {
    throw badRequest('bank_account_details', 'Provide either bank_account_id or bank_account_details, not both');
  }
  const bank = body.bank_account_details;
  if (bank && bank.bic_primary === undefined && bank.bic_secondary === undefined) {
    throw badRequest('bank_account_details', 'Either bic_primary or bic_secondary must be provided');
  }
  const notes = body.notes ?? undefined;
  for (const key of Object.keys(notes ?? {})) {
    if (RESERVED_NOTE_KEYS.has(key)) throw badRequest(`notes/${key}`, `notes key '${key}' is a reserved field name`);
  }
  const attributes: GlomopayAttributes = {};
  for (const key of KEPT) if (body[key] !== undefined) Object.assign(attributes, { [key]: body[key] });
  if (notes) attributes.notes = notes;
  return {
    input: {
      amount: body.amount,
      currency: body.currency,
      customer,
      reference: body.reference_number,
      description: body.invoice_description,
      metadata: notes && canonicalMetadata(notes),
      payment_methods: body.payment_methods && [...body.payment_methods],
      redirect_url: body.redirect_url,
    },
    attributes,
  };
}

const KEPT = ['document_id', 'purpose_code', 'invoice_number', 'invoice_amount', 'price_id', 'product', 'bank_account_id', 'bank_account_details', 'request_id'] as const;
