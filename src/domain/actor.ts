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
  principal: { kind: 'api_key' | 'user'; id: string };
}

/** Whether the actor may see an object placed in a store/branch (orders); others answer 404, not 403. */
export function actorCanSee(actor: Actor, placed: { livemode: boolean; storeId: string | null; branchId: string | null }): boolean {
  if (placed.livemode !== actor.livemode) return false;
  if (actor.role === 'branch') return placed.branchId === actor.branchId;
  if (actor.role === 'store') return placed.storeId === actor.storeId;
  return true;
}
