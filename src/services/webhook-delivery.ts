import type { Clock } from '../clock.js';
import type { WebhookConfig } from '../config.js';
import { causedByJob } from '../domain/event-cause.js';
import { uuidv7 } from '../domain/ids.js';
import {
  classifyResponse,
  nextAttemptDelayMs,
  type AttemptOutcome,
  type DisabledReason,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '../domain/webhooks.js';
import type { OutboundRequest, OutboundResult } from '../outbound/http-client.js';
import type { Db, Queryable } from '../store/db.js';
import { insertEvents, type StoredEvent } from '../store/events.sql.js';
import { Batcher } from '../store/batcher.js';
import { dueDeliveries, queueDeliveries, recordAttempts, takeEventsForFanOut } from '../store/webhook-deliveries.sql.js';
import { disableEndpoint, findEndpoint, leaseDueEndpoints, releaseLease } from '../store/webhook-endpoints.sql.js';
import { queueNotifications } from './payer-notifications.js';
import { WEBHOOK_FORMATS, type WebhookFormat, type WebhookFormats } from './webhook-formats.js';
import { destinationPolicy, signingSecrets } from './webhook-endpoints.js';
import { webhookEndpointView } from './webhook-views.js';

/**
 * Delivery, at least once: the fan-out turns each event of the outbox into one queued delivery per
 * endpoint that subscribes to it, in the event's own transaction's wake (not inside it: a slow receiver
 * never holds up a write). The sender leases endpoints with a delivery due, sends each endpoint's due
 * deliveries in event order, a few at a time, and records every attempt (many in one statement). Either may run on every node;
 * a node that dies mid-send leaves a lease that lapses, and the delivery is sent again (the receiver
 * dedupes on webhook-id, the event id).
 */

/** The sender's way out: the SSRF-checked client (outbound/http-client.ts) or a test's stand-in. */
export interface WebhookTransport {
  post(request: OutboundRequest): Promise<OutboundResult>;
}

export interface DeliveryDeps {
  clock: Clock;
  config: WebhookConfig;
  transport: WebhookTransport;
  formats?: WebhookFormats;
  /** Jitter's source; tests may pin it. */
  random?: () => number;
}

/** Deliveries read at a time for one endpoint. */
const CHUNK = 50;
/** Then an endpoint's lease is given back, so one long backlog cannot keep a worker to itself. */
const MAX_PER_LEASE = 500;
const USER_AGENT = 'Payorders-Webhooks/1';
/**
 * Beyond the response deadline, the time to record an attempt. It is also how long the deliveries of a
 * node that died mid-send wait for another node, so it is kept short: a late record at worst means a
 * second attempt, which at-least-once allows.
 */
const LEASE_MARGIN_MS = 5_000;
/** Writes of attempts under way at once (each of up to a chunk of attempts): what finishes meanwhile goes in the next. */
const RECORDS_IN_FLIGHT = 2;

/**
 * Queues the deliveries of up to `batch` events, and the payer and merchant messages they call for (see
 * payer-notifications.ts), in one transaction with marking them done; returns how many events it took.
 */
export async function fanOutEvents(db: Db, clock: Clock, batch: number): Promise<number> {
  return db.transaction(async (tx) => {
    const taken = await takeEventsForFanOut(tx, batch);
    const now = clock.now();
    const deliveries = taken.flatMap((t) =>
      t.endpointId
        ? [{ id: uuidv7(now.getTime()), merchantId: t.merchantId, endpointId: t.endpointId, eventId: t.eventId, livemode: t.livemode, eventType: t.type }]
        : [],
    );
    await queueDeliveries(tx, deliveries, now, false);
    const events = [...new Map(taken.map((t) => [t.eventId, t])).values()];
    await queueNotifications(tx, events, now);
    return events.length;
  });
}

/** Sends what is due to up to `endpoints` endpoints, side by side; returns how many it leased. */
export async function sendDueDeliveries(db: Db, deps: DeliveryDeps, endpoints: number): Promise<number> {
  const now = deps.clock.now();
  const leased = await leaseDueEndpoints(db, now, leaseEnd(deps, now), endpoints);
  if (leased.length === 0) return 0;
  // The attempts of every endpoint of the pass are written together, as they finish (see recordAttempts).
  const recorder = new Batcher<WebhookDelivery, Date | null>(async (deliveries) => {
    const failingSince = await recordAttempts(db, deliveries, leaseEnd(deps, deps.clock.now()));
    return deliveries.map((d) => failingSince.get(d.endpointId) ?? null);
  }, RECORDS_IN_FLIGHT, CHUNK);
  await Promise.all(leased.map((endpoint) => sendBacklog(db, deps, recorder, endpoint)));
  return leased.length;
}

/** A lease outlives one attempt (the response deadline) with room to record it; each write of attempts moves it on. */
function leaseEnd(deps: DeliveryDeps, from: Date): Date {
  return new Date(from.getTime() + deps.config.timeoutMs + LEASE_MARGIN_MS);
}

type Recorder = Batcher<WebhookDelivery, Date | null>;

/**
 * One endpoint's due deliveries, oldest event first, until none is due or one fails: then the rest wait
 * for the next pass (each keeps its own schedule, so new events are never stuck behind a failing one,
 * yet a receiver that is down is not sent the whole queue at once). Up to `parallelPerEndpoint` are in
 * flight at once, started in event order: one at a time, a receiver 5 ms away would cap an endpoint at
 * 200 deliveries a second. A chunk's attempts are recorded before the next chunk is read.
 */
async function sendBacklog(db: Db, deps: DeliveryDeps, recorder: Recorder, leased: WebhookEndpoint): Promise<void> {
  let throttledUntil: Date | null = null;
  let sent = 0;
  try {
    // The lease read the endpoint; each later round reads it again: the merchant may have changed the URL,
    // rotated the secret or disabled it meanwhile.
    for (let endpoint: WebhookEndpoint | null = leased; endpoint?.status === 'enabled'; endpoint = await findEndpoint(db, leased.merchantId, leased.id)) {
      const due = (await dueDeliveries(db, endpoint.merchantId, endpoint.id, deps.clock.now(), CHUNK)).slice(0, MAX_PER_LEASE - sent);
      const recorded: Array<Promise<void>> = [];
      const failed = await sendInOrder(due, deps.config.parallelPerEndpoint, async ({ delivery, event }) => {
        const { verdict, record } = await attempt(db, deps, recorder, endpoint!, delivery, event);
        recorded.push(record);
        return verdict;
      });
      await Promise.all(recorded);
      sent += due.length;
      if (failed) {
        throttledUntil = failed.throttledUntil;
        return;
      }
      // A short chunk was all that was due: what the fan-out queues meanwhile wakes the next pass.
      if (due.length < CHUNK || sent >= MAX_PER_LEASE) return;
    }
  } finally {
    await releaseLease(db, leased.merchantId, leased.id, throttledUntil);
  }
}

interface Verdict {
  delivered: boolean;
  throttledUntil: Date | null;
}

/**
 * Attempts `deliveries` in their order with at most `width` in flight; after the first one not delivered, starts
 * no more (those in flight finish). Answers that first failure, or null when all went through.
 */
async function sendInOrder<T>(deliveries: T[], width: number, send: (delivery: T) => Promise<Verdict>): Promise<Verdict | null> {
  let next = 0;
  let failed: Verdict | null = null;
  const lane = async () => {
    while (failed === null && next < deliveries.length) {
      const verdict = await send(deliveries[next++]!);
      if (!verdict.delivered) failed ??= verdict;
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, deliveries.length) }, lane));
  return failed;
}

