import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { configuredMessengers } from '../outbound/messaging.js';
import { sendDueNotifications, type NotificationDeps } from '../services/payer-notifications.js';
import type { Db } from '../store/db.js';
import { pruneMessages } from '../store/notification-messages.sql.js';
import type { Job } from './runner.js';

/** The sender's dependencies as a node runs them: the configured SMTP server and providers. */
export function notificationDeps(clock: Clock, config: Config): NotificationDeps {
  return { clock, config: config.notifications, messengers: configuredMessengers(config.notifications) };
}

/**
 * Payer notifications and merchant notices: the webhook fan-out queues them (services/payer-notifications.ts);
 * these send what is due and prune finished messages after the webhook deliveries' retention.
 */
export function notificationJobs(db: Db, config: Config, deps: NotificationDeps): Job[] {
  return [
    { name: 'notifications-send', intervalMs: config.notifications.pollMs, batchSize: 20, run: (batch) => sendDueNotifications(db, deps, batch) },
    {
      name: 'prune-notifications',
      intervalMs: Math.max(config.jobIntervalMs, 60_000),
      batchSize: 1000,
      run: (batch) => pruneMessages(db, new Date(deps.clock.now().getTime() - config.webhooks.deliveryRetentionDays * 86_400_000), batch),
    },
  ];
}
