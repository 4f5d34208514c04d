/**
 * `npm run bench`: Payorders create-order and get-order against a bare Fastify + driver baseline doing
 * one INSERT … RETURNING / one SELECT by key on an order-shaped table, on PostgreSQL and on PGlite; and
 * idempotent replays (retries of completed creates: all clients on one key, then a key per client)
 * against get-order, since a replay should cost what a read does; and each vendor face's create-order
 * (Paybyrd, Glomopay: the same checkout in the vendor's body) against /v1's create-order; and the USDT chain
 * watcher's full pass over 10,000 and 100,000 open deposit addresses (bench/usdt-watcher.ts), the larger as a
 * ratio to the smaller over the same events, with the pass's time and peak RSS against the goals; and
 * the hosted checkout's page renders (GET /c/<key>) against get-order on the same orders and server; and the IC
 * face's create-order (an order and its FX-priced Pix payment) and tron poll against /v1 in their own server.
 *
 * Every scenario runs against a server in a child process of its own (bench/payorders-server.ts,
 * bench/baseline-server.ts), one at a time, on a fresh store: a new schema on the PostgreSQL server
 * (dropped at the end) or a temporary PGlite data directory (deleted at the end); the get/select scenario
 * restarts the server over the store its create/insert scenario filled. Load comes from autocannon in
 * this process over loopback. Besides req/s and latency it reports the CPU time per request of the server
 * process and (PostgreSQL) of its backends, found by an application_name set in the URL: on a shared
 * 2-core box those vary much less than req/s.
 *
 * Env knobs (defaults in brackets):
 *   BENCH_DATABASE_URL [postgres://postgres@127.0.0.1:5432/test]  BENCH_STORES [postgres,pglite]
 *   BENCH_WARMUP seconds [2]  BENCH_DURATION seconds [8]  BENCH_CONNECTIONS [50]
 *   BENCH_LOG_LEVEL Payorders' LOG_LEVEL [warn]
 *   BENCH_INFO [1]: also run the two Payorders scenarios on PostgreSQL with LOG_LEVEL=info (0: skip)
 *   BENCH_NODE_ARGS: extra node flags for every server child (Payorders and baseline), e.g. "--cpu-prof --cpu-prof-dir=.bench/prof"
 *   BENCH_PARTS [orders,webhooks,sse,usdt,checkout,ic]: which parts run
 *   BENCH_USDT_EVENTS [20000]  BENCH_USDT_PAYING [1000]: the chain's Transfer events in the watcher pass, and how many pay watched addresses
 *   BENCH_WEBHOOK_ENDPOINTS [10]  BENCH_WEBHOOK_ORDER_RATE orders/s [200]: webhooks get endpoints × rate deliveries/s offered
 *   BENCH_SSE_STREAMS [1000]: open order event streams (on 10 orders, one changed every 100 ms)
 *
 * Writes bench/results/latest.json. Exits 1 only when a Payorders scenario had non-2xx responses or
 * errors (the figures are then not comparable); a missed target is reported, not fatal.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openDb, type Db } from '../src/store/db.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH_DIR, '..');
const env = process.env;

const config = {
  databaseUrl: env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  stores: (env.BENCH_STORES || 'postgres,pglite').split(',').map((s) => s.trim()) as Store[],
  warmupSeconds: Number(env.BENCH_WARMUP || 2),
  durationSeconds: Number(env.BENCH_DURATION || 8),
  connections: Number(env.BENCH_CONNECTIONS || 50),
  logLevel: env.BENCH_LOG_LEVEL || 'warn',
  infoPass: env.BENCH_INFO !== '0',
  nodeArgs: (env.BENCH_NODE_ARGS || '').split(/\s+/).filter(Boolean),
  /** Which parts run: orders (create, get, replays, Pix, baselines), webhooks, sse. */
  parts: new Set((env.BENCH_PARTS || 'orders,webhooks,sse,usdt,checkout,ic').split(',').map((s) => s.trim())),
  /** Orders created before the get/select scenarios read them back at random. */
  seedRows: 1000,
};

type Store = 'postgres' | 'pglite';
type Scenario =
  | 'payorders-create'
  | 'payorders-get'
  | 'payorders-replay-one-key'
  | 'payorders-replay-own-keys'
  | 'payorders-pix-create'
  | 'payorders-paybyrd-create'
  | 'payorders-glomopay-create'
  | 'payorders-certopay-create'
  | 'payorders-ic-v1-create'
  | 'payorders-ic-v1-pay'
  | 'payorders-ic-create'
  | 'payorders-ic-v1-get'
  | 'payorders-ic-tron-poll'
  | 'payorders-pix-confirm'
  | 'payorders-webhooks'
  | 'payorders-sse'
  | 'payorders-usdt-watch-10k'
  | 'payorders-usdt-watch-100k'
  | 'payorders-checkout-get'
  | 'payorders-checkout'
  | 'payorders-cards-create-order'
  | 'payorders-card'
  | 'baseline-insert'
  | 'baseline-select';

interface Measured {
  scenario: Scenario;
  store: Store;
  logLevel: string | null;
  reqPerSec: number;
  requests: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU time (user + system) the server process spent per request: less noisy than req/s on a shared box. */
  serverCpuMsPerReq: number | null;
  /** CPU time the server's PostgreSQL backends spent per request (not the WAL writer's or checkpointer's). */
  dbCpuMsPerReq: number | null;
  /** warn/error lines the server logged during the scenario (Payorders only), and the first few. */
  serverProblems: number;
  serverProblemSamples: string[];
  /** Webhooks and streams: the rate the load asked for (deliveries or pushes per second) over the same time. */
  offeredPerSec?: number;
  /** The USDT watcher's pass (req/s above is events scanned per second of the pass). */
  watcher?: { addresses: number; passMs: number; discoverMs: number; confirmMs: number; ticks: number; pages: number; events: number; credited: number; rssMb: number; rssBeforeMb: number };
}

// ---------------------------------------------------------------------------------------------------
// Child processes

interface Child {
  ready: Record<string, string>;
  pid: number;
  /** Server log lines at warn level or above since the last call. */
  takeProblems(): string[];
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
const cleanups: Array<() => Promise<void> | void> = [];

async function startChild(script: string, childEnv: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, [...config.nodeArgs, '--import', 'tsx', join(BENCH_DIR, script)], {
    cwd: ROOT,
    env: { ...env, ...childEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(proc);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => (live.delete(proc), resolve(code))));
  let stderr = '';
  proc.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
  let problems: string[] = [];
  const lines = createInterface({ input: proc.stdout! });
  const ready = await new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 90 s\n${stderr}`)), 90_000);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with code ${code} before it was ready\n${stderr}`));
    });
    lines.on('line', (line) => {
      if (line.startsWith('{"bench":"ready"')) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as Record<string, string>);
      } else if (/"level":(4|5|6)\d/.test(line) && problems.length < 1000) {
        problems.push(line); // pino warn (40), error (50), fatal (60); info lines are read and dropped
      }
    });
  });
  return {
    ready,
    pid: proc.pid!,
    takeProblems: () => {
      const taken = problems;
      problems = [];
      return taken;
    },
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timeout = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timeout);
      if (code !== 0) console.error(`  (${script} exited with code ${code})\n${stderr}`);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Load

