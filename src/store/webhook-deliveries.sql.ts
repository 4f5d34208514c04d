import type { AttemptRecord, DeliveryStatus, WebhookDelivery } from '../domain/webhooks.js';
import type { Queryable } from './db.js';
import { typeMatchesAny } from './event-types.js';
import { queryJsonRows, rowJson, toDate } from './json-rows.js';
import { listStatement, type Page } from './list-query.js';

/** A webhook_deliveries row as row_to_json gives it (see json-rows.ts). */
interface DeliveryRow {
  merchant_id: string;
  delivery_id: string;
  endpoint_id: string;
  event_id: string;
  livemode: boolean;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_response_status: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  last_response_body: string | null;
  delivered_at: string | null;
  created_at: string;
}

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.delivery_id,
    merchantId: row.merchant_id,
    livemode: row.livemode,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: toDate(row.next_attempt_at),
    lastAttempt: row.last_attempt_at
      ? {
          at: new Date(row.last_attempt_at),
          responseStatus: row.last_response_status,
          error: row.last_error,
          latencyMs: row.last_latency_ms ?? 0,
          responseBody: row.last_response_body,
        }
      : null,
    deliveredAt: toDate(row.delivered_at),
    createdAt: new Date(row.created_at),
  };
}

const SELECT = `SELECT ${rowJson('d')} FROM webhook_deliveries d`;

/** An event that left the outbox, and one endpoint it goes to (null: none matched). */
export interface FannedOut {
  merchantId: string;
  eventId: string;
  livemode: boolean;
  type: string;
  objectId: string;
  endpointId: string | null;
}

/**
 * Takes up to `limit` events from the fan-out queue (event_fanout_queue, filled as events are written),
 * oldest first, locked (SKIP LOCKED: other nodes take the next ones), removes them from it and returns
 * each with the endpoints of its merchant and mode that subscribe to its type and existed when it
 * happened. The caller queues the deliveries in the same transaction, so an event leaves the queue
 * exactly when its deliveries are queued.
 */
export async function takeEventsForFanOut(tx: Queryable, limit: number): Promise<FannedOut[]> {
  const rows = await tx.query<{ merchant_id: string; event_id: string; livemode: boolean; type: string; object_id: string; endpoint_id: string | null }>(
    `WITH batch AS (
       SELECT merchant_id, event_id FROM event_fanout_queue
       ORDER BY created_at, event_id LIMIT $1
       FOR UPDATE SKIP LOCKED
     ), taken AS (
       DELETE FROM event_fanout_queue q USING batch b WHERE q.merchant_id = b.merchant_id AND q.event_id = b.event_id
       RETURNING q.merchant_id, q.event_id
     )
     SELECT e.merchant_id, e.event_id, e.livemode, e.type, e.object_id, w.endpoint_id
     FROM taken t JOIN events e ON e.merchant_id = t.merchant_id AND e.event_id = t.event_id
     LEFT JOIN webhook_endpoints w
       ON w.merchant_id = e.merchant_id AND w.livemode = e.livemode AND w.created_at <= e.created_at
      AND ${typeMatchesAny('w.enabled_events', 'e.type')}`,
    [limit],
  );
  return rows.map((r) => ({ merchantId: r.merchant_id, eventId: r.event_id, livemode: r.livemode, type: r.type, objectId: r.object_id, endpointId: r.endpoint_id }));
}

/** The endpoints of a merchant and mode an event of this type goes to now (or the one named), for a redelivery. */
export async function endpointsFor(db: Queryable, merchantId: string, livemode: boolean, type: string, endpointId: string | null): Promise<string[]> {
  const rows = await db.query<{ endpoint_id: string }>(
    `SELECT endpoint_id FROM webhook_endpoints w WHERE merchant_id = $1 AND livemode = $2
       AND ${endpointId ? 'endpoint_id = $3' : typeMatchesAny('w.enabled_events', '$3::text')}
     ORDER BY endpoint_id`,
    [merchantId, livemode, endpointId ?? type],
  );
  return rows.map((r) => r.endpoint_id);
}

