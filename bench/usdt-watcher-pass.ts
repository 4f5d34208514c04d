/**
 * The measured half of the USDT watcher bench (bench/usdt-watcher.ts starts it once the store and the chain are
 * set up): a process that holds only what a node's watcher holds, the store's connection, the configuration and
 * the chain client, runs watcher ticks until nothing is left to do and prints one JSON line: the pass's time, its
 * totals and the process's peak RSS. The chain is served by the parent, so its work is not counted here.
 *
 * Env: BENCH_DATABASE_URL + BENCH_SCHEMA (PostgreSQL) or BENCH_DATA_DIR (PGlite), BENCH_CHAIN_URL, BENCH_CLOCK_MS.
 */
import { performance } from 'node:perf_hooks';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { paymentDeps } from '../src/services/payment-context.js';
import { watchChain } from '../src/services/usdt-watcher.js';
import { tronGridClient } from '../src/rails/usdt-trc20/chain.js';
import { openDb } from '../src/store/db.js';

const env = process.env;
let peakRss = 0;
const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

const db = await openDb(env.BENCH_DATA_DIR ? { dataDir: env.BENCH_DATA_DIR } : { databaseUrl: env.BENCH_DATABASE_URL!, schema: env.BENCH_SCHEMA });
const clock = new ManualClock(new Date(Number(env.BENCH_CLOCK_MS)));
const config = loadConfig({});
const deps = paymentDeps({ clock, config });
const client = tronGridClient({ url: env.BENCH_CHAIN_URL!, apiKey: undefined, timeoutMs: 30_000 });

peakRss = Math.max(peakRss, process.memoryUsage().rss);
const rssBefore = peakRss;
const started = performance.now();
const totals = { ticks: 0, pages: 0, events: 0, matched: 0, recorded: 0, credited: 0, discoverMs: 0, confirmMs: 0 };
for (;;) {
  const pass = await watchChain(db, deps, config.usdt, 'sandbox', client);
  totals.ticks++;
  for (const k of ['pages', 'events', 'matched', 'recorded', 'credited', 'discoverMs', 'confirmMs'] as const) totals[k] += pass[k];
  if (!pass.more) break;
}
const passMs = performance.now() - started;
peakRss = Math.max(peakRss, process.memoryUsage().rss);
clearInterval(sample);
console.log(JSON.stringify({ passMs: Math.round(passMs), ...totals, rssMb: Math.round(peakRss / 1e6), rssBeforeMb: Math.round(rssBefore / 1e6) }));
await db.close();
