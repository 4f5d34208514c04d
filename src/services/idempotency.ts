import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import { AppError } from '../domain/errors.js';
import { decodeAnyId } from '../domain/ids.js';
import type { Db, Queryable } from '../store/db.js';
import {
  claimIdempotencyKey,
  findIdempotentResponse,
  findIdempotentResponseShared,
  idempotencyRecordRow,
  isIdempotencyKeyTaken,
  recordIdempotentResponse,
  type IdempotencyScope,
  type StoredResponse,
} from '../store/idempotency.sql.js';
import type { SharedTx, WriteGroup } from '../store/group-commit.js';
import { insertRows, insertStatement, type TableRow } from '../store/inserts.js';

export interface WriteResult {
  status: number;
  /** Serialized JSON, replayed byte for byte on a retry. */
  body: string;
}

/**
 * Runs a write in one transaction. With an Idempotency-Key the key's record is claimed first in that same
 * transaction and holds the response at commit, so: a retry replays the first response; a concurrent
 * request with the same key waits for the first and replays it; the same key with another request is
 * refused; and a write that fails leaves no record, so the retry runs it again. A retry of a request
 * that already completed is answered from its record before any of that (see completedReplay).
 */
export async function runWrite(
  db: Db,
  clock: Clock,
  scope: IdempotencyScope | null,
  work: (tx: Queryable) => Promise<WriteResult>,
): Promise<WriteResult & { replayed: boolean }> {
  const completed = scope && (await completedReplay(db, scope));
  if (completed) return completed;
  return claimAndRun(db, clock, scope, work);
}

/**
 * runWrite for a write that asks someone outside first (a payment's provider): `prepare` runs before the
 * transaction, so no row is locked and no connection held while the provider answers, and `work` records
 * its outcome in the transaction. What was prepared but not recorded, because the write failed or a
 * concurrent request with the same key won, goes to `discard` (which undoes it at the provider if it can).
 * A retry of a completed request is answered before anything is prepared.
 */
export async function runPreparedWrite<P>(
  db: Db,
  clock: Clock,
  scope: IdempotencyScope | null,
  prepare: () => Promise<P>,
  work: (tx: Queryable, prepared: P) => Promise<WriteResult>,
  discard: (prepared: P) => Promise<void>,
): Promise<WriteResult & { replayed: boolean }> {
  return prepareThenRecord(db, scope, prepare, (prepared) => claimAndRun(db, clock, scope, (tx) => work(tx, prepared)), discard);
}

/** A write that changes what it locks, to run in a write group (groupCommit): the group, the key it locks, the work. */
export interface GroupedWork<Key, Locked> {
  group: WriteGroup<Key, Locked>;
  key: Key;
  work(tx: SharedTx, locked: Locked | null): Promise<WriteResult>;
}

/**
 * runWrite for a write that locks rows and changes them, in a transaction shared with the writes of its kind
 * that arrive at the same time (group commit). The key's record, holding the response, is written with the
 * group's changes, as runPlannedWrite does: a concurrent request with the same key waits on the key's index
 * for the first, and when that commits it replays the first response.
 */
export async function runGroupedWrite<Key, Locked>(db: Db, clock: Clock, scope: IdempotencyScope | null, grouped: GroupedWork<Key, Locked>): Promise<WriteResult & { replayed: boolean }> {
  const completed = scope && (await completedReplay(db, scope));
  if (completed) return completed;
  return recordInGroup(db, clock, scope, grouped);
}

/** runPreparedWrite, recording what was prepared in a write group (runGroupedWrite). */
export async function runPreparedGroupedWrite<P, Key, Locked>(
  db: Db,
  clock: Clock,
  scope: IdempotencyScope | null,
  prepare: () => Promise<P>,
  grouped: (prepared: P) => GroupedWork<Key, Locked>,
  discard: (prepared: P) => Promise<void>,
): Promise<WriteResult & { replayed: boolean }> {
  return prepareThenRecord(db, scope, prepare, (prepared) => recordInGroup(db, clock, scope, grouped(prepared)), discard);
}

async function prepareThenRecord<P>(
  db: Db,
  scope: IdempotencyScope | null,
  prepare: () => Promise<P>,
  record: (prepared: P) => Promise<WriteResult & { replayed: boolean }>,
  discard: (prepared: P) => Promise<void>,
): Promise<WriteResult & { replayed: boolean }> {
  const completed = scope && (await completedReplay(db, scope));
  if (completed) return completed;
  const prepared = await prepare();
  let result: WriteResult & { replayed: boolean };
  try {
    result = await record(prepared);
  } catch (error) {
    await discard(prepared);
    throw error;
  }
  if (result.replayed) await discard(prepared);
  return result;
}

async function recordInGroup<Key, Locked>(db: Db, clock: Clock, scope: IdempotencyScope | null, { group, key, work }: GroupedWork<Key, Locked>): Promise<WriteResult & { replayed: boolean }> {
  try {
    const result = await group(db, {
      key,
      work: async (tx, locked) => {
        const result = await work(tx, locked);
        if (scope) tx.defer([], [idempotencyRecordRow(scope, result.status, result.body, clock.now())]);
        return result;
      },
    });
    return { ...result, replayed: false };
  } catch (error) {
    // A concurrent request with the same key that won may be why this one failed (it paid the order first).
    if (!scope) throw error;
    const stored = await findIdempotentResponse(db, scope);
    if (stored) return replayOf(stored, scope);
    if (isIdempotencyKeyTaken(error)) return replay(db, scope);
    throw error;
  }
}

