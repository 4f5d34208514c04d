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

/** A compliance hold's request for one document of an order's customer, answered once with a document. */
export interface DocumentRequest {
  id: string;
  merchantId: string;
  orderId: string;
  /** The type asked for: `passport`, `proof_of_address`. */
  type: string;
  /** The document that answered it; null while it is still asked for. */
  documentId: string | null;
  requestedAt: Date;
  answeredAt: Date | null;
}
