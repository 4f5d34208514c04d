import { encodeId } from '../domain/ids.js';
import { maskApiKey } from '../services/credentials.js';
import type { ApiKeyRecord, BranchRecord, MerchantRecord, StoreRecord, UserRecord } from '../store/accounts.sql.js';
import type { SigningKeyRecord } from '../store/sessions.sql.js';

/** What a command prints: `json` with --json, else `text`. */
export interface Output {
  json: unknown;
  text: string;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export const merchantView = (m: MerchantRecord) => ({
  id: encodeId('merchant', m.merchantId),
  object: 'merchant' as const,
  name: m.name,
  created_at: m.createdAt.toISOString(),
});

export const storeView = (s: StoreRecord) => ({
  id: encodeId('store', s.storeId),
  object: 'store' as const,
  merchant: encodeId('merchant', s.merchantId),
  name: s.name,
  created_at: s.createdAt.toISOString(),
});

export const branchView = (b: BranchRecord) => ({
  id: encodeId('branch', b.branchId),
  object: 'branch' as const,
  merchant: encodeId('merchant', b.merchantId),
  store: encodeId('store', b.storeId),
  name: b.name,
  created_at: b.createdAt.toISOString(),
});

/** Never the password hash. */
export const userView = (u: UserRecord) => ({
  id: encodeId('user', u.userId),
  object: 'user' as const,
  merchant: encodeId('merchant', u.merchantId),
  email: u.email,
  role: u.role,
  store: u.storeId && encodeId('store', u.storeId),
  branch: u.branchId && encodeId('branch', u.branchId),
  created_at: u.createdAt.toISOString(),
  disabled_at: iso(u.disabledAt),
});

export function keyStatus(k: ApiKeyRecord, now: Date): 'active' | 'expiring' | 'expired' | 'revoked' {
  if (k.revokedAt) return 'revoked';
  if (!k.expiresAt) return 'active';
  return k.expiresAt.getTime() > now.getTime() ? 'expiring' : 'expired';
}

/** Never the secret or its hash: the masked form shows the mode and last four characters. */
export const keyView = (k: ApiKeyRecord, now: Date) => ({
  id: encodeId('apiKey', k.keyId),
  object: 'api_key' as const,
  merchant: encodeId('merchant', k.merchantId),
  mode: k.livemode ? ('live' as const) : ('test' as const),
  livemode: k.livemode,
  name: k.name,
  masked: maskApiKey(k.livemode, k.last4),
  status: keyStatus(k, now),
  created_at: k.createdAt.toISOString(),
  expires_at: iso(k.expiresAt),
  revoked_at: iso(k.revokedAt),
  last_used_at: iso(k.lastUsedAt ?? null),
});

/** Never the key itself. `kid` is what access tokens name in their header. */
export const signingKeyView = (k: SigningKeyRecord, signing: number, now: Date) => ({
  object: 'signing_key' as const,
  merchant: encodeId('merchant', k.merchantId),
  kid: String(k.generation),
  status:
    k.generation === signing ? ('signing' as const) : k.expiresAt && k.expiresAt.getTime() <= now.getTime() ? ('expired' as const) : ('verifying' as const),
  created_at: k.createdAt.toISOString(),
  expires_at: iso(k.expiresAt),
});

/** A plain left-aligned table; `empty` when there are no rows. */
export function table(headers: string[], rows: (string | null | undefined)[][], empty: string): string {
  if (rows.length === 0) return empty;
  const cells = [headers, ...rows.map((row) => row.map((cell) => cell ?? '-'))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

export function list<T>(data: T[], text: string): Output {
  return { json: { object: 'list', data }, text };
}
