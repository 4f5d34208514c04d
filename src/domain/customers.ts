import type { Metadata } from './metadata.js';
import type { TaxId } from './tax-id.js';

export interface Customer {
  id: string;
  merchantId: string;
  livemode: boolean;
  name: string | null;
  email: string | null;
  phone: string | null;
  taxId: TaxId | null;
  metadata: Metadata;
  /** Where it was created: a store, a branch of it, or (both null) merchant-wide. */
  storeId: string | null;
  branchId: string | null;
  createdAt: Date;
  updatedAt: Date;
}
