import pino from 'pino';
import { systemClock, type Clock } from './clock.js';
import { serveAdminSocket } from './cli/admin-socket.js';
import type { Config } from './config.js';
import { buildApp } from './http/app.js';
import { standardJobs } from './jobs/index.js';
import { JobRunner } from './jobs/runner.js';
import { bootstrapFirstMerchant } from './services/accounts.js';
import { Authenticator } from './services/authenticator.js';
import { openConfiguredDb, type Db } from './store/db.js';
import { migrate } from './store/migrate.js';

export interface RunningService {
  url: string;
  db: Db;
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
  const db = await openConfiguredDb(config, 'server');
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
  jobs.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url, store: db.kind }, 'payorders listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    db,
    firstKey,
    close: () =>
      (closing ??= (async () => {
        beginShutdown();
        await adminSocket?.close();
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
