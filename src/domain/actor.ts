/** The request a write came in on: its id (the Request-Id header) and its Idempotency-Key, if any. */
export interface RequestRef {
  id: string;
  idempotencyKey: string | null;
}

export const ROLES = ['owner', 'store', 'branch'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is calling, resolved from an API key or a user's access token. Everything the caller reads or
 * writes is confined to `merchantId` and `livemode`; store and branch users further to their store/branch.
 */
export interface Actor {
  merchantId: string;
  livemode: boolean;
  role: Role;
  storeId: string | null;
  branchId: string | null;
  /** `checkout`: a payer on the hosted checkout, who holds an order's checkout key (id: `ord_…`) or a payment link (`plink_…`). */
  principal: { kind: 'api_key' | 'user' | 'checkout'; id: string };
  /** The request being served, set for writes so their events say which request caused them. */
  request?: RequestRef;
}

/** Whether the actor may see an object placed in a store/branch (orders); others answer 404, not 403. */
export function actorCanSee(actor: Actor, placed: { livemode: boolean; storeId: string | null; branchId: string | null }): boolean {
  if (placed.livemode !== actor.livemode) return false;
  if (actor.role === 'branch') return placed.branchId === actor.branchId;
  if (actor.role === 'store') return placed.storeId === actor.storeId;
  return true;
}

/**
 * What an actor's reads are confined to: the merchant and mode, and for a store or branch user its store
 * or branch (a branch user's store is set too). Owners and API keys have no place: the whole merchant.
 */
export interface Scope {
  merchantId: string;
  livemode: boolean;
  storeId: string | null;
  branchId: string | null;
}

export function actorScope(actor: Actor): Scope {
  return {
    merchantId: actor.merchantId,
    livemode: actor.livemode,
    storeId: actor.role === 'owner' ? null : actor.storeId,
    branchId: actor.role === 'branch' ? actor.branchId : null,
  };
}
