import type { AttemptRecord, DeliveryStatus, WebhookDelivery } from '../domain/webhooks.js';
import type { Queryable } from './db.js';
import { toEvent, type EventRow, type StoredEvent } from './events.sql.js';
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

/**
 * An endpoint's deliveries due at `now`, in the order their events happened, each with its event (null for
 * one deleted from under it by hand: pruning keeps events with deliveries).
 */
export async function dueDeliveries(db: Queryable, merchantId: string, endpointId: string, now: Date, limit: number): Promise<Array<{ delivery: WebhookDelivery; event: StoredEvent | null }>> {
  const rows = await db.query<{ row: DeliveryRow; event: EventRow | null }>(
    `SELECT row_to_json(d) AS row, row_to_json(e) AS event FROM webhook_deliveries d
     LEFT JOIN events e ON e.merchant_id = d.merchant_id AND e.event_id = d.event_id
     WHERE d.merchant_id = $1 AND d.endpoint_id = $2 AND d.status = 'pending' AND d.next_attempt_at <= $3 ORDER BY d.event_id LIMIT $4`,
    [merchantId, endpointId, now, limit],
  );
  return rows.map((r) => ({ delivery: toDelivery(r.row), event: r.event && toEvent(r.event) }));
}

/**
 * Writes the outcomes of attempts (each delivery's latest) in one statement, however many endpoints they
 * went to: each delivery's new status and schedule and what the receiver answered, the `attempts`-th row
 * of its history, and once per endpoint the sender's verdict on its health (all delivered clears
 * `failing_since`; any failure sets it, to the first failed attempt's time, unless already set; written
 * alone, so a merchant's concurrent change is kept) with its lease moved on to `leaseUntil`. Answers each
 * endpoint's `failing_since` by endpoint id (none for an endpoint deleted meanwhile).
 */
export async function recordAttempts(db: Queryable, deliveries: WebhookDelivery[], leaseUntil: Date): Promise<Map<string, Date | null>> {
  const column = <T>(value: (d: WebhookDelivery, last: AttemptRecord) => T) => deliveries.map((d) => value(d, d.lastAttempt!));
  const rows = await db.query<{ endpoint_id: string; failing_since: Date | string | null }>(
    `WITH outcome AS (
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::timestamptz[], $6::timestamptz[], $7::int[], $8::text[], $9::int[], $10::text[], $11::timestamptz[])
         AS x(merchant_id, delivery_id, status, attempts, next_attempt_at, at, response_status, error, latency_ms, response_body, delivered_at)
     ), updated AS (
       UPDATE webhook_deliveries d SET status = o.status, attempts = o.attempts, next_attempt_at = o.next_attempt_at, last_attempt_at = o.at,
         last_response_status = o.response_status, last_error = o.error, last_latency_ms = o.latency_ms, last_response_body = o.response_body,
         delivered_at = o.delivered_at
       FROM outcome o WHERE d.merchant_id = o.merchant_id AND d.delivery_id = o.delivery_id
       RETURNING d.merchant_id, d.delivery_id, d.endpoint_id, o.status, o.attempts, o.at, o.response_status, o.error, o.latency_ms, o.response_body
     ), attempt AS (
       INSERT INTO webhook_attempts (merchant_id, delivery_id, attempt, at, response_status, error, latency_ms, response_body)
       SELECT merchant_id, delivery_id, attempts, at, response_status, error, latency_ms, response_body FROM updated
       ON CONFLICT (merchant_id, delivery_id, attempt) DO NOTHING
     ), health AS (
       SELECT merchant_id, endpoint_id, min(at) FILTER (WHERE status <> 'delivered') AS first_failure FROM updated GROUP BY merchant_id, endpoint_id
     )
     UPDATE webhook_endpoints w SET failing_since = CASE WHEN h.first_failure IS NULL THEN NULL ELSE COALESCE(w.failing_since, h.first_failure) END,
       lease_until = $12
     FROM health h WHERE w.merchant_id = h.merchant_id AND w.endpoint_id = h.endpoint_id
     RETURNING w.endpoint_id, w.failing_since`,
    [
      column((d) => d.merchantId), column((d) => d.id), column((d) => d.status), column((d) => d.attempts), column((d) => d.nextAttemptAt),
      column((_, last) => last.at), column((_, last) => last.responseStatus), column((_, last) => last.error), column((_, last) => last.latencyMs),
      column((_, last) => last.responseBody), column((d) => d.deliveredAt), leaseUntil,
    ],
  );
  return new Map(rows.map((r) => [r.endpoint_id, r.failing_since === null ? null : new Date(r.failing_since)]));
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
