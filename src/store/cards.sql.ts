import { randomBytes } from 'node:crypto';
import { batchedPerDb } from './batcher.js';
import { arrayLiteral, byKeys } from './by-keys.js';
import { isDb, type Db, type Queryable } from './db.js';
import { claimDueStatement } from './due-claims.js';
import { insertRowsIn } from './inserts.js';
import { queryJsonRows, rowJson, toDate } from './json-rows.js';

/** A pk_… key: public, good for tokenizing cards only. */
export interface PublishableKey {
  merchantId: string;
  keyId: string;
  livemode: boolean;
  key: string;
  createdAt: Date;
  revokedAt: Date | null;
}

interface PublishableKeyRow {
  merchant_id: string;
  key_id: string;
  livemode: boolean;
  key: string;
  created_at: string;
  revoked_at: string | null;
}

const toPublishableKey = (r: PublishableKeyRow): PublishableKey => ({
  merchantId: r.merchant_id,
  keyId: r.key_id,
  livemode: r.livemode,
  key: r.key,
  createdAt: new Date(r.created_at),
  revokedAt: toDate(r.revoked_at),
});

export async function insertPublishableKey(db: Queryable, k: PublishableKey): Promise<void> {
  await db.query(`INSERT INTO publishable_keys (merchant_id, key_id, livemode, key, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    k.merchantId,
    k.keyId,
    k.livemode,
    k.key,
    k.createdAt,
    k.revokedAt,
  ]);
}

export async function findPublishableKey(db: Queryable, merchantId: string, key: string): Promise<PublishableKey | null> {
  const rows = await queryJsonRows<PublishableKeyRow>(db, `SELECT ${rowJson('k')} FROM publishable_keys k WHERE merchant_id = $1 AND key = $2`, [merchantId, key]);
  return rows[0] ? toPublishableKey(rows[0]) : null;
}

/** The mode's newest key that is neither revoked nor replaced (a rolled key still in its overlap has its revoked_at ahead). */
export async function activePublishableKey(db: Queryable, merchantId: string, livemode: boolean): Promise<PublishableKey | null> {
  const rows = await queryJsonRows<PublishableKeyRow>(
    db,
    `SELECT ${rowJson('k')} FROM publishable_keys k WHERE merchant_id = $1 AND livemode = $2 AND revoked_at IS NULL ORDER BY key_id DESC LIMIT 1`,
    [merchantId, livemode],
  );
  return rows[0] ? toPublishableKey(rows[0]) : null;
}

export async function listPublishableKeys(db: Queryable, merchantId: string): Promise<PublishableKey[]> {
  return (await queryJsonRows<PublishableKeyRow>(db, `SELECT ${rowJson('k')} FROM publishable_keys k WHERE merchant_id = $1 ORDER BY key_id`, [merchantId])).map(toPublishableKey);
}

/** Sets when a key stops working (now, or the end of a roll's overlap), unless it has stopped already or stops sooner. */
export async function revokePublishableKey(db: Queryable, merchantId: string, keyId: string, at: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE publishable_keys SET revoked_at = $3 WHERE merchant_id = $1 AND key_id = $2 AND (revoked_at IS NULL OR revoked_at > $3) RETURNING 1`,
    [merchantId, keyId, at],
  );
  return rows.length > 0;
}

/**
 * The merchant's fingerprint key for the mode, made on first use. Two first uses at once agree on one: the
 * second's insert waits for the first and does nothing, and its read (whose snapshot predates the first's
 * commit) may see none, so it reads again.
 */
export async function fingerprintSecret(db: Queryable, merchantId: string, livemode: boolean, now: Date): Promise<Buffer> {
  const read = () => db.query<{ secret: Buffer | Uint8Array }>(`SELECT secret FROM card_fingerprint_keys WHERE merchant_id = $1 AND livemode = $2`, [merchantId, livemode]);
  let rows = await read();
  if (rows.length === 0) {
    rows = await db.query<{ secret: Buffer | Uint8Array }>(
      `INSERT INTO card_fingerprint_keys (merchant_id, livemode, secret, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (merchant_id, livemode) DO NOTHING RETURNING secret`,
      [merchantId, livemode, randomBytes(32), now],
    );
    if (rows.length === 0) rows = await read();
  }
  return Buffer.from(rows[0]!.secret);
}

