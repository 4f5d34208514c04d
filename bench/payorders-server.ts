/**
 * Child process for `npm run bench`: starts Payorders exactly as `npm start` does (startService with the
 * configuration from the environment), prints one JSON line `{"bench":"ready","url":…,"key":…}` on stdout
 * for the parent, and stops cleanly on SIGTERM.
 *
 * The parent sets PORT=0, PAYORDERS_RATE_LIMIT=0, LOG_LEVEL and DATABASE_URL + PAYORDERS_DB_SCHEMA
 * or PAYORDERS_DATA_DIR. On a fresh store the API key is the one startService bootstraps; on a restart
 * over the same store the parent passes it back in BENCH_API_KEY.
 */
import { loadConfig } from '../src/config.js';
import { closeOnSignals, startService } from '../src/service.js';

const service = await startService(loadConfig(process.env));
// A later scenario restarts on the same store: its key came from the first start (BENCH_API_KEY).
const key = service.firstKey?.secret ?? process.env.BENCH_API_KEY;
if (!key) {
  await service.close();
  throw new Error('bench: the store is not fresh (no first key was bootstrapped) and BENCH_API_KEY is not set');
}
process.stdout.write(`${JSON.stringify({ bench: 'ready', url: service.url, key, store: service.db.kind })}\n`);

closeOnSignals(service);