export interface NewDelivery {
  id: string;
  merchantId: string;
  endpointId: string;
  eventId: string;
  livemode: boolean;
  eventType: string;
}

/**
 * Queues deliveries due at `now`, at most one per (endpoint, event) whatever happens (the unique key):
 * one already there is left alone by the fan-out, and made due again (`reschedule`) by a redelivery.
 * Returns the deliveries inserted or made due.
 */
export async function queueDeliveries(tx: Queryable, deliveries: NewDelivery[], now: Date, reschedule: boolean): Promise<WebhookDelivery[]> {
  if (deliveries.length === 0) return [];
  const column = <K extends keyof NewDelivery>(key: K) => deliveries.map((d) => d[key]);
  return (
    await queryJsonRows<DeliveryRow>(
      tx,
      `WITH queued AS (
         INSERT INTO webhook_deliveries (merchant_id, delivery_id, endpoint_id, event_id, livemode, event_type, status, attempts, next_attempt_at, created_at)
         SELECT m, d, en, ev, l, t, 'pending', 0, $7, $7
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::boolean[], $6::text[]) AS x(m, d, en, ev, l, t)
         ON CONFLICT (merchant_id, endpoint_id, event_id) DO ${reschedule ? `UPDATE SET status = 'pending', next_attempt_at = EXCLUDED.next_attempt_at` : 'NOTHING'}
         RETURNING *
       )
       SELECT ${rowJson('d')} FROM queued d ORDER BY endpoint_id`,
      [column('merchantId'), column('id'), column('endpointId'), column('eventId'), column('livemode'), column('eventType'), now],
    )
  ).map(toDelivery);
}

/** An endpoint's deliveries due at `now`, in the order their events happened. */
export async function dueDeliveries(db: Queryable, merchantId: string, endpointId: string, now: Date, limit: number): Promise<WebhookDelivery[]> {
  return (
    await queryJsonRows<DeliveryRow>(
      db,
      `${SELECT} WHERE merchant_id = $1 AND endpoint_id = $2 AND status = 'pending' AND next_attempt_at <= $3 ORDER BY event_id LIMIT $4`,
      [merchantId, endpointId, now, limit],
    )
  ).map(toDelivery);
}

/**
 * Writes an attempt's outcome in one statement: the delivery's new status and schedule and what the
 * receiver answered, the `attempts`-th row of its history, and the sender's verdict on the endpoint's
 * health (a success clears `failing_since`, a failure sets it unless already set; written alone, so a
 * merchant's concurrent change is kept; `now` starts a failing spell) with its lease moved on to `leaseUntil`. Returns
 * `failing_since` (null too when the endpoint was deleted meanwhile).
 */
export async function recordAttempt(db: Queryable, d: WebhookDelivery, now: Date, leaseUntil: Date): Promise<Date | null> {
  const last = d.lastAttempt!;
  const rows = await db.query<{ failing_since: Date | string | null }>(
    `WITH updated AS (
       UPDATE webhook_deliveries SET status = $3, attempts = $4, next_attempt_at = $5, last_attempt_at = $6, last_response_status = $7,
         last_error = $8, last_latency_ms = $9, last_response_body = $10, delivered_at = $11
       WHERE merchant_id = $1 AND delivery_id = $2
       RETURNING merchant_id, delivery_id, endpoint_id
     ), attempt AS (
       INSERT INTO webhook_attempts (merchant_id, delivery_id, attempt, at, response_status, error, latency_ms, response_body)
       SELECT merchant_id, delivery_id, $4, $6, $7, $8, $9, $10 FROM updated
       ON CONFLICT (merchant_id, delivery_id, attempt) DO NOTHING
     )
     UPDATE webhook_endpoints w SET failing_since = CASE WHEN $12 THEN NULL ELSE COALESCE(w.failing_since, $13) END, lease_until = $14
     FROM updated u WHERE w.merchant_id = u.merchant_id AND w.endpoint_id = u.endpoint_id
     RETURNING w.failing_since`,
    [
      d.merchantId, d.id, d.status, d.attempts, d.nextAttemptAt, last.at, last.responseStatus, last.error, last.latencyMs, last.responseBody,
      d.deliveredAt, d.status === 'delivered', now, leaseUntil,
    ],
  );
  const since = rows[0]?.failing_since ?? null;
  return since === null ? null : new Date(since);
}