function claimAndRun(db: Db, clock: Clock, scope: IdempotencyScope | null, work: (tx: Queryable) => Promise<WriteResult>): Promise<WriteResult & { replayed: boolean }> {
  return db.transaction(async (tx) => {
    if (!scope) return { ...(await work(tx)), replayed: false };
    if (await claimIdempotencyKey(tx, scope, clock.now())) {
      const result = await work(tx);
      await recordIdempotentResponse(tx, scope, result.status, result.body);
      return { ...result, replayed: false };
    }
    return replay(tx, scope);
  });
}

/** A write that only inserts rows, and whose response is known before it runs, as creating an order is. */
export interface PlannedWrite extends WriteResult {
  rows: TableRow[];
}

/**
 * runWrite for a planned write, in one round trip instead of five (BEGIN, claim, write, record, COMMIT),
 * shared with the planned writes of concurrent requests (insertRows): the key's record, holding the
 * response, is inserted with the write's rows, so they commit together or not at all, and a failed write
 * leaves no record. A concurrent request with the same key waits on the key's index for the first; when
 * that commits, its insert fails whole and it replays the first response, as in runWrite. `plan` only
 * reads. When it throws, the request goes the ordinary way (runWrite claims the key first), so a retry
 * replays the stored response even when its planning would now fail (e.g. an expires_at since passed).
 */
export async function runPlannedWrite(
  db: Db,
  clock: Clock,
  scope: IdempotencyScope | null,
  plan: (db: Queryable) => Promise<PlannedWrite>,
): Promise<WriteResult & { replayed: boolean }> {
  const completed = scope && (await completedReplay(db, scope));
  if (completed) return completed;
  let planned: PlannedWrite;
  try {
    planned = await plan(db);
  } catch (error) {
    if (!scope) throw error;
    return runWrite(db, clock, scope, async (tx) => {
      const { rows, ...result } = await plan(tx);
      const { text, params } = insertStatement(rows);
      await tx.query(text, params);
      return result;
    });
  }
  const { rows, status, body } = planned;
  try {
    await insertRows(db, scope ? [idempotencyRecordRow(scope, status, body, clock.now()), ...rows] : rows);
    return { status, body, replayed: false };
  } catch (error) {
    if (!scope || !isIdempotencyKeyTaken(error)) throw error;
    return replay(db, scope);
  }
}

/**
 * A retry is a read: a key whose request completed is answered from its record, read with the lookups
 * that arrive at the same time, without attempting the write again (which would cost a failed insert,
 * a dead row and a transaction). Only a key with no completed record goes on to the write, where a
 * concurrent first request is waited for.
 */
async function completedReplay(db: Db, scope: IdempotencyScope): Promise<(WriteResult & { replayed: true }) | null> {
  const stored = await findIdempotentResponseShared(db, scope);
  return stored && replayOf(stored, scope);
}

async function replay(db: Queryable, scope: IdempotencyScope): Promise<WriteResult & { replayed: true }> {
  const stored = await findIdempotentResponse(db, scope);
  if (!stored) throw new AppError('idempotency_key_in_use', 'A request with this Idempotency-Key is still being processed; retry shortly');
  return replayOf(stored, scope);
}

function replayOf(stored: StoredResponse, scope: IdempotencyScope): WriteResult & { replayed: true } {
  if (stored.fingerprint !== scope.fingerprint) {
    throw new AppError('idempotency_key_reused', 'This Idempotency-Key was already used with a different request');
  }
  return { status: stored.status, body: stored.body, replayed: true };
}

const KEY_RE = /^[\x21-\x7e]{1,255}$/;

/**
 * Accepts the IETF draft's structured-field string (`"8e03978e-…"`) and the bare token most clients send.
 * Returns null when absent; throws when malformed.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  if (Array.isArray(header)) throw new AppError('idempotency_key_invalid', 'Send one Idempotency-Key header');
  const quoted = /^"(.*)"$/.exec(header.trim());
  const key = quoted ? quoted[1]!.replace(/\\(["\\])/g, '$1') : header.trim();
  if (!KEY_RE.test(key)) {
    throw new AppError('idempotency_key_invalid', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  return key;
}

/**
 * Identifies "the same request": the method, the route, the resource its path names (each id as its
 * UUID, whichever spelling was sent) and the body with its keys in a canonical order.
 */
export function requestFingerprint(method: string, route: string, params: Record<string, string>, body: unknown): string {
  const resource = Object.entries(params)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${decodeAnyId(value) ?? value}`)
    .join('&');
  return createHash('sha256').update(`${method} ${route} ${resource}\n${canonicalJson(body)}`).digest('hex');
}

/**
 * JSON with every object's keys in sorted order. A replacer array makes JSON.stringify (native) emit
 * the listed keys in the array's order at every depth, so listing all keys once, sorted, is enough.
 */
function canonicalJson(value: unknown): string {
  const keys = new Set<string>();
  collectKeys(value, keys);
  return JSON.stringify(value, [...keys].sort()) ?? 'null';
}

function collectKeys(value: unknown, keys: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectKeys(item, keys);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      keys.add(key);
      collectKeys(item, keys);
    }
  }
}