/** An event that was deleted from under its delivery. */
const EVENT_MISSING = { ok: false, error: 'event_missing', message: 'The event no longer exists', latencyMs: 0 } as const;

/**
 * Sends one delivery and answers the verdict at once, with the write of its outcome still under way
 * (`record`: the lane goes on to the next delivery meanwhile). A crash before the write means one more
 * attempt, which at-least-once allows.
 */
async function attempt(db: Db, deps: DeliveryDeps, recorder: Recorder, endpoint: WebhookEndpoint, delivery: WebhookDelivery, event: StoredEvent | null) {
  const at = deps.clock.now();
  const format = formatOf(deps, endpoint);
  const result = event ? await send(deps, format, endpoint, delivery, event, at) : EVENT_MISSING;
  const done = deps.clock.now();
  const outcome: AttemptOutcome = result.ok
    ? classifyResponse(result.status, [result.headers['retry-after']].flat()[0], done)
    : { kind: 'failed', retryAfterMs: null };
  const delivered = outcome.kind === 'delivered';
  const retryAfterMs = outcome.kind === 'failed' ? outcome.retryAfterMs : null;
  const schedule = format.retryDelaysMs?.(endpoint.livemode);
  const delay = delivered || !event ? null : nextAttemptDelayMs(delivery.attempts + 1, deps.random ?? Math.random, retryAfterMs, schedule);
  const updated: WebhookDelivery = {
    ...delivery,
    attempts: delivery.attempts + 1,
    status: delivered ? 'delivered' : delay === null ? 'failed' : 'pending',
    nextAttemptAt: delay === null ? null : new Date(done.getTime() + delay),
    deliveredAt: delivered ? done : delivery.deliveredAt,
    lastAttempt: {
      at,
      responseStatus: result.ok ? result.status : null,
      error: result.ok ? null : result.error,
      latencyMs: result.latencyMs,
      // PostgreSQL text cannot hold NUL; the rest of what the receiver said is kept as it came.
      responseBody: result.ok ? result.body.replaceAll('\u0000', '\ufffd') : null,
    },
  };
  // Disabling (rare) follows the write in a transaction of its own. A crash in between leaves the endpoint
  // enabled, and its next attempt decides again.
  const record = recorder.submit(updated).then(async (failingSince) => {
    const failedForDays = failingSince !== null && done.getTime() - failingSince.getTime() >= deps.config.disableAfterHours * 3_600_000;
    if (outcome.kind === 'gone' || failedForDays) {
      await db.transaction((tx) => disableWithEvent(tx, endpoint, outcome.kind === 'gone' ? 'gone' : 'failing', done));
    }
  });
  // Awaited with the rest of its chunk; until then a failure is not unhandled.
  record.catch(() => {});
  return { verdict: { delivered, throttledUntil: retryAfterMs === null ? null : new Date(done.getTime() + retryAfterMs) }, record };
}

