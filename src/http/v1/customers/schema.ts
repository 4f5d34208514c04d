import { Type } from '@sinclair/typebox';
import { TAX_ID_TYPES } from '../../../domain/tax-id.js';
import { StringEnum, Livemode, Metadata, Nullable, Timestamp } from '../../schemas.js';

export const TaxId = Type.Object(
  {
    type: StringEnum(TAX_ID_TYPES, { description: 'br_cpf and br_cnpj are checked by their check digits' }),
    value: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);

/** The writable fields, shared by create and update. */
export const customerFields = {
  name: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 254 }))),
  phone: Type.Optional(Nullable(Type.String({ pattern: '^\\+?[0-9 ()-]{6,24}$', description: 'E.164 preferred, e.g. +5511999999999' }))),
  tax_id: Type.Optional(Nullable(TaxId)),
};

export const Customer = Type.Object(
  {
    id: Type.String({ description: 'cus_…' }),
    object: Type.Literal('customer'),
    livemode: Livemode,
    name: Nullable(Type.String()),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    tax_id: Nullable(TaxId),
    metadata: Metadata,
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  {
    $id: 'Customer',
    description:
      'Placed when created in a store, a branch, or merchant-wide (see createCustomer). Store and branch users see the ' +
      'customers placed in their store or branch and those attached to its orders; owners and API keys see all.',
  },
);