const METADATA = { cart_id: 'c_48213', channel: 'web', campaign: 'black-friday' };

/** A realistic checkout: two line items, a merchant reference, metadata and the methods offered. */
/** Every object's JSON starts with its id. */
const LEADING_ID = /^\{"id":"([a-z]+_[0-9a-z]{26})"/;

function orderBody(n: number): string {
  return JSON.stringify({
    amount: 29700,
    currency: 'BRL',
    reference: `PED-${n}`,
    description: 'Pedido da loja online',
    metadata: METADATA,
    line_items: [
      { type: 'product', description: 'Camiseta básica', sku: 'TSH-001-M', quantity: 2, unit_amount: 9900 },
      { type: 'product', description: 'Boné', sku: 'CAP-010', quantity: 1, unit_amount: 9900, categories: ['acessórios'] },
    ],
    payment_methods: ['pix', 'card'],
    locale: 'pt-BR',
    redirect_url: 'https://shop.example.com/orders/thanks',
  });
}

/** The same checkout as orderBody, as a Paybyrd client sends it (src/compat/paybyrd). */
function paybyrdOrderBody(n: number): string {
  return JSON.stringify({
    isoAmount: 29700,
    currency: 'BRL',
    orderRef: `PED-${n}`,
    metadata: METADATA,
    shoppingCart: [
      { type: 'Product', description: 'Camiseta básica', amount: 19800 },
      { type: 'Product', description: 'Boné', amount: 9900, categories: ['acessórios'] },
    ],
    orderOptions: { redirectUrl: 'https://shop.example.com/orders/thanks', culture: 'pt-BR', expiresIn: '1.00:00:00' },
    paymentOptions: { allowedPaymentMethods: ['PIX', 'CARD'] },
  });
}

/** The same checkout as a Glomopay client sends it (src/compat/glomopay), its request_id its idempotency. */
function glomopayOrderBody(customerId: string, requestId: string): string {
  return JSON.stringify({
    customer_id: customerId,
    currency: 'USD',
    amount: 29700,
    reference_number: `PED-${requestId.slice(0, 8)}`,
    invoice_description: 'Pedido da loja online',
    notes: METADATA,
    product: { name: 'Camiseta básica', description: 'Two shirts and a cap' },
    payment_methods: ['card', 'bank_transfer'],
    request_id: requestId,
  });
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds of a process so far (Linux /proc), or null elsewhere. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime (fields 14 and 15)
  } catch {
    return null;
  }
}

/**
 * On PostgreSQL the servers under test connect with this application_name (a URL parameter, which
 * node-postgres sends as a startup parameter), so their backends can be found for CPU accounting.
 */
let pgBackends: { admin: Db; applicationName: string } | null = null;

async function dbCpuSeconds(): Promise<number | null> {
  if (!pgBackends) return null;
  const rows = await pgBackends.admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [pgBackends.applicationName]);
  let total = 0;
  for (const { pid } of rows) total += cpuSeconds(pid) ?? Number.NaN;
  return rows.length && !Number.isNaN(total) ? total : null;
}

interface Load {
  result: autocannon.Result;
  cpuMsPerReq: number | null;
  dbCpuMsPerReq: number | null;
}

/** Warmup, then the measured run, noting the server's (and its database backends') CPU time over that run. */
async function load(serverPid: number, options: autocannon.Options): Promise<Load> {
  const base = { connections: config.connections, timeout: 10, ...options };
  if (config.warmupSeconds > 0) await autocannon({ ...base, duration: config.warmupSeconds });
  const cpuBefore = cpuSeconds(serverPid);
  const dbBefore = await dbCpuSeconds();
  const result = await autocannon({ ...base, duration: config.durationSeconds });
  const cpuAfter = cpuSeconds(serverPid);
  const dbAfter = await dbCpuSeconds();
  const perRequest = (before: number | null, after: number | null) =>
    before === null || after === null || !result.requests.total ? null : Math.round(((after - before) * 1e6) / result.requests.total) / 1000;
  return { result, cpuMsPerReq: perRequest(cpuBefore, cpuAfter), dbCpuMsPerReq: perRequest(dbBefore, dbAfter) };
}

function measured(
  scenario: Scenario,
  store: Store,
  logLevel: string | null,
  { result: r, cpuMsPerReq, dbCpuMsPerReq }: Load,
  serverProblems: string[] = [],
): Measured {
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = Number(count);
  return {
    scenario,
    store,
    logLevel,
    reqPerSec: Math.round(r.requests.average),
    requests: r.requests.total,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.mean },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    serverCpuMsPerReq: cpuMsPerReq,
    dbCpuMsPerReq,
    serverProblems: serverProblems.length,
    serverProblemSamples: serverProblems.slice(0, 3).map((line) => line.slice(0, 600)),
  };
}

/** Creates `count` rows through the server under test, 10 at a time; returns their ids. */
async function seed(count: number, post: (n: number) => Promise<Response>): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < count) {
        const n = next++;
        const res = await post(n);
        const text = await res.text();
        if (res.status !== 201) throw new Error(`seeding failed: ${res.status} ${text}`);
        ids.push((JSON.parse(text) as { id: string }).id);
      }
    }),
  );
  return ids;
}