function formatOf(deps: DeliveryDeps, endpoint: WebhookEndpoint): WebhookFormat {
  const format = (deps.formats ?? WEBHOOK_FORMATS)[endpoint.format];
  if (!format) throw new Error(`No webhook format ${endpoint.format} is registered`);
  return format;
}

async function send(deps: DeliveryDeps, format: WebhookFormat, endpoint: WebhookEndpoint, delivery: WebhookDelivery, event: StoredEvent, at: Date): Promise<OutboundResult> {
  const message = format.envelope(event, delivery);
  return deps.transport.post({
    url: endpoint.url,
    headers: {
      'content-type': message.contentType,
      'user-agent': USER_AGENT,
      ...format.sign({ id: message.id, body: message.body, at }, signingSecrets(endpoint, at)),
    },
    body: message.body,
    policy: destinationPolicy(deps.config, endpoint.livemode),
  });
}

/**
 * Disables the endpoint and tells the merchant with a `webhook_endpoint.disabled` event (to its other
 * endpoints). Its deliveries stay queued, and go out, oldest first, when it is enabled again.
 */
async function disableWithEvent(tx: Queryable, endpoint: WebhookEndpoint, reason: DisabledReason, now: Date): Promise<void> {
  const disabled = await disableEndpoint(tx, endpoint.merchantId, endpoint.id, reason, now);
  if (!disabled) return;
  await insertEvents(tx, [
    {
      merchantId: disabled.merchantId,
      eventId: uuidv7(now.getTime()),
      livemode: disabled.livemode,
      type: 'webhook_endpoint.disabled',
      objectId: disabled.id,
      data: JSON.stringify(webhookEndpointView(disabled)),
      createdAt: now,
      cause: causedByJob('webhook_sender'),
    },
  ]);
}
