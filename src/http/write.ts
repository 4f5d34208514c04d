import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import { decodeId, type IdKind } from '../domain/ids.js';
import {
  parseIdempotencyKey,
  requestFingerprint,
  runGroupedWrite,
  runPlannedWrite,
  runPreparedGroupedWrite,
  runPreparedWrite,
  runWrite,
  type GroupedWork,
  type PlannedWrite,
  type WriteResult,
} from '../services/idempotency.js';
import { queryError } from '../services/orders.js';
import type { Queryable } from '../store/db.js';
import type { IdempotencyScope } from '../store/idempotency.sql.js';
import type { Page } from '../store/list-query.js';
import { pageOf } from '../store/list-query.js';
import type { Services } from './context.js';
import { DEFAULT_PAGE_SIZE } from './schemas.js';
import { parseTimeBound } from './validation.js';

/** Every POST goes through here: one transaction, Idempotency-Key honoured, the stored JSON sent as is. */
export async function sendWrite(
  services: Services,
  req: FastifyRequest,
  reply: FastifyReply,
  work: (tx: Queryable) => Promise<WriteResult>,
): Promise<void> {
  const scope = idempotencyScope(req);
  await send(req, reply, await runWrite(services.db, services.clock, scope, work));
}

/** sendWrite for a write that asks a provider first, outside the transaction (runPreparedWrite). */
export async function sendPreparedWrite<P>(
  services: Services,
  req: FastifyRequest,
  reply: FastifyReply,
  prepare: () => Promise<P>,
  work: (tx: Queryable, prepared: P) => Promise<WriteResult>,
  discard: (prepared: P) => Promise<void>,
): Promise<void> {
  const scope = idempotencyScope(req);
  await send(req, reply, await runPreparedWrite(services.db, services.clock, scope, prepare, work, discard));
}

/** sendWrite for a write that changes what it locks, in a transaction shared with its kind's concurrent writes (runGroupedWrite). */
export async function sendGroupedWrite<Key, Locked>(services: Services, req: FastifyRequest, reply: FastifyReply, grouped: GroupedWork<Key, Locked>): Promise<void> {
  const scope = idempotencyScope(req);
  await send(req, reply, await runGroupedWrite(services.db, services.clock, scope, grouped));
}

/** sendPreparedWrite, recording what was prepared in a write group (runPreparedGroupedWrite). */
export async function sendPreparedGroupedWrite<P, Key, Locked>(
  services: Services,
  req: FastifyRequest,
  reply: FastifyReply,
  prepare: () => Promise<P>,
  grouped: (prepared: P) => GroupedWork<Key, Locked>,
  discard: (prepared: P) => Promise<void>,
): Promise<void> {
  const scope = idempotencyScope(req);
  await send(req, reply, await runPreparedGroupedWrite(services.db, services.clock, scope, prepare, grouped, discard));
}

/** sendWrite for a write that only inserts rows planned before it runs (runPlannedWrite): one round trip. */
export async function sendPlannedWrite(
  services: Services,
  req: FastifyRequest,
  reply: FastifyReply,
  plan: (db: Queryable) => Promise<PlannedWrite>,
): Promise<void> {
  const scope = idempotencyScope(req);
  await send(req, reply, await runPlannedWrite(services.db, services.clock, scope, plan));
}

/**
 * The request's Idempotency-Key scope, or null without a key. The caller's actor also learns the request
 * (its id and key) from here, so the events the write records say which request caused them.
 */
function idempotencyScope(req: FastifyRequest): IdempotencyScope | null {
  const key = parseIdempotencyKey(req.headers['idempotency-key']);
  req.actor = { ...req.actor, request: { id: req.id, idempotencyKey: key } };
  if (key === null) return null;
  const { principal } = req.actor;
  return {
    merchantId: req.actor.merchantId,
    livemode: req.actor.livemode,
    principal: principal.kind === 'api_key' ? 'api_key' : `user:${principal.id}`,
    key,
    fingerprint: requestFingerprint(req.method, req.routeOptions.url!, req.params as Record<string, string>, req.body ?? null),
  };
}