function pick<T>(items: T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

function progress(message: string) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------------
// Scenarios

/**
 * Runs `scenario` against a server process of its own, so no scenario inherits another's warm caches,
 * pool state or garbage.
 */
async function withServer<T>(script: string, childEnv: Record<string, string>, scenario: (child: Child) => Promise<T>): Promise<T> {
  const child = await startChild(script, childEnv);
  try {
    return await scenario(child);
  } finally {
    await child.stop();
  }
}

async function benchPayorders(store: Store, storeEnv: Record<string, string>, logLevel: string): Promise<Measured[]> {
  progress(`${store}: starting Payorders (LOG_LEVEL=${logLevel})`);
  const serverEnv = {
    ...storeEnv,
    HOST: '127.0.0.1',
    PORT: '0',
    PAYORDERS_RATE_LIMIT: '0',
    // CertoPay's own limit (100 a minute per key) would refuse nearly all of its create-order scenario.
    PAYORDERS_FACE_CERTOPAY_RATE_LIMIT: '0',
    LOG_LEVEL: logLevel,
  };
  let key = '';
  let ids: string[] = [];
  // The orders the create-order scenario made: the Pix scenarios start a payment on each, then pay it.
  const created: string[] = [];
  const create = await withServer(
    'payorders-server.ts',
    serverEnv,
    async (child) => {
      const { url } = child.ready as { url: string };
      key = child.ready.key!;
      const runId = randomBytes(4).toString('hex');
      ids = await seed(config.seedRows, (n) =>
        fetch(`${url}/v1/orders`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `seed-${runId}-${n}` },
          body: orderBody(n),
        }),
      );
      child.takeProblems();
      progress(`${store}: Payorders create-order`);
      let n = 0;
      const result = await load(child.pid, {
        url,
        requests: [
          {
            method: 'POST',
            path: '/v1/orders',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            setupRequest: (req) => {
              req.headers['idempotency-key'] = randomUUID();
              req.body = orderBody(++n);
              return req;
            },
            onResponse: (status, body) => {
              const id = status === 201 ? LEADING_ID.exec(body)?.[1] : undefined;
              if (id) created.push(id);
            },
          },
        ],
      });
      return measured('payorders-create', store, logLevel, result, child.takeProblems());
    },
  );

  progress(`${store}: Payorders get-order, then idempotent replays`);
  return withServer('payorders-server.ts', { ...serverEnv, BENCH_API_KEY: key }, async (child) => {
    const url = child.ready.url!;
    const get = await load(child.pid, {
      url,
      requests: [
        {
          method: 'GET',
          headers: { authorization: `Bearer ${key}` },
          setupRequest: (req) => {
            req.path = `/v1/orders/${pick(ids)}`;
            return req;
          },
        },
      ],
    });
    const getMeasured = measured('payorders-get', store, logLevel, get, child.takeProblems());

    // Retries of requests that completed: every client on one key, then each client on a key of its own.
    const runId = randomBytes(4).toString('hex');
    const keys = Array.from({ length: config.connections }, (_, i) => `replay-${runId}-${i}`);
    const post = (idempotencyKey: string) =>
      fetch(`${url}/v1/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: orderBody(0),
      });
    for (const k of keys) if ((await post(k)).status !== 201) throw new Error('seeding a replay key failed');
    const replay = (keyOf: (context: Record<string, unknown>) => string): autocannon.Options => ({
      url,
      requests: [
        {
          method: 'POST',
          path: '/v1/orders',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: orderBody(0),
          setupRequest: (req, context) => {
            req.headers['idempotency-key'] = keyOf(context);
            return req;
          },
        },
      ],
    });
    progress(`${store}: Payorders replay, one key`);
    const oneKey = measured('payorders-replay-one-key', store, logLevel, await load(child.pid, replay(() => keys[0]!)), child.takeProblems());
    progress(`${store}: Payorders replay, a key per client`);
    let next = 0;
    const ownKeys = measured(
      'payorders-replay-own-keys',
      store,
      logLevel,
      await load(child.pid, replay((context) => (context.key ??= keys[next++ % keys.length]) as string)),
      child.takeProblems(),
    );

    // Pix: start a payment on each order the create scenario made, then pay each at the sandbox, which
    // confirms it through its signed notification (settlement, ledger postings, events).
    const payments: string[] = [];
    let nextOrder = 0;
    progress(`${store}: Payorders Pix payment creation`);
    const pixCreate = measured(
      'payorders-pix-create',
      store,
      logLevel,
      await load(child.pid, {
        url,
        requests: [
          {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ method: 'pix' }),
            setupRequest: (req) => {
              req.path = `/v1/orders/${created[nextOrder++ % created.length]}/payments`;
              return req;
            },
            onResponse: (status, body) => {
              const id = status === 201 ? LEADING_ID.exec(body)?.[1] : undefined;
              if (id) payments.push(id);
            },
          },
        ],
      }),
      child.takeProblems(),
    );
    progress(`${store}: Payorders Pix confirmation (${payments.length} payments to pay)`);
    let nextPayment = 0;
    const pixConfirm = measured(
      'payorders-pix-confirm',
      store,
      logLevel,
      await load(child.pid, {
        url,
        requests: [
          {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: '{}',
            setupRequest: (req) => {
              req.path = `/v1/test_helpers/payments/${payments[nextPayment++ % payments.length]}/pay`;
              return req;
            },
          },
        ],
      }),
      child.takeProblems(),
    );
    if (nextPayment > payments.length) progress(`${store}: !!! the confirmation scenario ran out of payments to pay; its figures are not valid`);

    // The vendor faces' create-order, each against /v1's in the same run (a face adds translation, not work).
    progress(`${store}: Paybyrd face create-order`);
    let paybyrdN = 0;
    const paybyrdCreate = measured(
      'payorders-paybyrd-create',
      store,
      logLevel,
      await load(child.pid, {
        url,
        requests: [
          {
            method: 'POST',
            path: '/compat/paybyrd/api/v2/orders',
            headers: { 'x-api-key': key, 'content-type': 'application/json' },
            setupRequest: (req) => {
              req.headers['idempotency-key'] = randomUUID();
              req.body = paybyrdOrderBody(++paybyrdN);
              return req;
            },
          },
        ],
      }),
      child.takeProblems(),
    );
    progress(`${store}: Glomopay face create-order`);
    const customer = await fetch(`${url}/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench Customer', email: 'bench@example.com' }),
    });
    const customerId = `cust_${((await customer.json()) as { id: string }).id.slice('cus_'.length)}`;
    const glomopayCreate = measured(
      'payorders-glomopay-create',
      store,
      logLevel,
      await load(child.pid, {
        url,
        requests: [
          {
            method: 'POST',
            path: '/compat/glomopay/api/v1/orders',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            setupRequest: (req) => {
              req.body = glomopayOrderBody(customerId, randomUUID());
              return req;
            },
          },
        ],
      }),
      child.takeProblems(),
    );
    progress(`${store}: CertoPay face create-order`);
    const certopayCustomer = await fetch(`${url}/compat/certopay/api/customers`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench Customer', email: 'bench@example.com', document: '52998224725', phone: '(11) 99999-9999' }),
    });
    const certopayCustomerId = ((await certopayCustomer.json()) as { id: string }).id;
    const certopayCreate = measured(
      'payorders-certopay-create',
      store,
      logLevel,
      await load(child.pid, {
        url,
        requests: [
          {
            method: 'POST',
            path: '/compat/certopay/api/orders',
            headers: { 'x-api-key': key, 'content-type': 'application/json' },
            body: JSON.stringify({ customerId: certopayCustomerId, amount: 29700 }),
          },
        ],
      }),
      child.takeProblems(),
    );
    return [create, getMeasured, oneKey, ownKeys, pixCreate, pixConfirm, paybyrdCreate, glomopayCreate, certopayCreate];
  });
}

