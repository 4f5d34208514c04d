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
  createdAt: Date;
  updatedAt: Date;
}
