/**
 * One chain watcher pass, measured in a process of its own (bench/run.ts starts it): N open USDT deposit addresses
 * on a fresh store, a fake chain holding E USDT Transfer events of which P pay watched addresses (the rest go to
 * other addresses, as most of the contract's traffic does); then the pass, in a child process that holds only what
 * a node's watcher holds (bench/usdt-watcher-pass.ts), while this one serves the chain. Prints one JSON line: the
 * pass's time, its pages and events, the transfers credited, and the pass process's peak RSS.
 *
 * Env: BENCH_DATABASE_URL + BENCH_SCHEMA (PostgreSQL) or BENCH_DATA_DIR (PGlite); USDT_ADDRESSES [10000],
 * USDT_EVENTS [20000], USDT_PAYING [1000].
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { createApiKey, createMerchant } from '../src/services/accounts.js';
import { Authenticator } from '../src/services/authenticator.js';
import { USDT_CONTRACT } from '../src/rails/usdt-trc20/address.js';
import { BLOCK_MS, FakeTronChain } from '../src/rails/usdt-trc20/fake-chain.js';
import { openDb } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';

const env = process.env;
const addresses = Number(env.USDT_ADDRESSES || 10_000);
const eventCount = Number(env.USDT_EVENTS || 20_000);
const paying = Math.min(Number(env.USDT_PAYING || 1_000), addresses);

const db = await openDb(env.BENCH_DATA_DIR ? { dataDir: env.BENCH_DATA_DIR } : { databaseUrl: env.BENCH_DATABASE_URL!, schema: env.BENCH_SCHEMA });
await migrate(db);
const clock = new ManualClock(new Date('2026-11-23T12:00:00.000Z'));
const config = { ...loadConfig({}), rateLimitPerSecond: 0 };
const services = { db, clock, config, auth: new Authenticator(db, clock) };
const { app } = await buildApp(services);
await app.ready();

// One real payment through /v1 is the template of the others, inserted in bulk (setup, not measured).
const merchant = await createMerchant(db, clock, 'Bench USDT');
const key = await createApiKey(db, clock, merchant.merchantId, false, 'bench');
const call = async (method: 'POST' | 'PUT', url: string, body: unknown) => {
  const res = await app.inject({ method, url, headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
};
await call('PUT', '/v1/fx/rates', { rates: [{ base: 'USD', quote: 'USDT', rate: '1' }] });
const order = await call('POST', '/v1/orders', { amount: 10000, currency: 'USD' });
const template = await call('POST', `/v1/orders/${order.id}/payments`, { method: 'usdt_trc20', currency: 'USDT' });

const base58check = createBase58check(sha256);
const randomAddress = () => base58check.encode(Uint8Array.from([0x41, ...randomBytes(20)]));
const watched = Array.from({ length: addresses - 1 }, randomAddress);
const ids = watched.map(() => randomUUID());
const templateId = (await db.query<{ payment_id: string }>(`SELECT payment_id FROM payments WHERE provider_reference = $1`, [template.provider_reference]))[0]!.payment_id;
const orderIds = watched.map(() => randomUUID());
const BATCH = 5_000;
for (let i = 0; i < watched.length; i += BATCH) {
  const a = watched.slice(i, i + BATCH);
  const p = ids.slice(i, i + BATCH);
  const o = orderIds.slice(i, i + BATCH);
  // Each payment has an order of its own, copies of the template's, as real payments do.
  await db.query(
    `INSERT INTO orders SELECT (jsonb_populate_record(NULL::orders, to_jsonb(t) || jsonb_build_object('order_id', x.id, 'payment_ids', jsonb_build_array(), 'checkout_key', replace(x.id::text, '-', '')))).*
     FROM orders t, unnest($2::uuid[]) AS x(id) WHERE t.merchant_id = $1 AND t.order_id = (SELECT order_id FROM payments WHERE payment_id = $3)`,
    [merchant.merchantId, o, templateId],
  );
  await db.query(
    `INSERT INTO payments (merchant_id, payment_id, order_id, livemode, method, provider, status, amount, currency, quote, amount_received, fee, instructions, provider_reference,
       provider_metadata, provider_data, late, store_id, branch_id, expires_at, created_at, updated_at, next_check_at, check_attempts)
     SELECT t.merchant_id, x.id, x.order_id, t.livemode, t.method, t.provider, t.status, t.amount, t.currency, t.quote, 0, 0, t.instructions, x.address,
       t.provider_metadata, t.provider_data, false, t.store_id, t.branch_id, t.expires_at, t.created_at, t.updated_at, t.next_check_at, 0
     FROM payments t, unnest($2::uuid[], $3::text[], $4::uuid[]) AS x(id, address, order_id) WHERE t.payment_id = $1`,
    [templateId, p, a, o],
  );
  await db.query(
    `INSERT INTO usdt_deposit_addresses (merchant_id, livemode, provider, address, payment_id, derivation_index, watch_until, created_at)
     SELECT $1, false, 'sandbox', x.address, x.id, 1000000 + x.n, $4, $5 FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS x(id, address, n)`,
    [merchant.merchantId, p, a, new Date(clock.now().getTime() + 86_400_000), clock.now()],
  );
}
const all = [template.provider_reference as string, ...watched];

// The chain: E events over blocks of 100, P of them paying watched addresses their exact amount.
const chain = new FakeTronChain(clock, clock.now().getTime() - 3_600_000);
const payer = randomAddress();
const payingSet = new Set(Array.from({ length: paying }, (_, i) => Math.floor((i * eventCount) / paying)));
let next = 0;
for (let i = 0; i < eventCount; i++) {
  if (i % 100 === 0) clock.advance(BLOCK_MS);
  chain.transfer({ contract: USDT_CONTRACT, from: payer, to: payingSet.has(i) ? all[next++ % all.length]! : randomAddress(), value: template.amount });
}
clock.advance(BLOCK_MS + config.usdt.confirmations * BLOCK_MS);
// The watcher's cursor starts where a node that had kept up would be: before the first of these events.
await db.query(`INSERT INTO chain_cursors (provider, block_timestamp_ms, updated_at) VALUES ('sandbox', $1, $2)`, [clock.now().getTime() - 2 * 3_600_000, clock.now()]);
// The embedded store is one process's at a time: the pass opens it once this setup has let it go.
await app.close();
await db.close();

const pass = spawn(process.execPath, ['--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'usdt-watcher-pass.ts')], {
  env: { ...env, BENCH_CHAIN_URL: await chain.url(), BENCH_CLOCK_MS: String(clock.now().getTime()) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
pass.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
const code = await new Promise<number | null>((resolve) => pass.on('exit', resolve));
await chain.close();
if (code !== 0) throw new Error(`bench: the watcher pass exited with ${code}`);
const measured = JSON.parse(output.trim().split('\n').at(-1)!) as Record<string, unknown>;
console.log(JSON.stringify({ addresses, eventCount, paying, ...measured, requests: Object.fromEntries(chain.requests) }));
