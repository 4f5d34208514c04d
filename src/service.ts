import pino from 'pino';
import { systemClock, type Clock } from './clock.js';
import { serveAdminSocket } from './cli/admin-socket.js';
import { isWildcardHost, type Config } from './config.js';
import { buildApp } from './http/app.js';
import { serveMetrics } from './http/ops/metrics.js';
import { standardJobs } from './jobs/index.js';
import { JobRunner } from './jobs/runner.js';
import { bootstrapFirstMerchant } from './services/accounts.js';
import { Authenticator } from './services/authenticator.js';
import { openConfiguredDb, type Db } from './store/db.js';
import { migrate } from './store/migrate.js';

export interface RunningService {
  url: string;
  db: Db;
  /** Where /metrics is served when it has a listener of its own (PAYORDERS_METRICS_PORT). */
  metricsUrl: string | null;
  /** Present only on the start that created the first merchant: its test key, shown once. */
  firstKey: { merchantId: string; secret: string } | null;
  close(): Promise<void>;
}

export async function startService(config: Config, clock: Clock = systemClock): Promise<RunningService> {
  const logger = pino({
    level: config.logLevel,
    base: { service: 'payorders' },
    redact: ['req.headers.authorization', '*.password', '*.secret', 'secret'],
  });
  let told = false;
  const db = await openConfiguredDb(config, 'server', {
    connectWaitMs: config.dbWaitMs,
    onUnreachable: (error, retryInMs) => {
      logger.warn({ retryInMs }, error.message);
      // Once, for the person at the terminal; the log has every attempt.
      if (!told) process.stderr.write(`${error.message}; trying again for up to ${Math.round(config.dbWaitMs / 1000)} s (PAYORDERS_DB_WAIT_SECONDS)\n`);
      told = true;
    },
  });
  try {
    const applied = await migrate(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  } catch (error) {
    await db.close();
    throw error;
  }
  const firstKey = await bootstrapFirstMerchant(db, clock);
  const auth = new Authenticator(db, clock);
  const { app, metrics, beginShutdown } = await buildApp({ db, clock, config, auth }, logger);
  const jobs = new JobRunner(standardJobs(db, clock, config), logger, (job, count) => metrics.jobRuns.inc({ job }, count));
  await app.listen({ host: config.host, port: config.port });
  // The embedded store is this process's alone: CLI commands run here, through the data directory's socket.
  const adminSocket = db.kind === 'pglite' ? await serveAdminSocket(config.dataDir, { db, clock, config }, logger) : null;
  const metricsListener = await serveMetrics(config, metrics);
  jobs.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // On every interface, this machine's loopback is an address that surely answers.
  const host = isWildcardHost(config.host) ? (config.host === '0.0.0.0' ? '127.0.0.1' : '::1') : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url, store: db.kind }, 'payorders listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    db,
    metricsUrl: metricsListener?.url ?? null,
    firstKey,
    close: () =>
      (closing ??= (async () => {
        beginShutdown();
        await adminSocket?.close();
        await metricsListener?.close();
        await jobs.stop();
        await app.close();
        await db.close();
        logger.info('payorders stopped');
      })()),
  };
}

/** SIGTERM and SIGINT drain the service (see close) and exit: 0 when it closed cleanly, 1 when it did not. */
export function closeOnSignals(service: Pick<RunningService, 'close'>): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void service.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}
