import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { encodeId } from '../domain/ids.js';
import type { Order } from '../domain/orders.js';
import { findCheckoutByKey } from '../store/checkout.sql.js';
import type { Db, Queryable } from '../store/db.js';
import { EVENTS_WRITTEN_CHANNEL, eventsOfObjectsSince, listEvents, type StoredEvent } from '../store/events.sql.js';
import { CHECKOUT_KEY, checkoutActor } from './checkout.js';

export type { StoredEvent };

/** How many of the order's latest events are read to place a new stream (and resume one). */
const RECENT = 100;

/**
 * Where an order's stream starts: `first` is what it sends at once (the order's latest event, its state
 * now; or, resuming after `lastEventId`, every event since), `known` what the client has from then on.
 */
export async function orderStreamStart(db: Queryable, order: Order, lastEventId: string | null): Promise<{ first: StoredEvent[]; known: StoredEvent[] }> {
  const known = await listEvents(db, { merchantId: order.merchantId, livemode: order.livemode, objectId: order.id }, { limit: RECENT });
  const resumed = lastEventId !== null && known.some((e) => e.id === lastEventId);
  return { first: resumed ? known.filter((e) => e.id > lastEventId).reverse() : known.slice(0, 1), known };
}

/**
 * Who follows an order's stream with its checkout key (the payment page's EventSource, which cannot send
 * an Authorization header): the payer, for that order alone. A key no order has is refused as a bad
 * credential; the key of another order answers 404, as an order the caller may not see does.
 */
export async function checkoutKeyStreamActor(db: Db, key: string, orderId: string): Promise<Actor> {
  const record = CHECKOUT_KEY.test(key) ? await findCheckoutByKey(db, key) : null;
  if (!record) throw new AppError('invalid_credentials', 'The checkout_key is not the key of any order');
  if (encodeId('order', record.order.id) !== orderId) throw AppError.notFound('order', orderId);
  return checkoutActor(record.order, orderId);
}

/**
 * What a node's live streams follow: each stream subscribes to one object's events, and while any is
 * subscribed the feed asks the store for the new events of all of them in one indexed query, as soon as
 * the store says a transaction that wrote events committed (NOTIFY, from any node; on the embedded store,
 * this process's own commits), and every `pollMs` besides, should a notification be lost. Nothing runs
 * while no stream is open.
 *
 * An event's id and created_at come from the clock of the node that wrote it, and it becomes visible
 * when its transaction commits, so a later poll may see an event older than one already sent. Each
 * poll therefore looks LOOKBACK_MS behind the newest event a stream has seen, and a stream remembers
 * what it sent in that window: none is sent twice, none is skipped.
 */
const LOOKBACK_MS = 5_000;
/**
 * A notification polls this long after it, not at once: however many commits a busy store makes, the
 * feed runs at most one query per window, and a push is still within a few tens of milliseconds.
 */
const NOTIFIED_WINDOW_MS = 20;

interface Subscription {
  merchantId: string;
  objectId: string;
  /** created_at of the newest event sent. */
  newest: number;
  /** Ids sent within the look-back window, with their created_at. */
  sent: Map<string, number>;
  push(events: StoredEvent[]): void;
}

export class EventFeed {
  private readonly subscriptions = new Set<Subscription>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  /** Notified while a poll ran: another follows within NOTIFIED_WINDOW_MS. */
  private again = false;
  /** The timer set is a notification's, not the fallback poll's. */
  private soon = false;
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly db: Pick<Db, 'query' | 'exec' | 'listen'>,
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /**
   * Follows an object's events from now on; `known` are the ones the client already has (the newest of
   * them is where the stream stands). Returns the unsubscribe.
   */
  subscribe(merchantId: string, objectId: string, known: StoredEvent[], push: (events: StoredEvent[]) => void): () => void {
    const subscription: Subscription = {
      merchantId,
      objectId,
      newest: Math.max(0, ...known.map((e) => e.createdAt.getTime())),
      sent: new Map(known.map((e) => [e.id, e.createdAt.getTime()])),
      push,
    };
    this.subscriptions.add(subscription);
    this.unlisten ??= this.db.listen(EVENTS_WRITTEN_CHANNEL, () => this.notified());
    this.schedule(this.pollMs);
    return () => {
      this.subscriptions.delete(subscription);
      if (this.subscriptions.size > 0) return;
      clearTimeout(this.timer);
      this.timer = undefined;
      this.unlisten?.();
      this.unlisten = undefined;
    };
  }

  private notified(): void {
    if (this.polling) this.again = true;
    else if (!this.soon) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.schedule(NOTIFIED_WINDOW_MS);
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.polling || this.subscriptions.size === 0) return;
    this.soon = delayMs === NOTIFIED_WINDOW_MS;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.soon = false;
      this.polling = true;
      this.again = false;
      void this.poll()
        .catch(this.onError)
        .finally(() => {
          this.polling = false;
          this.schedule(this.again ? NOTIFIED_WINDOW_MS : this.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    const subscriptions = [...this.subscriptions];
    if (subscriptions.length === 0) return;
    const since = Math.min(...subscriptions.map((s) => s.newest)) - LOOKBACK_MS;
    const objects = new Map(subscriptions.map((s) => [`${s.merchantId}/${s.objectId}`, { merchantId: s.merchantId, objectId: s.objectId }]));
    const events = await eventsOfObjectsSince(this.db, [...objects.values()], new Date(Math.max(since, 0)));
    for (const s of subscriptions) {
      const fresh = events.filter(
        (e) => e.merchantId === s.merchantId && e.objectId === s.objectId && !s.sent.has(e.id) && e.createdAt.getTime() >= s.newest - LOOKBACK_MS,
      );
      if (fresh.length === 0) continue;
      for (const e of fresh) {
        s.sent.set(e.id, e.createdAt.getTime());
        s.newest = Math.max(s.newest, e.createdAt.getTime());
      }
      for (const [id, at] of s.sent) if (at < s.newest - LOOKBACK_MS) s.sent.delete(id);
      s.push(fresh);
    }
  }
}