async function benchBaseline(store: Store, storeEnv: Record<string, string>): Promise<Measured[]> {
  progress(`${store}: starting baseline server`);
  const serverEnv = { ...storeEnv, PORT: '0', BENCH_MERCHANT_ID: randomUUID() };
  const insertBody = (n: number) => JSON.stringify({ amount: 29700, currency: 'BRL', metadata: { ...METADATA, n: String(n) } });
  let ids: string[] = [];
  const insert = await withServer('baseline-server.ts', serverEnv, async (child) => {
    const { url } = child.ready as { url: string };
    ids = await seed(config.seedRows, (n) =>
      fetch(`${url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: insertBody(n) }),
    );
    progress(`${store}: baseline insert`);
    let n = 0;
    const result = await load(child.pid, {
      url,
      requests: [
        {
          method: 'POST',
          path: '/orders',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => {
            req.body = insertBody(++n);
            return req;
          },
        },
      ],
    });
    return measured('baseline-insert', store, null, result);
  });

  progress(`${store}: baseline select`);
  const select = await withServer('baseline-server.ts', serverEnv, async (child) => {
    const result = await load(child.pid, {
      url: child.ready.url!,
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => {
            req.path = `/orders/${pick(ids)}`;
            return req;
          },
        },
      ],
    });
    return measured('baseline-select', store, null, result);
  });
  return [insert, select];
}

// ---------------------------------------------------------------------------------------------------
// Webhooks and live streams: how fast events leave, measured from each order's 201 (its commit is
// just before) to what a local receiver on loopback, or an open event stream, gets. Bounded: a fixed
// offered rate for BENCH_DURATION seconds, then at most DRAIN_MS for the stragglers.

const WEBHOOK_ENDPOINTS = Number(env.BENCH_WEBHOOK_ENDPOINTS || 10);
/** Orders created per second while webhooks are measured: each is one delivery per endpoint. */
const WEBHOOK_ORDER_RATE = Number(env.BENCH_WEBHOOK_ORDER_RATE || 200);
const SSE_STREAMS = Number(env.BENCH_SSE_STREAMS || 1000);
/** The orders the streams follow (SSE_STREAMS / SSE_ORDERS streams on each), and how often one changes. */
const SSE_ORDERS = 10;
const SSE_CHANGE_INTERVAL_MS = 100;
const DRAIN_MS = 60_000;

function percentiles(samples: number[]): Measured['latencyMs'] {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1), mean: Math.round(sorted.reduce((a, b) => a + b, 0) / Math.max(sorted.length, 1)) };
}

async function until(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
}

function measuredLatencies(
  scenario: Scenario,
  store: Store,
  counts: { received: number; expected: number; seconds: number; offeredSeconds: number },
  lags: number[],
  result: autocannon.Result | null,
  problems: string[],
): Measured {
  return {
    offeredPerSec: Math.round(counts.expected / counts.offeredSeconds),
    scenario,
    store,
    logLevel: config.logLevel,
    reqPerSec: Math.round(counts.received / counts.seconds),
    requests: counts.received,
    latencyMs: percentiles(lags),
    non2xx: result?.non2xx ?? 0,
    errors: result?.errors ?? 0,
    timeouts: result?.timeouts ?? 0,
    statusCodes: {},
    serverCpuMsPerReq: null,
    dbCpuMsPerReq: null,
    serverProblems: problems.length,
    serverProblemSamples: problems.slice(0, 3).map((line) => line.slice(0, 600)),
  };
}

/**
 * Webhook deliveries: WEBHOOK_ENDPOINTS test endpoints on a receiver in this process, orders created at
 * WEBHOOK_ORDER_RATE/s; deliveries per second (first attempts, from the first create to the last
 * arrival) and, per delivery, the time from the order's 201 to its first attempt reaching the receiver.
 */
async function benchWebhooks(store: Store, storeEnv: Record<string, string>): Promise<Measured[]> {
  progress(`${store}: Payorders webhooks (${WEBHOOK_ENDPOINTS} endpoints, ${WEBHOOK_ORDER_RATE} orders/s)`);
  const committedAt = new Map<string, number>();
  const arrivals = new Map<string, number>();
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      try {
        const orderId = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { object: { id: string } } }).data.object.id;
        const key = `${req.url}|${orderId}`;
        if (!arrivals.has(key)) arrivals.set(key, at);
      } catch {
        // Not an order event: not counted.
      }
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    const port = (receiver.address() as AddressInfo).port;
    return await withServer('payorders-server.ts', { ...storeEnv, HOST: '127.0.0.1', PORT: '0', PAYORDERS_RATE_LIMIT: '0', LOG_LEVEL: config.logLevel }, async (child) => {
      const { url, key } = child.ready as { url: string; key: string };
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      for (let i = 0; i < WEBHOOK_ENDPOINTS; i++) {
        const res = await fetch(`${url}/v1/webhook_endpoints`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook/${i}`, enabled_events: ['order.created'] }),
        });
        if (res.status !== 201) throw new Error(`creating a webhook endpoint failed: ${res.status} ${await res.text()}`);
      }
      child.takeProblems();
      const started = performance.now();
      let n = 0;
      const result = await autocannon({
        url,
        connections: Math.min(config.connections, 20),
        overallRate: WEBHOOK_ORDER_RATE,
        duration: config.durationSeconds,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: '/v1/orders',
            headers,
            setupRequest: (req) => {
              req.headers['idempotency-key'] = randomUUID();
              req.body = orderBody(++n);
              return req;
            },
            onResponse: (status, body) => {
              const id = status === 201 ? LEADING_ID.exec(body)?.[1] : undefined;
              if (id) committedAt.set(id, performance.now());
            },
          },
        ],
      });
      const loadEnded = performance.now();
      const expected = committedAt.size * WEBHOOK_ENDPOINTS;
      // Orders whose 201 the load ended before reading are delivered too, but not counted.
      const arrived = () => [...arrivals.keys()].filter((key) => committedAt.has(key.split('|')[1]!)).length;
      await until(() => arrived() >= expected, DRAIN_MS);
      const lags: number[] = [];
      let last = started;
      for (const [key, at] of arrivals) {
        const committed = committedAt.get(key.split('|')[1]!);
        if (committed === undefined) continue;
        lags.push(Math.max(at - committed, 0));
        last = Math.max(last, at);
      }
      if (lags.length < expected) progress(`${store}: !!! ${expected - lags.length} of ${expected} deliveries did not arrive within ${DRAIN_MS / 1000} s`);
      const counts = { received: lags.length, expected, seconds: (last - started) / 1000, offeredSeconds: (loadEnded - started) / 1000 };
      return [measuredLatencies('payorders-webhooks', store, counts, lags, result, child.takeProblems())];
    });
  } finally {
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}

/**
 * Live streams: SSE_STREAMS open GET /v1/orders/{id}/events/stream on SSE_ORDERS orders, one order
 * changed every SSE_CHANGE_INTERVAL_MS; per push, the time from the change's 200 to the stream's message.
 */