export async function findDelivery(db: Queryable, merchantId: string, deliveryId: string): Promise<WebhookDelivery | null> {
  const rows = await queryJsonRows<DeliveryRow>(db, `${SELECT} WHERE merchant_id = $1 AND delivery_id = $2`, [merchantId, deliveryId]);
  return rows[0] ? toDelivery(rows[0]) : null;
}

/** Makes a delivery due at `now`, whatever its status: one more attempt (a manual retry). */
export async function rescheduleDelivery(db: Queryable, merchantId: string, deliveryId: string, now: Date): Promise<WebhookDelivery | null> {
  const rows = await queryJsonRows<DeliveryRow>(
    db,
    `UPDATE webhook_deliveries d SET status = 'pending', next_attempt_at = $3 WHERE merchant_id = $1 AND delivery_id = $2 RETURNING ${rowJson('d')}`,
    [merchantId, deliveryId, now],
  );
  return rows[0] ? toDelivery(rows[0]) : null;
}

export interface DeliveryListFilters {
  merchantId: string;
  endpointId: string;
  status?: DeliveryStatus;
}

export async function listDeliveries(db: Queryable, f: DeliveryListFilters, page: Page): Promise<WebhookDelivery[]> {
  const { text, params } = listStatement(
    SELECT,
    'delivery_id',
    [['merchant_id = ?', f.merchantId], ['endpoint_id = ?', f.endpointId], f.status && ['status = ?', f.status]],
    page,
  );
  return (await queryJsonRows<DeliveryRow>(db, text, params)).map(toDelivery);
}

/** Deletes up to `limit` deliveries that are over (delivered or failed) and older than `before`. */
export async function pruneDeliveries(db: Queryable, before: Date, limit: number): Promise<number> {
  const rows = await db.query(
    `DELETE FROM webhook_deliveries WHERE (merchant_id, delivery_id) IN (
       SELECT merchant_id, delivery_id FROM webhook_deliveries
       WHERE created_at < $1 AND status <> 'pending' LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING 1`,
    [before, limit],
  );
  return rows.length;
}

/**
 * Deletes up to `limit` events older than `before` that no delivery needs any more: fanned out, and with
 * no delivery left (pending ones are never dropped; finished ones are pruned first, by their own age).
 */
export async function pruneEvents(db: Queryable, before: Date, limit: number): Promise<number> {
  const rows = await db.query(
    `DELETE FROM events WHERE (merchant_id, event_id) IN (
       SELECT merchant_id, event_id FROM events e
       WHERE created_at < $1
         AND NOT EXISTS (SELECT 1 FROM event_fanout_queue q WHERE q.merchant_id = e.merchant_id AND q.event_id = e.event_id)
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.merchant_id = e.merchant_id AND d.event_id = e.event_id)
       LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING 1`,
    [before, limit],
  );
  return rows.length;
}

/** A delivery's latest 100 attempts, newest first (the schedule makes ten; manual retries add one each). */
export async function listAttempts(db: Queryable, merchantId: string, deliveryId: string): Promise<Array<AttemptRecord & { attempt: number }>> {
  const rows = await db.query<{ attempt: number; at: Date | string; response_status: number | null; error: string | null; latency_ms: number; response_body: string | null }>(
    `SELECT attempt, at, response_status, error, latency_ms, response_body FROM webhook_attempts
     WHERE merchant_id = $1 AND delivery_id = $2 ORDER BY attempt DESC LIMIT 100`,
    [merchantId, deliveryId],
  );
  return rows.map((r) => ({ attempt: r.attempt, at: new Date(r.at), responseStatus: r.response_status, error: r.error, latencyMs: r.latency_ms, responseBody: r.response_body }));
}
