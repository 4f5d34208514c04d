import type { EventCause } from '../domain/event-cause.js';
import type { Queryable } from './db.js';
import { typeMatchesAny } from './event-types.js';
import { insertStatement, type TableRow } from './inserts.js';
import { queryJsonRows, rowJson } from './json-rows.js';
import { listStatement, type Page } from './list-query.js';

export interface EventRecord {
  merchantId: string;
  eventId: string;
  livemode: boolean;
  type: string;
  objectId: string;
  /** The object as the canonical API shows it after the change, already serialized. */
  data: string;
  createdAt: Date;
  cause: EventCause;
  /** An update's changed fields before it, serialized (see eventRow). */
  previousAttributes?: string;
}

/** An events row as row_to_json gives it (see json-rows.ts). */
export interface EventRow {
  merchant_id: string;
  event_id: string;
  livemode: boolean;
  type: string;
  object_id: string;
  data: unknown;
  previous_attributes: Record<string, unknown> | null;
  created_at: string;
  actor_type: EventCause['actor']['type'] | null;
  actor_id: string | null;
  request_id: string | null;
  idempotency_key: string | null;
}

/** An event's row, for insertRows / insertStatement. */
export function eventRow(e: EventRecord): TableRow {
  return {
    table: 'events',
    row: {
      merchant_id: e.merchantId,
      event_id: e.eventId,
      livemode: e.livemode,
      type: e.type,
      object_id: e.objectId,
      data: e.data,
      created_at: e.createdAt.toISOString(),
      actor_type: e.cause.actor.type,
      actor_id: e.cause.actor.id,
      request_id: e.cause.request?.id ?? null,
      idempotency_key: e.cause.request?.idempotencyKey ?? null,
      // Only on an update's event, so other inserts carry no extra column; an insert of several events takes
      // its columns from the first, so an update's event is inserted on its own.
      ...(e.previousAttributes === undefined ? {} : { previous_attributes: e.previousAttributes }),
    },
  };
}

/** Appends events to the outbox in one statement, whatever their number. */
/** The channel (with the schema's part: see Db.listen) each transaction that writes events notifies when it commits (migration 0030). */
export const EVENTS_WRITTEN_CHANNEL = 'payorders_events';

export async function insertEvents(db: Queryable, events: EventRecord[]): Promise<void> {
  if (events.length === 0) return;
  const { text, params } = insertStatement(events.map(eventRow));
  await db.query(text, params);
}

export interface StoredEvent {
  id: string;
  livemode: boolean;
  type: string;
  objectId: string;
  data: unknown;
  previousAttributes: Record<string, unknown> | null;
  createdAt: Date;
  /** Null for events written before causes were recorded. */
  cause: EventCause | null;
}

export interface EventListFilters {
  merchantId: string;
  livemode: boolean;
  /** Types, `prefix.*` patterns or `*`: events matching any. */
  types?: string[];
  objectId?: string;
  createdGte?: Date;
  createdLt?: Date;
}

const SELECT_EVENTS = `SELECT ${rowJson('e')} FROM events e`;

export function toEvent(r: EventRow): StoredEvent {
  return {
    id: r.event_id,
    livemode: r.livemode,
    type: r.type,
    objectId: r.object_id,
    data: r.data,
    previousAttributes: r.previous_attributes ?? null,
    createdAt: new Date(r.created_at),
    cause: r.actor_type && r.actor_id
      ? { actor: { type: r.actor_type, id: r.actor_id }, request: r.request_id ? { id: r.request_id, idempotencyKey: r.idempotency_key } : null }
      : null,
  };
}

export async function listEvents(db: Queryable, f: EventListFilters, page: Page): Promise<StoredEvent[]> {
  const { text, params } = listStatement(
    SELECT_EVENTS,
    'event_id',
    [
      ['merchant_id = ?', f.merchantId],
      ['livemode = ?', f.livemode],
      f.types?.length && [typeMatchesAny('?::text[]', 'type'), f.types],
      f.objectId && ['object_id = ?', f.objectId],
      f.createdGte && ['created_at >= ?', f.createdGte],
      f.createdLt && ['created_at < ?', f.createdLt],
    ],
    page,
  );
  return (await queryJsonRows<EventRow>(db, text, params)).map(toEvent);
}

export async function findEvent(db: Queryable, merchantId: string, eventId: string): Promise<StoredEvent | null> {
  const rows = await queryJsonRows<EventRow>(db, `${SELECT_EVENTS} WHERE merchant_id = $1 AND event_id = $2`, [merchantId, eventId]);
  return rows[0] ? toEvent(rows[0]) : null;
}

/** Several events of one merchant by id (the webhook sender renders a batch with one query). */
export async function findEvents(db: Queryable, merchantId: string, eventIds: string[]): Promise<StoredEvent[]> {
  const rows = await queryJsonRows<EventRow>(db, `${SELECT_EVENTS} WHERE merchant_id = $1 AND event_id = ANY($2::uuid[])`, [merchantId, eventIds]);
  return rows.map(toEvent);
}

/** The events of several objects (each of its merchant) written at or after `since`, in id order: one query for every live stream a node serves. */
export async function eventsOfObjectsSince(db: Queryable, objects: Array<{ merchantId: string; objectId: string }>, since: Date): Promise<Array<StoredEvent & { merchantId: string }>> {
  const rows = await queryJsonRows<EventRow>(
    db,
    `SELECT ${rowJson('e')} FROM events e JOIN unnest($1::uuid[], $2::uuid[]) AS o(merchant_id, object_id)
       ON e.merchant_id = o.merchant_id AND e.object_id = o.object_id
     WHERE e.created_at >= $3 ORDER BY e.event_id`,
    [objects.map((o) => o.merchantId), objects.map((o) => o.objectId), since],
  );
  return rows.map((r) => ({ ...toEvent(r), merchantId: r.merchant_id }));
}