async function benchStreams(store: Store, storeEnv: Record<string, string>): Promise<Measured[]> {
  progress(`${store}: Payorders live streams (${SSE_STREAMS} streams)`);
  return withServer('payorders-server.ts', { ...storeEnv, HOST: '127.0.0.1', PORT: '0', PAYORDERS_RATE_LIMIT: '0', LOG_LEVEL: config.logLevel }, async (child) => {
    const { url, key } = child.ready as { url: string; key: string };
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const orders = await seed(SSE_ORDERS, (i) => fetch(`${url}/v1/orders`, { method: 'POST', headers, body: orderBody(i) }));
    const changedAt = new Map<string, number>();
    const lags: number[] = [];
    const streams: Array<{ destroy(): void }> = [];
    let open = 0;
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    for (let i = 0; i < SSE_STREAMS; i++) {
      const req = httpGet(`${url}/v1/orders/${orders[i % orders.length]}/events/stream`, { agent, headers: { authorization: `Bearer ${key}` } }, (res) => {
        open++;
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const at = performance.now();
          buffered += chunk;
          let end;
          while ((end = buffered.indexOf('\n\n')) >= 0) {
            const data = /^data: (.*)$/m.exec(buffered.slice(0, end))?.[1];
            buffered = buffered.slice(end + 2);
            const change = data && (JSON.parse(data) as { data: { object: { metadata: Record<string, string> } } }).data.object.metadata.bench_change;
            const sent = change ? changedAt.get(change) : undefined;
            if (sent !== undefined) lags.push(Math.max(at - sent, 0));
          }
        });
      });
      req.on('error', () => {});
      streams.push(req);
    }
    await until(() => open >= SSE_STREAMS, 30_000);
    if (open < SSE_STREAMS) progress(`${store}: !!! only ${open} of ${SSE_STREAMS} streams opened`);
    child.takeProblems();
    const changes = Math.max(1, Math.floor((config.durationSeconds * 1000) / SSE_CHANGE_INTERVAL_MS));
    const started = performance.now();
    for (let c = 0; c < changes; c++) {
      const change = String(c);
      const res = await fetch(`${url}/v1/orders/${orders[c % orders.length]}`, { method: 'POST', headers, body: JSON.stringify({ metadata: { bench_change: change } }) });
      if (res.status !== 200) throw new Error(`changing an order failed: ${res.status} ${await res.text()}`);
      changedAt.set(change, performance.now());
      await new Promise((resolve) => setTimeout(resolve, SSE_CHANGE_INTERVAL_MS));
    }
    const expected = changes * (open / orders.length);
    await until(() => lags.length >= expected, 10_000);
    const seconds = (performance.now() - started) / 1000;
    for (const stream of streams) stream.destroy();
    agent.destroy();
    if (lags.length < expected) progress(`${store}: !!! ${expected - lags.length} of ${expected} pushes did not arrive`);
    const counts = { received: lags.length, expected, seconds, offeredSeconds: seconds };
    return [measuredLatencies('payorders-sse', store, counts, lags, null, child.takeProblems())];
  });
}

/**
 * The USDT watcher: one process per pass (so its RSS is the pass's), 10,000 then 100,000 open addresses over the
 * same number of events and payers: the work should follow the events, not the addresses.
 */