// Every object's canonical JSON starts with its id (see views.ts), so the audit log reads it off the body.
const LEADING_ID = /^\{"id":"([^"]{1,64})"/;

async function send(req: FastifyRequest, reply: FastifyReply, result: WriteResult & { replayed: boolean }): Promise<void> {
  req.audit = { object: LEADING_ID.exec(result.body)?.[1], replayed: result.replayed };
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  // A write may answer a problem it recorded (a declined card payment is a payment, and a 402).
  await reply.code(result.status).type(result.status >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8').send(result.body);
}

/** Reads a cursor page from the query: ids in either spelling, of the listed kind; one cursor at most. */
function pageFromQuery(kind: IdKind, q: { limit?: number; starting_after?: string; ending_before?: string }): Page {
  if (q.starting_after !== undefined && q.ending_before !== undefined) {
    throw queryError('ending_before', 'conflict', 'cannot be sent with starting_after: page one way, older (starting_after) or newer (ending_before)');
  }
  const cursor = (param: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const uuid = decodeId(kind, value);
    if (!uuid) throw queryError(param, 'invalid_id', `is not a valid ${kind} id: '${value.slice(0, 64)}'`);
    return uuid;
  };
  return { limit: q.limit ?? DEFAULT_PAGE_SIZE, after: cursor('starting_after', q.starting_after), before: cursor('ending_before', q.ending_before) };
}

/**
 * pageFromQuery for a list whose cursor must name one of its own objects that the caller can see, since a
 * page after anything else would be a page of nothing, silently. `find` looks the cursor's id up as the
 * object's GET does: an answer of null or false, or a resource_missing error, is no such object. Every
 * /v1 cursor list answers it alike: 400 resource_missing naming the query parameter.
 */
export async function pageFromCursor(
  kind: IdKind,
  q: { limit?: number; starting_after?: string; ending_before?: string },
  find: (id: string) => Promise<unknown>,
): Promise<Page> {
  const page = pageFromQuery(kind, q);
  const [param, id] = page.after ? ['starting_after', q.starting_after!] : page.before ? ['ending_before', q.ending_before!] : [];
  if (param === undefined || id === undefined) return page;
  const found = await find(id).then(
    (object) => object !== null && object !== false,
    (error: unknown) => {
      if (error instanceof AppError && error.code === 'resource_missing') return false;
      throw error;
    },
  );
  if (!found) throw queryError(param, 'resource_missing', `has no such ${kind.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}: '${id}'`);
  return page;
}

export function createdRange(q: { 'created[gt]'?: string; 'created[gte]'?: string; 'created[lt]'?: string; 'created[lte]'?: string }) {
  // created_at is written from the clock's Date, in whole milliseconds: "after t" is "at or after t + 1 ms".
  const time = (text: string | undefined, shift = 0) => (text === undefined ? undefined : new Date(parseTimeBound(text).getTime() + shift));
  const latest = (...dates: Array<Date | undefined>) => dates.filter((d) => d !== undefined).sort((a, b) => b.getTime() - a.getTime())[0];
  const earliest = (...dates: Array<Date | undefined>) => dates.filter((d) => d !== undefined).sort((a, b) => a.getTime() - b.getTime())[0];
  return {
    createdGte: latest(time(q['created[gte]']), time(q['created[gt]'], 1)),
    createdLt: earliest(time(q['created[lt]']), time(q['created[lte]'], 1)),
  };
}

export function listBody<T, V>(req: FastifyRequest, rows: T[], page: Page, view: (row: T) => V) {
  const { data, hasMore } = pageOf(rows, page);
  return { object: 'list' as const, data: data.map(view), has_more: hasMore, url: req.url.split('?')[0]! };
}
