import { Type } from '@sinclair/typebox';
import { glomopayTime } from '../order-view.js';
import type { Customer } from '../../../domain/customers.js';
import { Nullable } from '../../../http/schemas.js';
import { glomopayId } from '../../../domain/glomopay-ids.js';

export const TAG_CUSTOMERS = 'Customers';

export const GlomopayCustomer = Type.Object({
  id: Type.String({ description: 'cust_…' }),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  notes: Nullable(Type.Record(Type.String(), Type.String())),
  created_at: Type.String(),
  updated_at: Type.String(),
});

/** A customer as the Glomopay face shows it: the one customer /v1 has, spelled cust_… (its metadata as notes). */
export function customerJson(customer: Customer) {
  return {
    id: glomopayId('customer', customer.id),
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    notes: Object.keys(customer.metadata).length ? customer.metadata : null,
    created_at: glomopayTime(customer.createdAt),
    updated_at: glomopayTime(customer.updatedAt),
  };
}