async function benchUsdt(store: Store, storeEnv: (name: string) => Promise<Record<string, string>>): Promise<Measured[]> {
  const out: Measured[] = [];
  for (const [scenario, addresses] of [['payorders-usdt-watch-10k', 10_000], ['payorders-usdt-watch-100k', 100_000]] as const) {
    progress(`${store}: USDT watcher pass, ${addresses} open addresses`);
    const text = execFileSync(process.execPath, ['--import', 'tsx', join(BENCH_DIR, 'usdt-watcher.ts')], {
      cwd: ROOT,
      env: { ...env, ...(await storeEnv(scenario)), USDT_ADDRESSES: String(addresses), USDT_EVENTS: env.BENCH_USDT_EVENTS || '20000', USDT_PAYING: env.BENCH_USDT_PAYING || '1000' },
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    const w = JSON.parse(text.trim().split('\n').at(-1)!);
    const latency = { p50: w.passMs, p90: w.passMs, p99: w.passMs, max: w.passMs, mean: w.passMs };
    out.push({
      scenario,
      store,
      logLevel: config.logLevel,
      reqPerSec: Math.round(w.events / (w.passMs / 1000)),
      requests: w.events,
      latencyMs: latency,
      non2xx: 0,
      // Every transfer to a watched address recorded must be credited: any other count is a failed pass.
      errors: Math.abs(w.recorded - w.credited),
      timeouts: 0,
      statusCodes: {},
      serverCpuMsPerReq: null,
      dbCpuMsPerReq: null,
      serverProblems: 0,
      serverProblemSamples: [],
      watcher: { addresses, passMs: w.passMs, discoverMs: w.discoverMs, confirmMs: w.confirmMs, ticks: w.ticks, pages: w.pages, events: w.events, credited: w.credited, rssMb: w.rssMb, rssBeforeMb: w.rssBeforeMb },
    });
  }
  return out;
}

/**
 * The hosted checkout: its page (GET /c/<key>, server-rendered, no API key) for the seeded orders at random,
 * against get-order (GET /v1/orders/{id}) on the same orders in the same server process.
 */
async function benchCheckout(store: Store, storeEnv: Record<string, string>): Promise<Measured[]> {
  progress(`${store}: Payorders checkout page renders`);
  const serverEnv = { ...storeEnv, HOST: '127.0.0.1', PORT: '0', PAYORDERS_RATE_LIMIT: '0', LOG_LEVEL: config.logLevel };
  return withServer('payorders-server.ts', serverEnv, async (child) => {
    const url = child.ready.url!;
    const key = child.ready.key!;
    const runId = randomBytes(4).toString('hex');
    const pages: string[] = [];
    const ids = await seed(config.seedRows, async (n) => {
      const res = await fetch(`${url}/v1/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `checkout-${runId}-${n}` },
        body: orderBody(n),
      });
      pages.push(new URL(((await res.clone().json()) as { checkout_url: string }).checkout_url).pathname);
      return res;
    });
    child.takeProblems();
    const get = await load(child.pid, {
      url,
      requests: [{ method: 'GET', headers: { authorization: `Bearer ${key}` }, setupRequest: (req) => ({ ...req, path: `/v1/orders/${pick(ids)}` }) }],
    });
    const getMeasured = measured('payorders-checkout-get', store, config.logLevel, get, child.takeProblems());
    const page = await load(child.pid, { url, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pick(pages) }) }] });
    return [getMeasured, measured('payorders-checkout', store, config.logLevel, page, child.takeProblems())];
  });
}

/**
 * The IC face, in a server of its own, each line against its /v1 reference in the same server: create-order
 * (IC's creates the order and its Pix payment, FX-priced, in one call) against /v1 create-order, and the tron
 * poll of USDT orders (answered from the order's, payment's and transfers' rows) against /v1 get-order.
 */
async function benchIc(store: Store, storeEnv: Record<string, string>): Promise<Measured[]> {
  const serverEnv = { ...storeEnv, HOST: '127.0.0.1', PORT: '0', PAYORDERS_RATE_LIMIT: '0', LOG_LEVEL: config.logLevel };
  return withServer('payorders-server.ts', serverEnv, async (child) => {
    const url = child.ready.url!;
    const headers = { authorization: `Bearer ${child.ready.key!}`, 'content-type': 'application/json' };
    await fetch(`${url}/v1/fx/rates`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ rates: [{ base: 'USD', quote: 'BRL', rate: '5.4321' }, { base: 'USD', quote: 'USDT', rate: '1.0002' }] }),
    });
    progress(`${store}: IC face create-order, and /v1 create-order beside it`);
    let n = 0;
    const usdOrders: string[] = [];
    const v1Create = await load(child.pid, {
      url,
      requests: [
        {
          method: 'POST',
          path: '/v1/orders',
          headers,
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ amount: 20000, currency: 'USD', reference: `IC-${++n}` }) }),
          onResponse: (status, body) => {
            const id = status === 201 ? LEADING_ID.exec(body)?.[1] : undefined;
            if (id) usdOrders.push(id);
          },
        },
      ],
    });
    const v1CreateMeasured = measured('payorders-ic-v1-create', store, config.logLevel, v1Create, child.takeProblems());
    // What IC's create does besides the order: a Pix payment in BRL of a USD order, through /v1.
    let nextOrder = 0;
    const v1Pay = await load(child.pid, {
      url,
      requests: [{ method: 'POST', headers, body: JSON.stringify({ method: 'pix', currency: 'BRL' }), setupRequest: (req) => ({ ...req, path: `/v1/orders/${usdOrders[nextOrder++ % usdOrders.length]}/payments` }) }],
    });
    const v1PayMeasured = measured('payorders-ic-v1-pay', store, config.logLevel, v1Pay, child.takeProblems());
    const icBody = JSON.stringify({ amount: '200.00', currency: 'BRL' });
    const icCreate = await load(child.pid, { url, requests: [{ method: 'POST', path: '/compat/ic/api/v1/payment/order', headers, body: icBody }] });
    const icCreateMeasured = measured('payorders-ic-create', store, config.logLevel, icCreate, child.takeProblems());

    progress(`${store}: IC face tron poll, and /v1 get-order beside it`);
    const usdtOrders: string[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (usdtOrders.length < config.seedRows) {
          const res = await fetch(`${url}/compat/ic/api/v1/payment/order`, { method: 'POST', headers, body: JSON.stringify({ amount: '10.00', currency: 'USDT' }) });
          if (res.status !== 201) throw new Error(`IC USDT order: ${res.status} ${await res.text()}`);
          usdtOrders.push(((await res.json()) as { id: string }).id);
        }
      }),
    );
    child.takeProblems();
    const v1Get = await load(child.pid, { url, requests: [{ method: 'GET', headers, setupRequest: (req) => ({ ...req, path: `/v1/orders/${pick(usdtOrders)}` }) }] });
    const v1GetMeasured = measured('payorders-ic-v1-get', store, config.logLevel, v1Get, child.takeProblems());
    const poll = await load(child.pid, {
      url,
      requests: [{ method: 'POST', headers: { authorization: headers.authorization }, setupRequest: (req) => ({ ...req, path: `/compat/ic/api/v1/payment/webhook/${pick(usdtOrders)}/tron` }) }],
    });
    return [v1CreateMeasured, v1PayMeasured, icCreateMeasured, v1GetMeasured, measured('payorders-ic-tron-poll', store, config.logLevel, poll, child.takeProblems())];
  });
}

/**
 * Cards: create-order (the reference), then on a server of its own one card flow per order the create-order
 * scenario made: POST /v1/tokens (a Stripe test Visa) and POST /v1/orders/{id}/payments with that token,
 * charged at once (captured: settlement, ledger postings, events). A flow is two requests, so the card
 * figure counts flows per second; its latencies are of either request. The card-testing limits are lifted.
 * Runs with BENCH_PARTS=cards (or a list naming it).
 */
async function benchCards(store: Store, storeEnv: Record<string, string>): Promise<Measured[]> {
  progress(`${store}: Payorders card payments`);
  const serverEnv = {
    ...storeEnv,
    HOST: '127.0.0.1',
    PORT: '0',
    PAYORDERS_RATE_LIMIT: '0',
    PAYORDERS_CARD_VELOCITY_PER_KEY: '0',
    PAYORDERS_CARD_VELOCITY_PER_ADDRESS: '0',
    PAYORDERS_CARD_BREAKER_MIN_ATTEMPTS: '1000000',
    LOG_LEVEL: config.logLevel,
  };
  return withServer('payorders-server.ts', serverEnv, async (child) => {
    const url = child.ready.url!;
    const key = child.ready.key!;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const orders: string[] = [];
    let n = 0;
    const create = measured(
      'payorders-cards-create-order',
      store,
      config.logLevel,
      await load(child.pid, {
        url,
        requests: [
          {
            method: 'POST',
            path: '/v1/orders',
            headers,
            setupRequest: (req) => ({ ...req, body: orderBody(n++) }),
            onResponse: (status, body) => {
              const id = status === 201 ? LEADING_ID.exec(body)?.[1] : undefined;
              if (id) orders.push(id);
            },
          },
        ],
      }),
      child.takeProblems(),
    );
    progress(`${store}: Payorders token → captured card payment (${orders.length} orders to pay)`);
    let nextOrder = 0;
    const card = JSON.stringify({ card: { number: '4242424242424242', exp_month: 12, exp_year: 2040, cvc: '123' } });
    const flows = await load(child.pid, {
      url,
      requests: [
        {
          method: 'POST',
          path: '/v1/tokens',
          headers,
          body: card,
          onResponse: (status, body, context) => {
            context.token = status === 201 ? LEADING_ID.exec(body)?.[1] : undefined;
          },
        },
        {
          method: 'POST',
          headers,
          setupRequest: (req, context) => ({
            ...req,
            path: `/v1/orders/${orders[nextOrder++ % orders.length]}/payments`,
            body: JSON.stringify({ method: 'card', token: context.token }),
          }),
        },
      ],
    });
    const perFlow = measured('payorders-card', store, config.logLevel, flows, child.takeProblems());
    return [create, { ...perFlow, reqPerSec: Math.round(perFlow.reqPerSec / 2), requests: Math.round(perFlow.requests / 2) }];
  });
}

async function benchPostgres(): Promise<Measured[]> {
  const admin = await openDb({ databaseUrl: config.databaseUrl, poolSize: 1 });
  const schemas: string[] = [];
  const newSchema = async () => {
    const schema = `bench_${randomBytes(5).toString('hex')}`;
    await admin.exec(`CREATE SCHEMA "${schema}"`);
    schemas.push(schema);
    return schema;
  };
  const dropAll = async () => {
    for (const schema of schemas.splice(0)) await admin.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  };
  cleanups.push(dropAll);
  try {
    const applicationName = `payorders_bench_${randomBytes(4).toString('hex')}`;
    const url = new URL(config.databaseUrl);
    url.searchParams.set('application_name', applicationName);
    const databaseUrl = url.toString();
    pgBackends = { admin, applicationName };
    const withSchema = (schema: string) => ({ DATABASE_URL: databaseUrl, PAYORDERS_DB_SCHEMA: schema });
    const results: Measured[] = [];
    if (config.parts.has('orders')) {
      const s1 = await newSchema();
      results.push(...(await benchPayorders('postgres', withSchema(s1), config.logLevel)));
      results.push(...(await benchBaseline('postgres', { BENCH_DATABASE_URL: databaseUrl, BENCH_SCHEMA: s1 })));
      if (config.infoPass && config.logLevel !== 'info') {
        const s2 = await newSchema();
        results.push(...(await benchPayorders('postgres', withSchema(s2), 'info')));
      }
    }
    if (config.parts.has('webhooks')) results.push(...(await benchWebhooks('postgres', withSchema(await newSchema()))));
    if (config.parts.has('sse')) results.push(...(await benchStreams('postgres', withSchema(await newSchema()))));
    if (config.parts.has('cards')) results.push(...(await benchCards('postgres', withSchema(await newSchema()))));
    if (config.parts.has('usdt')) results.push(...(await benchUsdt('postgres', async () => ({ BENCH_DATABASE_URL: databaseUrl, BENCH_SCHEMA: await newSchema() }))));
    if (config.parts.has('checkout')) results.push(...(await benchCheckout('postgres', withSchema(await newSchema()))));
    if (config.parts.has('ic')) results.push(...(await benchIc('postgres', withSchema(await newSchema()))));
    return results;
  } finally {
    pgBackends = null;
    await dropAll();
    await admin.close();
  }
}

async function benchPglite(): Promise<Measured[]> {
  const dir = mkdtempSync(join(tmpdir(), 'payorders-bench-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  cleanups.push(remove);
  try {
    const pglite = (name: string) => ({ DATABASE_URL: '', PAYORDERS_DB_SCHEMA: '', PAYORDERS_DATA_DIR: join(dir, name) });
    return [
      ...(config.parts.has('orders')
        ? [...(await benchPayorders('pglite', pglite('payorders'), config.logLevel)), ...(await benchBaseline('pglite', { BENCH_DATABASE_URL: '', BENCH_DATA_DIR: join(dir, 'baseline') }))]
        : []),
      ...(config.parts.has('webhooks') ? await benchWebhooks('pglite', pglite('webhooks')) : []),
      ...(config.parts.has('sse') ? await benchStreams('pglite', pglite('sse')) : []),
      ...(config.parts.has('cards') ? await benchCards('pglite', pglite('cards')) : []),
      ...(config.parts.has('usdt') ? await benchUsdt('pglite', async (name) => ({ BENCH_DATABASE_URL: '', BENCH_DATA_DIR: join(dir, name) })) : []),
      ...(config.parts.has('checkout') ? await benchCheckout('pglite', pglite('checkout')) : []),
      ...(config.parts.has('ic') ? await benchIc('pglite', pglite('ic')) : []),
    ];
  } finally {
    remove();
  }
}

// ---------------------------------------------------------------------------------------------------
// Report

interface Comparison {
  store: Store;
  logLevel: string;
  what: string;
  payorders: number;
  baseline: number;
  ratio: number;
  target: string | null;
  pass: boolean | null;
}

const TARGETS: Partial<Record<Scenario, { reference: Scenario; name: string; minRatio: number }>> = {
  'payorders-create': { reference: 'baseline-insert', name: 'create / baseline insert', minRatio: 0.7 },
  'payorders-get': { reference: 'baseline-select', name: 'get / baseline select', minRatio: 0.8 },
  'payorders-replay-one-key': { reference: 'payorders-get', name: 'replay, one key / get-order', minRatio: 0.5 },
  'payorders-replay-own-keys': { reference: 'payorders-get', name: 'replay, key per client / get-order', minRatio: 0.5 },
  'payorders-pix-create': { reference: 'payorders-create', name: 'Pix payment creation / create-order', minRatio: 0.6 },
  'payorders-pix-confirm': { reference: 'payorders-create', name: 'Pix confirmation / create-order', minRatio: 0.5 },
  'payorders-paybyrd-create': { reference: 'payorders-create', name: 'Paybyrd face create-order / create-order', minRatio: 0.8 },
  'payorders-glomopay-create': { reference: 'payorders-create', name: 'Glomopay face create-order / create-order', minRatio: 0.8 },
  'payorders-certopay-create': { reference: 'payorders-create', name: 'CertoPay face create-order / create-order', minRatio: 0.8 },
  // IC's create is an order and its FX-priced Pix payment in one call, against /v1's create-order alone (the issue's ratio).
  'payorders-ic-create': { reference: 'payorders-ic-v1-create', name: 'IC face create-order (order + Pix payment) / create-order', minRatio: 0.8 },
  'payorders-ic-tron-poll': { reference: 'payorders-ic-v1-get', name: 'IC face tron poll / get-order', minRatio: 0.8 },
  // Token and charge, settled at once, against the order it pays.
  'payorders-card': { reference: 'payorders-cards-create-order', name: 'card token → captured payment / create-order', minRatio: 0.5 },
  // Events scanned per second of a full pass: ten times the open addresses should cost little more.
  'payorders-usdt-watch-100k': { reference: 'payorders-usdt-watch-10k', name: 'USDT watcher pass, 100k open addresses / 10k', minRatio: 0.5 },
  // A payer's page is read like an order, with the merchant's look and the payments beside it.
  'payorders-checkout': { reference: 'payorders-checkout-get', name: 'checkout page renders / get-order', minRatio: 0.5 },
};

/** The goals for one watcher pass over 10,000 open addresses on this box. */
const WATCHER_GOALS = { passMs: 15_000, rssMb: 300 };

/**
 * Events leaving: measured against what was offered in the same run (the deliveries the orders created
 * called for; the pushes the changes called for, per second) and the latency goals (commit to
 * first attempt < 500 ms at 2,000 deliveries/s; commit to push within a second).
 */
const EVENT_TARGETS: Partial<Record<Scenario, { name: string; maxP99Ms: number }>> = {
  'payorders-webhooks': { name: 'webhook deliveries, 201 to first attempt', maxP99Ms: 500 },
  'payorders-sse': { name: `stream pushes (${SSE_STREAMS} streams), 200 to push`, maxP99Ms: 1000 },
};

function compare(results: Measured[]): Comparison[] {
  const out: Comparison[] = [];
  const find = (scenario: Scenario, store: Store, logLevel: string | null) =>
    results.find((r) => r.scenario === scenario && r.store === store && r.logLevel === logLevel);
  for (const p of results.filter((r) => r.scenario.startsWith('payorders-') && TARGETS[r.scenario])) {
    // A replay is a read: it is compared with get-order; Pix payments with create-order; create and get
    // with the minimal baselines.
    const target = TARGETS[p.scenario]!;
    const reference = find(target.reference, p.store, target.reference.startsWith('baseline-') ? null : p.logLevel);
    if (!reference) continue;
    const targeted = p.store === 'postgres' && p.logLevel === config.logLevel;
    const { name, minRatio } = target;
    const rps = p.reqPerSec / reference.reqPerSec;
    const p99 = p.latencyMs.p99 / Math.max(reference.latencyMs.p99, 1);
    out.push(
      { store: p.store, logLevel: p.logLevel!, what: `${name} req/s`, payorders: p.reqPerSec, baseline: reference.reqPerSec, ratio: rps, target: targeted ? `>= ${minRatio}` : null, pass: targeted ? rps >= minRatio : null },
      { store: p.store, logLevel: p.logLevel!, what: `${name} p99`, payorders: p.latencyMs.p99, baseline: reference.latencyMs.p99, ratio: p99, target: targeted ? '<= 2' : null, pass: targeted ? p99 <= 2 : null },
    );
  }
  for (const p of results.filter((r) => EVENT_TARGETS[r.scenario])) {
    const { name, maxP99Ms } = EVENT_TARGETS[p.scenario]!;
    const offered = p.offeredPerSec ?? 0;
    const targeted = p.store === 'postgres';
    const ratio = p.reqPerSec / Math.max(offered, 1);
    out.push(
      { store: p.store, logLevel: p.logLevel!, what: `${name} /s / offered`, payorders: p.reqPerSec, baseline: offered, ratio, target: targeted ? '>= 0.95' : null, pass: targeted ? ratio >= 0.95 : null },
      { store: p.store, logLevel: p.logLevel!, what: `${name} p99 ms / goal`, payorders: p.latencyMs.p99, baseline: maxP99Ms, ratio: p.latencyMs.p99 / maxP99Ms, target: targeted ? '<= 1' : null, pass: targeted ? p.latencyMs.p99 <= maxP99Ms : null },
    );
  }
  return out;
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function report(results: Measured[], comparisons: Comparison[]): boolean {
  console.log(
    `\nPayorders bench: ${config.connections} connections, ${config.warmupSeconds} s warmup + ${config.durationSeconds} s per scenario, ` +
      `${cpus().length} CPUs, Node ${process.version}\n`,
  );
  console.log(
    table(
      ['scenario', 'store', 'log', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'server CPU ms/req', 'PG backends CPU ms/req'],
      results.map((r) => [
        r.scenario,
        r.store,
        r.logLevel ?? '-',
        r.reqPerSec,
        r.latencyMs.p50,
        r.latencyMs.p99,
        r.non2xx,
        r.errors + r.timeouts,
        r.serverCpuMsPerReq ?? '-',
        r.dbCpuMsPerReq ?? '-',
      ]),
    ),
  );
  console.log('');
  console.log(
    table(
      ['ratio (Payorders / baseline)', 'store', 'log', 'Payorders', 'baseline', 'ratio', 'target', ''],
      comparisons.map((c) => [c.what, c.store, c.logLevel, c.payorders, c.baseline, c.ratio.toFixed(2), c.target ?? '-', c.pass === null ? '' : c.pass ? 'PASS' : 'MISS']),
    ),
  );
  for (const r of results.filter((m) => m.watcher)) {
    const w = r.watcher!;
    const goal = w.addresses === 10_000 ? ` (goals: < ${WATCHER_GOALS.passMs / 1000} s ${w.passMs < WATCHER_GOALS.passMs ? 'PASS' : 'MISS'}, < ${WATCHER_GOALS.rssMb} MB ${w.rssMb < WATCHER_GOALS.rssMb ? 'PASS' : 'MISS'})` : '';
    console.log(
      `USDT watcher, ${r.store}: ${w.addresses} open addresses, ${w.events} events in ${w.pages} pages over ${w.ticks} ticks, ${w.credited} credited: ` +
        `${(w.passMs / 1000).toFixed(1)} s (finding ${(w.discoverMs / 1000).toFixed(1)} s, crediting ${(w.confirmMs / 1000).toFixed(1)} s), peak RSS ${w.rssMb} MB (${w.rssBeforeMb} MB before the pass)${goal}`,
    );
  }
  const invalid = results.filter((r) => r.scenario.startsWith('payorders-') && (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0));
  if (invalid.length) {
    console.log('\n' + '!'.repeat(100));
    for (const r of invalid) {
      console.log(
        `!!! INVALID: ${r.scenario} on ${r.store} (log ${r.logLevel}) had ${r.non2xx} non-2xx responses, ${r.errors} errors, ` +
          `${r.timeouts} timeouts; status codes ${JSON.stringify(r.statusCodes)}. Its figures are not comparable.`,
      );
    }
    console.log('!'.repeat(100));
  }
  const baselineBad = results.filter((r) => r.scenario.startsWith('baseline-') && (r.non2xx > 0 || r.errors > 0));
  for (const r of baselineBad) console.log(`!!! ${r.scenario} on ${r.store}: ${r.non2xx} non-2xx, ${r.errors} errors ${JSON.stringify(r.statusCodes)}`);
  const problems = results.filter((r) => r.serverProblems > 0);
  for (const r of problems) {
    console.log(`note: Payorders logged ${r.serverProblems} warn/error lines during ${r.scenario} on ${r.store} (log ${r.logLevel}), e.g.:`);
    for (const line of r.serverProblemSamples) console.log(`  ${line.slice(0, 300)}`);
  }
  return invalid.length === 0 && baselineBad.length === 0;
}

// ---------------------------------------------------------------------------------------------------

async function cleanUp() {
  for (const proc of live) proc.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping servers and cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const startedAt = new Date();
const results: Measured[] = [];
try {
  for (const store of config.stores) {
    if (store === 'postgres') results.push(...(await benchPostgres()));
    else if (store === 'pglite') results.push(...(await benchPglite()));
    else throw new Error(`BENCH_STORES: unknown store "${store}"`);
  }
} finally {
  await cleanUp();
}

const comparisons = compare(results);
const valid = report(results, comparisons);
const out = join(BENCH_DIR, 'results', 'latest.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      startedAt,
      finishedAt: new Date(),
      valid,
      machine: { cpus: cpus().length, node: process.version },
      config: { ...config, databaseUrl: config.databaseUrl.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:****@') },
      results,
      comparisons,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nWrote ${out} (${Math.round((Date.now() - startedAt.getTime()) / 1000)} s)`);
if (!valid) process.exitCode = 1;
