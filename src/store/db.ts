import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite, types } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.js';

/** What every SQL module needs. Both the database and a transaction are Queryable. */
export interface Queryable {
  /** One statement, with parameters, prepared; returns its rows. */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** SQL text that may hold several statements (migrations); no parameters. */
  exec(sql: string): Promise<void>;
}

/** One SQL statement with its parameters, built before it runs. */
export interface Statement {
  text: string;
  params: unknown[];
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** How many statements can run at once: the pool's size, or 1 for PGlite. */
  readonly connections: number;
  /** Runs `work` in one transaction (READ COMMITTED); commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** `postgres://…` for a server; otherwise the embedded PGlite store. */
  databaseUrl?: string;
  /** PGlite data directory; `memory://` keeps nothing. */
  dataDir?: string;
  /** PostgreSQL schema to work in (created when missing); tests use one per file. */
  schema?: string;
  poolSize?: number;
}

/** The store a configuration names: PostgreSQL when DATABASE_URL is set, else PGlite under the data dir. */
export async function openConfiguredDb(config: { databaseUrl?: string; dataDir: string; dbSchema?: string }): Promise<Db> {
  return openDb({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pglite'), schema: config.dbSchema });
}

export async function openDb(options: DbOptions): Promise<Db> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPglite(options.dataDir ?? 'memory://');
}

const MAX_PREPARED_STATEMENTS = 200;

async function openPostgres(url: string, options: DbOptions): Promise<Db> {
  const schema = options.schema?.replaceAll('"', '');
  const connections = options.poolSize ?? 10;
  const pool = new pg.Pool({
    connectionString: url,
    max: connections,
    application_name: 'payorders',
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  });
  // An idle connection that breaks is dropped and replaced on the next query; it must not crash the process.
  pool.on('error', () => {});
  if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  // Each distinct SQL text gets one prepared-statement name, so every connection plans it once. Grouped
  // inserts vary with their row counts, so the names are bounded: texts seen past the bound run unnamed
  // (parsed and planned each time) rather than fill every backend with plans.
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name && names.size < MAX_PREPARED_STATEMENTS) names.set(text, (name = `s${names.size}`));
    return name;
  };
  const run = (client: pg.Pool | pg.PoolClient): Queryable => ({
    query: async <Row>(text: string, params: readonly unknown[] = []) =>
      (await client.query({ text, values: params as unknown[], name: nameOf(text) })).rows as Row[],
    exec: async (text) => {
      await client.query(text);
    },
  });
  return {
    kind: 'postgres',
    connections,
    ...run(pool),
    transaction: async (work) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(run(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string): Promise<Db> {
  let unlock = () => {};
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  // int8 arrives as a string on every driver: money never passes through a float or a BigInt in JSON.
  const pg = await PGlite.create(dataDir, { parsers: { [types.INT8]: (value: string) => value } });
  const run = (client: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    query: async <Row>(text: string, params: readonly unknown[] = []) =>
      (await client.query<Row>(text, params as unknown[])).rows,
    exec: async (text) => {
      await client.exec(text);
    },
  });
  return {
    kind: 'pglite',
    connections: 1,
    ...run(pg),
    transaction: (work) => pg.transaction((tx) => work(run(tx))),
    close: async () => {
      await pg.close();
      unlock();
    },
  };
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}
