/**
 * Child process for `npm run bench`: the floor Payorders is measured against. A bare Fastify app (no
 * logger, auth, metrics or idempotency) with two routes on an order-shaped table:
 *   POST /orders      one INSERT … RETURNING
 *   GET  /orders/:id  one SELECT by primary key
 * It opens its store with the repo's own `openDb`, so the driver setup is Payorders' own: node-postgres with
 * named prepared statements and a pool of 10 for PostgreSQL, PGlite (same parsers) for the embedded store.
 *
 * Env: BENCH_DATABASE_URL + BENCH_SCHEMA (PostgreSQL), or BENCH_DATA_DIR (PGlite); BENCH_MERCHANT_ID. Prints one JSON line
 * `{"bench":"ready","url":…,"merchantId":…}` on stdout and stops cleanly on SIGTERM.
 */
import Fastify from 'fastify';
import { uuidv7 } from '../src/domain/ids.js';
import { openDb } from '../src/store/db.js';

const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
const db = await openDb(
  databaseUrl ? { databaseUrl, schema: process.env.BENCH_SCHEMA } : { dataDir: process.env.BENCH_DATA_DIR ?? 'memory://' },
);

// The orders table's key and column types, cut down to the columns a minimal order needs.
await db.exec(`
CREATE TABLE IF NOT EXISTS baseline_orders (
  merchant_id uuid NOT NULL,
  order_id    uuid NOT NULL,
  amount      bigint NOT NULL CHECK (amount > 0),
  currency    text NOT NULL,
  status      text NOT NULL,
  metadata    jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, order_id)
)`);

/** Every row belongs to one merchant, as in the Payorders scenarios (the same one across restarts). */
const MERCHANT_ID = process.env.BENCH_MERCHANT_ID || uuidv7(Date.now());

interface Row {
  merchant_id: string;
  order_id: string;
  amount: string;
  currency: string;
  status: string;
  metadata: Record<string, string>;
  created_at: Date;
}

const view = (row: Row) => ({
  id: row.order_id,
  amount: Number(row.amount),
  currency: row.currency,
  status: row.status,
  metadata: row.metadata,
  created_at: row.created_at,
});

const app = Fastify({ logger: false });

app.post<{ Body: { amount: number; currency: string; metadata?: Record<string, string> } }>(
  '/orders',
  {
    schema: {
      body: {
        type: 'object',
        required: ['amount', 'currency'],
        properties: {
          amount: { type: 'integer', minimum: 1 },
          currency: { type: 'string', pattern: '^[A-Za-z]{3}$' },
          metadata: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
  },
  async (req, reply) => {
    const now = new Date();
    const [row] = await db.query<Row>(
      `INSERT INTO baseline_orders (merchant_id, order_id, amount, currency, status, metadata, created_at)
       VALUES ($1, $2, $3, $4, 'open', $5::text::jsonb, $6)
       RETURNING merchant_id, order_id, amount, currency, status, metadata, created_at`,
      [MERCHANT_ID, uuidv7(now.getTime()), req.body.amount, req.body.currency.toUpperCase(), JSON.stringify(req.body.metadata ?? {}), now],
    );
    return reply.code(201).send(view(row!));
  },
);

app.get<{ Params: { id: string } }>('/orders/:id', async (req, reply) => {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(req.params.id)) return reply.code(404).send({ error: 'not found' });
  const [row] = await db.query<Row>(
    `SELECT merchant_id, order_id, amount, currency, status, metadata, created_at FROM baseline_orders
     WHERE merchant_id = $1 AND order_id = $2`,
    [MERCHANT_ID, req.params.id],
  );
  return row ? view(row) : reply.code(404).send({ error: 'not found' });
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(`${JSON.stringify({ bench: 'ready', url: `http://127.0.0.1:${port}`, merchantId: MERCHANT_ID, store: db.kind })}\n`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void (async () => {
      await app.close();
      await db.close();
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