/** What is kept of a card: the acquirer's reference and what may be shown. */
export interface StoredCard {
  provider: string;
  cardReference: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  funding: string;
  country: string | null;
  fingerprint: string;
}

export interface CardToken extends StoredCard {
  merchantId: string;
  tokenId: string;
  livemode: boolean;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

interface StoredCardRow {
  provider: string;
  card_reference: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  funding: string;
  country: string | null;
  fingerprint: string;
}

interface TokenRow extends StoredCardRow {
  merchant_id: string;
  token_id: string;
  livemode: boolean;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

const toStoredCard = (r: StoredCardRow): StoredCard => ({
  provider: r.provider,
  cardReference: r.card_reference,
  brand: r.brand,
  last4: r.last4,
  expMonth: r.exp_month,
  expYear: r.exp_year,
  funding: r.funding,
  country: r.country,
  fingerprint: r.fingerprint,
});

const toToken = (r: TokenRow): CardToken => ({
  ...toStoredCard(r),
  merchantId: r.merchant_id,
  tokenId: r.token_id,
  livemode: r.livemode,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  usedAt: toDate(r.used_at),
});

const cardValues = (c: StoredCard) => [c.provider, c.cardReference, c.brand, c.last4, c.expMonth, c.expYear, c.funding, c.country, c.fingerprint];

/** A new token; outside a transaction, inserted with the rows of the inserts submitted at the same time (insertRowsIn). */
export async function insertCardToken(db: Queryable, t: CardToken): Promise<void> {
  await insertRowsIn(db, [
    {
      table: 'card_tokens',
      row: {
        merchant_id: t.merchantId,
        token_id: t.tokenId,
        livemode: t.livemode,
        created_at: t.createdAt.toISOString(),
        expires_at: t.expiresAt.toISOString(),
        used_at: t.usedAt?.toISOString() ?? null,
        provider: t.provider,
        card_reference: t.cardReference,
        brand: t.brand,
        last4: t.last4,
        exp_month: t.expMonth,
        exp_year: t.expYear,
        funding: t.funding,
        country: t.country,
        fingerprint: t.fingerprint,
      },
    },
  ]);
}

export async function findCardToken(db: Queryable, merchantId: string, tokenId: string): Promise<CardToken | null> {
  const rows = await queryJsonRows<TokenRow>(db, `SELECT ${rowJson('t')} FROM card_tokens t WHERE merchant_id = $1 AND token_id = $2`, [merchantId, tokenId]);
  return rows[0] ? toToken(rows[0]) : null;
}

interface TokenUse {
  merchantId: string;
  tokenId: string;
  at: Date;
}

/** One UPDATE per token (each by its primary key), in one statement; `$1…$3` of each are its own. */
const consumeEach = (count: number) =>
  Array.from(
    { length: count },
    (_, i) =>
      `use_${i} AS (UPDATE card_tokens t SET used_at = $${3 * i + 3} WHERE merchant_id = $${3 * i + 1} AND token_id = $${3 * i + 2} AND used_at IS NULL AND expires_at > $${3 * i + 3} RETURNING ${rowJson('t')})`,
  );

const consumeShared = batchedPerDb<TokenUse, CardToken | null>(async (db: Db, uses) => {
  // The same token twice in one statement would be updated once and could be answered to both: the
  // first use of it is asked, the others lose, as they would a moment later.
  const asked = uses.filter((u, i) => uses.findIndex((v) => v.merchantId === u.merchantId && v.tokenId === u.tokenId) === i);
  const rows = await queryJsonRows<TokenRow>(
    db,
    `WITH ${consumeEach(asked.length).join(',\n')}\n${asked.map((_, i) => `SELECT row FROM use_${i}`).join(' UNION ALL ')}`,
    asked.flatMap((u) => [u.merchantId, u.tokenId, u.at]),
  );
  const used = new Map(rows.map((r) => [`${r.merchant_id}/${r.token_id}`, toToken(r)]));
  return uses.map((u) => (asked.includes(u) ? (used.get(`${u.merchantId}/${u.tokenId}`) ?? null) : null));
});

/**
 * Marks a token used if it is unused and unexpired, in one statement: of two payments racing for it, one
 * wins. Outside a transaction, in one statement with the tokens used at the same time.
 */
export async function consumeCardToken(db: Queryable, merchantId: string, tokenId: string, now: Date): Promise<CardToken | null> {
  if (isDb(db)) return consumeShared(db, { merchantId, tokenId, at: now });
  const rows = await queryJsonRows<TokenRow>(
    db,
    `UPDATE card_tokens t SET used_at = $3 WHERE merchant_id = $1 AND token_id = $2 AND used_at IS NULL AND expires_at > $3 RETURNING ${rowJson('t')}`,
    [merchantId, tokenId, now],
  );
  return rows[0] ? toToken(rows[0]) : null;
}

/** A token's use undone: the payment it was used for was refused before the acquirer was asked. */
export async function releaseCardToken(db: Queryable, merchantId: string, tokenId: string): Promise<void> {
  await db.query(`UPDATE card_tokens SET used_at = NULL WHERE merchant_id = $1 AND token_id = $2`, [merchantId, tokenId]);
}

export interface SavedCard extends StoredCard {
  merchantId: string;
  paymentMethodId: string;
  livemode: boolean;
  customerId: string | null;
  reference: string | null;
  usage: 'on_session' | 'off_session';
  createdAt: Date;
  deletedAt: Date | null;
}

interface SavedCardRow extends StoredCardRow {
  merchant_id: string;
  payment_method_id: string;
  livemode: boolean;
  customer_id: string | null;
  reference: string | null;
  usage: SavedCard['usage'];
  created_at: string;
  deleted_at: string | null;
}

const toSavedCard = (r: SavedCardRow): SavedCard => ({
  ...toStoredCard(r),
  merchantId: r.merchant_id,
  paymentMethodId: r.payment_method_id,
  livemode: r.livemode,
  customerId: r.customer_id,
  reference: r.reference,
  usage: r.usage,
  createdAt: new Date(r.created_at),
  deletedAt: toDate(r.deleted_at),
});

export async function insertSavedCard(db: Queryable, c: SavedCard): Promise<void> {
  await db.query(
    `INSERT INTO payment_methods (merchant_id, payment_method_id, livemode, customer_id, reference, usage, created_at, deleted_at,
       provider, card_reference, brand, last4, exp_month, exp_year, funding, country, fingerprint)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [c.merchantId, c.paymentMethodId, c.livemode, c.customerId, c.reference, c.usage, c.createdAt, c.deletedAt, ...cardValues(c)],
  );
}

export async function findSavedCard(db: Queryable, merchantId: string, livemode: boolean, paymentMethodId: string): Promise<SavedCard | null> {
  const rows = await queryJsonRows<SavedCardRow>(
    db,
    `SELECT ${rowJson('p')} FROM payment_methods p WHERE merchant_id = $1 AND livemode = $2 AND payment_method_id = $3 AND deleted_at IS NULL`,
    [merchantId, livemode, paymentMethodId],
  );
  return rows[0] ? toSavedCard(rows[0]) : null;
}

/** Saved cards of a customer or of a reference, newest first, after the cursor (a payment method id) when given; one more than the page, to tell whether more follow. */
export async function listSavedCards(
  db: Queryable,
  filter: { merchantId: string; livemode: boolean; customerId?: string; reference?: string },
  page: { limit: number; after?: string },
): Promise<SavedCard[]> {
  const params: unknown[] = [filter.merchantId, filter.livemode];
  const where = ['merchant_id = $1', 'livemode = $2', 'deleted_at IS NULL'];
  if (filter.customerId !== undefined) where.push(`customer_id = $${params.push(filter.customerId)}`);
  if (filter.reference !== undefined) where.push(`reference = $${params.push(filter.reference)}`);
  if (page.after !== undefined) where.push(`payment_method_id < $${params.push(page.after)}`);
  const rows = await queryJsonRows<SavedCardRow>(
    db,
    `SELECT ${rowJson('p')} FROM payment_methods p WHERE ${where.join(' AND ')} ORDER BY payment_method_id DESC LIMIT $${params.push(page.limit + 1)}`,
    params,
  );
  return rows.map(toSavedCard);
}

export async function deleteSavedCard(db: Queryable, merchantId: string, livemode: boolean, paymentMethodId: string, at: Date): Promise<SavedCard | null> {
  const rows = await queryJsonRows<SavedCardRow>(
    db,
    `UPDATE payment_methods p SET deleted_at = $4 WHERE merchant_id = $1 AND livemode = $2 AND payment_method_id = $3 AND deleted_at IS NULL RETURNING ${rowJson('p')}`,
    [merchantId, livemode, paymentMethodId, at],
  );
  return rows[0] ? toSavedCard(rows[0]) : null;
}

/** The sandbox acquirer's vault entry: how the test card behaves, never its number. */
export interface SandboxCard {
  merchantId: string;
  reference: string;
  behaviour: string;
  setUp: boolean;
}

/** A card the sandbox acquirer was given; outside a transaction, inserted with the rows submitted at the same time. */
export async function insertSandboxCard(db: Queryable, c: SandboxCard, now: Date): Promise<void> {
  await insertRowsIn(db, [{ table: 'sandbox_cards', row: { merchant_id: c.merchantId, reference: c.reference, behaviour: c.behaviour, set_up: c.setUp, created_at: now.toISOString() } }]);
}

interface SandboxCardKey {
  merchantId: string;
  reference: string;
}

const SANDBOX_CARDS = `SELECT c.merchant_id, c.reference, c.behaviour, c.set_up FROM ${byKeys('sandbox_cards', 'c', [['merchant_id', 'uuid'], ['reference', 'text']])}`;

const findSandboxCardShared = batchedPerDb<SandboxCardKey, SandboxCard | null>(async (db, keys) => {
  const rows = await db.query<{ merchant_id: string; reference: string; behaviour: string; set_up: boolean }>(SANDBOX_CARDS, [
    arrayLiteral(keys.map((k) => k.merchantId)),
    arrayLiteral(keys.map((k) => k.reference)),
  ]);
  const found = new Map(rows.map((r) => [`${r.merchant_id}/${r.reference}`, { merchantId: r.merchant_id, reference: r.reference, behaviour: r.behaviour, setUp: r.set_up }]));
  return keys.map((k) => found.get(`${k.merchantId}/${k.reference}`) ?? null);
});

/** A card of the sandbox's vault; outside a transaction, read in one query with the lookups submitted at the same time. */
export async function findSandboxCard(db: Queryable, merchantId: string, reference: string): Promise<SandboxCard | null> {
  if (isDb(db)) return findSandboxCardShared(db, { merchantId, reference });
  const rows = await db.query<{ behaviour: string; set_up: boolean }>(`SELECT behaviour, set_up FROM sandbox_cards WHERE merchant_id = $1 AND reference = $2`, [merchantId, reference]);
  return rows[0] ? { merchantId, reference, behaviour: rows[0].behaviour, setUp: rows[0].set_up } : null;
}

export async function markSandboxCardSetUp(db: Queryable, merchantId: string, reference: string): Promise<void> {
  await db.query(`UPDATE sandbox_cards SET set_up = true WHERE merchant_id = $1 AND reference = $2`, [merchantId, reference]);
}

export type SandboxCardChargeStatus = 'challenge' | 'authorized' | 'captured' | 'voided' | 'failed';

export interface SandboxCardCharge {
  merchantId: string;
  reference: string;
  cardReference: string;
  status: SandboxCardChargeStatus;
  captureMethod: 'automatic' | 'manual';
  amount: number;
  amountCaptured: number;
  amountRefunded: number;
  returnUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface SandboxCardChargeRow {
  merchant_id: string;
  reference: string;
  card_reference: string;
  status: SandboxCardChargeStatus;
  capture_method: SandboxCardCharge['captureMethod'];
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  return_url: string | null;
  created_at: string;
  updated_at: string;
}

const toSandboxCardCharge = (r: SandboxCardChargeRow): SandboxCardCharge => ({
  merchantId: r.merchant_id,
  reference: r.reference,
  cardReference: r.card_reference,
  status: r.status,
  captureMethod: r.capture_method,
  amount: r.amount,
  amountCaptured: r.amount_captured,
  amountRefunded: r.amount_refunded,
  returnUrl: r.return_url,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

/** A charge at the sandbox acquirer; outside a transaction, inserted with the rows submitted at the same time. */
export async function insertSandboxCardCharge(db: Queryable, c: SandboxCardCharge): Promise<void> {
  await insertRowsIn(db, [
    {
      table: 'sandbox_card_charges',
      row: {
        merchant_id: c.merchantId,
        reference: c.reference,
        card_reference: c.cardReference,
        status: c.status,
        capture_method: c.captureMethod,
        amount: c.amount,
        amount_captured: c.amountCaptured,
        amount_refunded: c.amountRefunded,
        return_url: c.returnUrl,
        created_at: c.createdAt.toISOString(),
        updated_at: c.updatedAt.toISOString(),
      },
    },
  ]);
}

export async function findSandboxCardCharge(db: Queryable, merchantId: string, reference: string): Promise<SandboxCardCharge | null> {
  const rows = await queryJsonRows<SandboxCardChargeRow>(db, `SELECT ${rowJson('c')} FROM sandbox_card_charges c WHERE merchant_id = $1 AND reference = $2`, [merchantId, reference]);
  return rows[0] ? toSandboxCardCharge(rows[0]) : null;
}

/** Moves a charge on only from the statuses given, in one statement; null when it was in none of them. */
export async function updateSandboxCardCharge(
  db: Queryable,
  key: { merchantId: string; reference: string },
  change: { status: SandboxCardChargeStatus; amountCaptured?: number; amountRefunded?: number; updatedAt: Date },
  onlyFrom: readonly SandboxCardChargeStatus[],
): Promise<SandboxCardCharge | null> {
  const rows = await queryJsonRows<SandboxCardChargeRow>(
    db,
    `UPDATE sandbox_card_charges c SET status = $3, amount_captured = COALESCE($4, amount_captured), amount_refunded = COALESCE($5, amount_refunded), updated_at = $6
     WHERE merchant_id = $1 AND reference = $2 AND status = ANY($7::text[]) RETURNING ${rowJson('c')}`,
    [key.merchantId, key.reference, change.status, change.amountCaptured ?? null, change.amountRefunded ?? null, change.updatedAt, `{${onlyFrom.join(',')}}`],
  );
  return rows[0] ? toSandboxCardCharge(rows[0]) : null;
}

/** The order's card payments that failed (declined), for its max attempts. */
export async function countFailedCardPayments(db: Queryable, merchantId: string, orderId: string): Promise<number> {
  const rows = await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM payments WHERE merchant_id = $1 AND order_id = $2 AND method = 'card' AND status = 'failed'`, [merchantId, orderId]);
  return Number(rows[0]!.n);
}

/**
 * Claims card payments whose 3-D Secure challenge has waited since before $4 (see claimDueStatement). A payment's
 * next_check_at is its authorisation's lapse from when it was made, days after the challenge's end, so it is due
 * by its age; once claimed, its lease (next_check_at) keeps other nodes off it until the lease runs out.
 */
const CLAIM_DUE_CHALLENGES = claimDueStatement(
  'payments',
  'payment_id',
  "status = 'requires_action' AND method = 'card' AND created_at <= $4 AND (check_attempts = 0 OR next_check_at <= $1)",
  't.merchant_id, t.payment_id',
);

export async function claimDueChallenges(db: Queryable, now: Date, madeBefore: Date, leaseUntil: Date, limit: number): Promise<Array<{ merchantId: string; paymentId: string }>> {
  const rows = await db.query<{ merchant_id: string; payment_id: string }>(CLAIM_DUE_CHALLENGES, [now, leaseUntil, limit, madeBefore]);
  return rows.map((r) => ({ merchantId: r.merchant_id, paymentId: r.payment_id }));
}
