import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { expireDueAuthorizations, expireDueChallenges } from '../services/card-payments.js';
import { releaseDueBalances } from '../services/ledger.js';
import { expireDueOrders } from '../services/orders.js';
import { paymentDeps } from '../services/payment-context.js';
import { reconcileDuePayments } from '../services/reconciliation.js';
import { reconcileDueRefunds } from '../services/refunds.js';
import { watchChain } from '../services/usdt-watcher.js';
import { usdtNetworks } from '../rails/usdt-trc20/rail.js';
import type { Db } from '../store/db.js';
import { FACE_WEBHOOK_FORMATS } from '../compat/index.js';
import { WEBHOOK_FORMATS } from '../services/webhook-formats.js';
import { pruneIdempotencyKeys } from '../store/idempotency.sql.js';
import { pruneEndedSessions } from '../store/sessions.sql.js';

/** Ended sessions are kept a week, so a sign-out or a refresh-token re-use can still be looked into. */
const ENDED_SESSION_RETENTION_MS = 7 * 24 * 3_600_000;
import type { Job } from './runner.js';
import { notificationDeps, notificationJobs } from './payer-notifications.js';
import { webhookClient, webhookJobs } from './webhooks.js';

/** The background jobs every node runs. */
export function standardJobs(db: Db, clock: Clock, config: Config): Job[] {
  const payments = paymentDeps({ clock, config });
  return [
    {
      name: 'expire-orders',
      intervalMs: config.jobIntervalMs,
      batchSize: 500,
      run: (batch) => expireDueOrders(db, clock, batch),
    },
    {
      name: 'reconcile-payments',
      intervalMs: config.jobIntervalMs,
      // Each payment is a query to its provider: small batches, so one slow provider holds up little.
      batchSize: 20,
      run: (batch) => reconcileDuePayments(db, payments, batch),
    },
    {
      name: 'reconcile-refunds',
      intervalMs: config.jobIntervalMs,
      batchSize: 20,
      run: (batch) => reconcileDueRefunds(db, payments, batch),
    },
    {
      name: 'expire-card-authorizations',
      intervalMs: Math.max(config.jobIntervalMs, 10_000),
      // Each is a void at the acquirer: small batches.
      batchSize: 20,
      run: (batch) => expireDueAuthorizations(db, payments, batch),
    },
    {
      name: 'expire-card-challenges',
      intervalMs: Math.max(config.jobIntervalMs, 10_000),
      batchSize: 20,
      run: (batch) => expireDueChallenges(db, payments, batch),
    },
    // One scan per chain serves every open USDT deposit address; 1 means more is waiting.
    ...usdtNetworks(config.usdt).map(
      (network): Job => ({
        name: `watch-usdt-${network.provider}`,
        intervalMs: Math.max(config.jobIntervalMs, 3_000),
        batchSize: 1,
        run: async () => ((await watchChain(db, payments, config.usdt, network.provider, await network.client())).more ? 1 : 0),
      }),
    ),
    {
      name: 'release-balances',
      intervalMs: Math.max(config.jobIntervalMs, 10_000),
      batchSize: 500,
      run: (batch) => releaseDueBalances(db, clock, batch),
    },
    {
      name: 'prune-idempotency-keys',
      intervalMs: Math.max(config.jobIntervalMs, 60_000),
      batchSize: 1000,
      run: (batch) =>
        pruneIdempotencyKeys(db, new Date(clock.now().getTime() - config.idempotencyRetentionHours * 3_600_000), batch),
    },
    {
      name: 'prune-sessions',
      intervalMs: Math.max(config.jobIntervalMs, 60_000),
      batchSize: 1000,
      run: (batch) => pruneEndedSessions(db, new Date(clock.now().getTime() - ENDED_SESSION_RETENTION_MS), batch),
    },
    // Last, so a drain (tests) sends the events the jobs before them wrote.
    ...webhookJobs(db, config, { clock, config: config.webhooks, transport: webhookClient(config), formats: { ...WEBHOOK_FORMATS, ...FACE_WEBHOOK_FORMATS } }),
    // After the fan-out, which queues the messages.
    ...notificationJobs(db, config, notificationDeps(clock, config)),
  ];
}
