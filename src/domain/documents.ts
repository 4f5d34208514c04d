import type { Metadata } from './metadata.js';

/** A document a merchant holds about one of its customers (a passport, a proof of address, an invoice). */
export interface CustomerDocument {
  id: string;
  merchantId: string;
  livemode: boolean;
  customerId: string;
  /** What it is, in the merchant's or its gateway's words: `passport`, `proof_of_address`. */
  type: string;
  name: string | null;
  metadata: Metadata;
  createdAt: Date;
  updatedAt: Date;
}
