import type { DisabledReason, WebhookEndpoint } from '../domain/webhooks.js';
import type { Queryable } from './db.js';
import { queryJsonRows, rowJson, toDate } from './json-rows.js';
import { listStatement, type Page } from './list-query.js';

/** A webhook_endpoints row as row_to_json gives it (see json-rows.ts). */
interface EndpointRow {
  merchant_id: string;
  endpoint_id: string;
  livemode: boolean;
  url: string;
  description: string | null;
  metadata: Record<string, string>;
  enabled_events: string[];
  format: string;
  status: 'enabled' | 'disabled';
  disabled_reason: DisabledReason | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.endpoint_id,
    merchantId: row.merchant_id,
    livemode: row.livemode,
    url: row.url,
    description: row.description,
    metadata: row.metadata,
    enabledEvents: row.enabled_events,
    format: row.format,
    status: row.status,
    disabledReason: row.disabled_reason,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt: toDate(row.previous_secret_expires_at),
    failingSince: toDate(row.failing_since),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

const SELECT = `SELECT ${rowJson('w')} FROM webhook_endpoints w`;

export async function insertEndpoint(db: Queryable, e: WebhookEndpoint): Promise<void> {
  await db.query(
    `INSERT INTO webhook_endpoints (merchant_id, endpoint_id, livemode, url, description, metadata, enabled_events, format, status,
       disabled_reason, secret, previous_secret, previous_secret_expires_at, failing_since, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text[], $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      e.merchantId, e.id, e.livemode, e.url, e.description, JSON.stringify(e.metadata), e.enabledEvents, e.format, e.status,
      e.disabledReason, e.secret, e.previousSecret, e.previousSecretExpiresAt, e.failingSince, e.createdAt, e.updatedAt,
    ],
  );
}

/** Writes what a merchant's change or the sender's verdict may change. */
export async function saveEndpoint(db: Queryable, e: WebhookEndpoint): Promise<void> {
  await db.query(
    `UPDATE webhook_endpoints SET url = $3, description = $4, metadata = $5::text::jsonb, enabled_events = $6::text[], status = $7,
       disabled_reason = $8, secret = $9, previous_secret = $10, previous_secret_expires_at = $11, failing_since = $12, updated_at = $13
     WHERE merchant_id = $1 AND endpoint_id = $2`,
    [
      e.merchantId, e.id, e.url, e.description, JSON.stringify(e.metadata), e.enabledEvents, e.status, e.disabledReason,
      e.secret, e.previousSecret, e.previousSecretExpiresAt, e.failingSince, e.updatedAt,
    ],
  );
}

export async function findEndpoint(db: Queryable, merchantId: string, endpointId: string, forUpdate = false): Promise<WebhookEndpoint | null> {
  const rows = await queryJsonRows<EndpointRow>(
    db,
    `${SELECT} WHERE merchant_id = $1 AND endpoint_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [merchantId, endpointId],
  );
  return rows[0] ? toEndpoint(rows[0]) : null;
}

export async function listEndpoints(db: Queryable, f: { merchantId: string; livemode: boolean }, page: Page): Promise<WebhookEndpoint[]> {
  const { text, params } = listStatement(SELECT, 'endpoint_id', [['merchant_id = ?', f.merchantId], ['livemode = ?', f.livemode]], page);
  return (await queryJsonRows<EndpointRow>(db, text, params)).map(toEndpoint);
}

/** Deletes the endpoint and, with it (ON DELETE CASCADE), its deliveries; false when there was none. */
export async function deleteEndpoint(db: Queryable, merchantId: string, endpointId: string): Promise<boolean> {
  const rows = await db.query(`DELETE FROM webhook_endpoints WHERE merchant_id = $1 AND endpoint_id = $2 RETURNING 1`, [merchantId, endpointId]);
  return rows.length > 0;
}

/**
 * Leases up to `limit` enabled endpoints that have a delivery due and that no node is sending to and no
 * receiver asked us to leave alone: the caller sends their deliveries, one endpoint at a time in event
 * order, outside any transaction. A node that dies holding a lease lets it lapse, and another node sends.
 */
export async function leaseDueEndpoints(db: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<WebhookEndpoint[]> {
  return (
    await queryJsonRows<EndpointRow>(
      db,
      `WITH due AS (
         SELECT merchant_id, endpoint_id FROM webhook_endpoints w
         WHERE status = 'enabled'
           AND (lease_until IS NULL OR lease_until <= $1)
           AND (throttled_until IS NULL OR throttled_until <= $1)
           AND EXISTS (SELECT 1 FROM webhook_deliveries d
                       WHERE d.merchant_id = w.merchant_id AND d.endpoint_id = w.endpoint_id AND d.status = 'pending' AND d.next_attempt_at <= $1)
         LIMIT $3
         FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_endpoints w SET lease_until = $2 FROM due
       WHERE w.merchant_id = due.merchant_id AND w.endpoint_id = due.endpoint_id
       RETURNING ${rowJson('w')}`,
      [now, leaseUntil, limit],
    )
  ).map(toEndpoint);
}

/** Gives the lease back; a receiver's Retry-After keeps every node away until `throttledUntil`. */
export async function releaseLease(db: Queryable, merchantId: string, endpointId: string, throttledUntil: Date | null): Promise<void> {
  await db.query(
    `UPDATE webhook_endpoints SET lease_until = NULL, throttled_until = COALESCE($3, throttled_until) WHERE merchant_id = $1 AND endpoint_id = $2`,
    [merchantId, endpointId, throttledUntil],
  );
}

/** Disables an enabled endpoint (410, or failing for days); null when it was already disabled or is gone. */
export async function disableEndpoint(db: Queryable, merchantId: string, endpointId: string, reason: DisabledReason, now: Date): Promise<WebhookEndpoint | null> {
  const rows = await queryJsonRows<EndpointRow>(
    db,
    `UPDATE webhook_endpoints w SET status = 'disabled', disabled_reason = $3, updated_at = $4
     WHERE merchant_id = $1 AND endpoint_id = $2 AND status = 'enabled' RETURNING ${rowJson('w')}`,
    [merchantId, endpointId, reason, now],
  );
  return rows[0] ? toEndpoint(rows[0]) : null;
}
