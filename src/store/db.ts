import { accessSync, chmodSync, constants, existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite, types } from '@electric-sql/pglite';
import { databaseAddress } from '../config.js';
import { lockDataDir, type DataDirHolder } from './data-dir-lock.js';

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
  /** Connections open, idle, and requests waiting for one (PGlite: its one connection, which queues inside). */
  pool(): { total: number; idle: number; waiting: number };
  /** From now on `observer` is told each statement's duration in seconds (the metrics' query timings). */
  observeStatements(observer: (seconds: number) => void): void;
  /** The embedded store's whole data directory as a gzipped tarball, consistent (queries wait meanwhile); null on PostgreSQL. */
  snapshot(): Promise<Uint8Array | null>;
  /**
   * Calls `onNotify` after each committed transaction that sent a NOTIFY on `channel` in this store's schema
   * (see SCHEMA_CHANNEL), from any node, and once more whenever the listening connection is (re)established,
   * since what was sent while it was down is lost: listeners take a call as "look again", never as the only
   * news. Returns the unlisten.
   */
  listen(channel: string, onNotify: () => void): () => void;
}

/** Runs `operation` and tells `observe` how long it took, failed or not. */
async function timed<T>(observe: ((seconds: number) => void) | undefined, operation: () => Promise<T>): Promise<T> {
  if (!observe) return operation();
  const started = performance.now();
  try {
    return await operation();
  } finally {
    observe((performance.now() - started) / 1000);
  }
}

export interface DbOptions {
  /** `postgres://…` for a server; otherwise the embedded PGlite store. */
  databaseUrl?: string;
  /** PGlite data directory; `memory://` keeps nothing. */
  dataDir?: string;
  /** PostgreSQL schema to work in (created when missing); tests use one per file. */
  schema?: string;
  poolSize?: number;
  /** How long to wait for a PostgreSQL server that cannot be reached yet (0: fail at once). */
  connectWaitMs?: number;
  /** Told about each failed attempt while waiting, with the next one's delay. */
  onUnreachable?: (error: DatabaseUnreachableError, retryInMs: number) => void;
}

/** The embedded store's own directory inside the data dir. */
export const pgliteDir = (dataDir: string) => join(dataDir, 'pglite');

/**
 * The store a configuration names: PostgreSQL when DATABASE_URL is set, else PGlite under the data dir,
 * locked for `role` (a server, or a CLI run) while it is open.
 */
export async function openConfiguredDb(
  config: { databaseUrl?: string; dataDir: string; dbSchema?: string; pgliteSharedBuffers?: string },
  role: DataDirHolder['role'] = 'cli',
  wait: Pick<DbOptions, 'connectWaitMs' | 'onUnreachable'> = {},
): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, { schema: config.dbSchema, ...wait });
  // Beside the store, the data dir holds the admin socket: the whole of it is made the owner's alone.
  return openPglite(pgliteDir(config.dataDir), { privateDir: config.dataDir, role, sharedBuffers: config.pgliteSharedBuffers });
}

/**
 * Makes the embedded store of a configuration from a snapshot (Db.snapshot). Only where there is none yet:
 * an existing store is never overwritten. Holds the data directory's lock meanwhile, so no server runs on it.
 */
export async function restoreConfiguredDb(config: { dataDir: string; pgliteSharedBuffers?: string }, archive: Uint8Array): Promise<void> {
  if (existsSync(join(pgliteDir(config.dataDir), 'PG_VERSION'))) {
    throw new Error(`there is already an embedded store in ${config.dataDir} (PAYORDERS_DATA_DIR): restore into an empty data directory`);
  }
  const db = await openPglite(pgliteDir(config.dataDir), { privateDir: config.dataDir, role: 'cli', sharedBuffers: config.pgliteSharedBuffers, restoreFrom: archive });
  await db.close();
}

/** The data directory cannot be created or written: said in one sentence, not a stack. */
export class DataDirError extends Error {
  constructor(dataDir: string, cause: NodeJS.ErrnoException) {
    const reason = {
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EROFS: 'the file system is read-only',
      ENOSPC: 'no space left',
      ENOTDIR: 'part of its path is a file',
    }[
      cause.code ?? ''
    ];
    super(`cannot write the data directory ${dataDir} (PAYORDERS_DATA_DIR): ${reason ?? cause.code ?? cause.message}`);
    this.name = 'DataDirError';
  }
}

const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENOTDIR']);

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
  try {
    await reachable(pool, url, options);
    if (schema) await sanitized(() => pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`));
  } catch (error) {
    await pool.end();
    throw error;
  }
  // Each distinct SQL text gets one prepared-statement name, so every connection plans it once. Grouped
  // inserts vary with their row counts, so the names are bounded: texts seen past the bound run unnamed
  // (parsed and planned each time) rather than fill every backend with plans.
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name && names.size < MAX_PREPARED_STATEMENTS) names.set(text, (name = `s${names.size}`));
    return name;
  };
  let observer: ((seconds: number) => void) | undefined;
  const run = (client: pg.Pool | pg.PoolClient): Queryable => ({
    query: <Row>(text: string, params: readonly unknown[] = []) =>
      timed(observer, () => sanitized(async () => (await client.query({ text, values: params as unknown[], name: nameOf(text) })).rows as Row[])),
    exec: (text) =>
      sanitized(async () => {
        await client.query(text);
      }),
  });
  const notifications = new Notifications((channel) => postgresListener(url, schema, channel));
  return {
    kind: 'postgres',
    connections,
    listen: (channel, onNotify) => notifications.listen(channel, onNotify),
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    snapshot: async () => null,
    observeStatements: (observe) => (observer = observe),
    ...run(pool),
    transaction: async (work) => {
      const client = await sanitized(() => pool.connect());
      const tx = run(client);
      let broken: Error | undefined;
      try {
        await tx.exec('BEGIN');
        const result = await work(tx);
        await tx.exec('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: async () => {
      notifications.close();
      await pool.end();
    },
  };
}

/** A connection that LISTENs on one channel; `close` ends it. */
interface ChannelListener {
  close(): void;
}

type OpenListener = (channel: string) => (onNotify: () => void, onBroken: () => void) => Promise<ChannelListener>;

/**
 * The listeners of one store, per channel: one listening connection per channel while anyone listens on
 * it, opened again with backoff after it breaks (listeners fall back on their polling meanwhile).
 */
class Notifications {
  private readonly channels = new Map<string, { listeners: Set<() => void>; connection: ChannelListener | null; retry: NodeJS.Timeout | null }>();
  private closed = false;

  constructor(private readonly open: OpenListener) {}

  listen(channel: string, onNotify: () => void): () => void {
    let entry = this.channels.get(channel);
    if (!entry) {
      entry = { listeners: new Set(), connection: null, retry: null };
      this.channels.set(channel, entry);
      this.connect(channel, FIRST_RETRY_MS);
    }
    entry.listeners.add(onNotify);
    return () => {
      entry.listeners.delete(onNotify);
      if (entry.listeners.size > 0 || this.channels.get(channel) !== entry) return;
      this.channels.delete(channel);
      this.end(entry);
    };
  }

  close(): void {
    this.closed = true;
    for (const entry of this.channels.values()) this.end(entry);
    this.channels.clear();
  }

  private end(entry: { connection: ChannelListener | null; retry: NodeJS.Timeout | null }): void {
    if (entry.retry) clearTimeout(entry.retry);
    entry.connection?.close();
    entry.connection = null;
  }

  private connect(channel: string, delayMs: number): void {
    const entry = this.channels.get(channel);
    if (!entry || this.closed) return;
    const tell = () => entry.listeners.forEach((listener) => listener());
    const again = () => {
      if (this.channels.get(channel) !== entry) return;
      entry.connection = null;
      entry.retry = setTimeout(() => this.connect(channel, Math.min(delayMs * 2, MAX_RETRY_MS)), delayMs);
      entry.retry.unref();
    };
    this.open(channel)(tell, again).then(
      (connection) => {
        if (this.channels.get(channel) !== entry || this.closed) return connection.close();
        entry.connection = connection;
        tell();
      },
      again,
    );
  }
}

/**
 * The channel a store's notifications go on: NOTIFY is database-wide, so the name carries the schema, hashed
 * to stay within a channel name's 63 bytes. The triggers that notify compute the same (migration 0030).
 */
const SCHEMA_CHANNEL = `SELECT $1::text || '_' || left(md5(current_schema()), 16) AS name`;

function postgresListener(url: string, schema: string | undefined, channel: string) {
  return async (onNotify: () => void, onBroken: () => void): Promise<ChannelListener> => {
    const client = new pg.Client({ connectionString: url, application_name: 'payorders-listen', ...(schema ? { options: `-c search_path="${schema}"` } : {}) });
    let closing = false;
    let name = '';
    client.on('error', () => {});
    client.on('end', () => closing || onBroken());
    client.on('notification', (message) => message.channel === name && onNotify());
    try {
      await client.connect();
      name = (await client.query<{ name: string }>(SCHEMA_CHANNEL, [channel])).rows[0]!.name;
      await client.query(`LISTEN "${name}"`);
    } catch (error) {
      closing = true;
      void client.end().catch(() => {});
      throw error;
    }
    return {
      close: () => {
        closing = true;
        void client.end().catch(() => {});
      },
    };
  };
}

/** The server could not be reached: `cannot reach PostgreSQL at host:5432 from DATABASE_URL: connection refused`. */
export class DatabaseUnreachableError extends Error {
  constructor(
    address: string,
    reason: string,
    /** Worth trying again: the server may be starting (compose, systemd); a refused password is not. */
    readonly transient: boolean,
  ) {
    super(`cannot reach PostgreSQL at ${address} from DATABASE_URL: ${reason}`);
    this.name = 'DatabaseUnreachableError';
  }
}

/** What each failure to connect means, and whether waiting can help. */
const CONNECT_FAILURES: Record<string, [reason: string, transient: boolean]> = {
  ECONNREFUSED: ['connection refused', true],
  ECONNRESET: ['connection reset', true],
  ETIMEDOUT: ['connection timed out', true],
  EHOSTUNREACH: ['host unreachable', true],
  ENETUNREACH: ['network unreachable', true],
  ENOTFOUND: ['host name not found', true],
  EAI_AGAIN: ['host name lookup failed', true],
  ENOENT: ['no Unix socket there', true],
  '57P03': ['the server is starting up', true],
  '3D000': ['the database does not exist', true],
  '28P01': ['password authentication failed', false],
  '28000': ['the server refused this user', false],
};

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;

/** One query, retried with backoff while the failure is one that waiting can cure, for at most `connectWaitMs`. */
async function reachable(pool: pg.Pool, url: string, options: DbOptions): Promise<void> {
  const deadline = Date.now() + (options.connectWaitMs ?? 0);
  const address = databaseAddress(url);
  for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, MAX_RETRY_MS)) {
    try {
      await pool.query('SELECT 1');
      return;
    } catch (error) {
      const failure = toDatabaseError(error);
      const [reason, transient] = CONNECT_FAILURES[failure.code ?? ''] ?? [failure.message, false];
      const unreachable = new DatabaseUnreachableError(address, reason, transient);
      const wait = Math.min(delay, deadline - Date.now());
      if (!transient || wait <= 0) throw unreachable;
      options.onUnreachable?.(unreachable, wait);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** `privateDir`, the data dir or a directory holding it, is made owner-only (see ownerOnly). */
/**
 * The embedded store's buffer pool. PostgreSQL's default, 128MB, lives in PGlite's WebAssembly memory, which
 * grows as pages are cached and never shrinks: it was the part of the embedded store's memory that grows with
 * the data. Pages it does not hold are read from the files through the OS page cache, which is not the
 * process's memory. PGlite alone on a 58–145 MB table: 314–328 MB RSS at 128MB, 219 MB at 32MB, 182 MB at 16MB.
 */
export const PGLITE_SHARED_BUFFERS = '16MB';

async function openPglite(
  dataDir: string,
  options: { privateDir?: string; role?: DataDirHolder['role']; sharedBuffers?: string; restoreFrom?: Uint8Array } = {},
): Promise<Db> {
  const privateDir = options.privateDir ?? dataDir;
  const onDisk = !dataDir.startsWith('memory://');
  let unlock = async () => {};
  let pg: PGlite;
  try {
    if (onDisk) {
      process.umask(process.umask(0o077) | 0o077); // for the life of the process: see ownerOnly
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      accessSync(dataDir, constants.W_OK);
      const lock = await lockDataDir(dataDir, options.role ?? 'cli');
      unlock = lock.release;
    }
    try {
      // int8 arrives as a string on every driver: money never passes through a float or a BigInt in JSON.
      pg = await PGlite.create(dataDir, {
        parsers: { [types.INT8]: (value: string) => value },
        startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffers ?? PGLITE_SHARED_BUFFERS}`],
        ...(options.restoreFrom ? { loadDataDir: new Blob([options.restoreFrom]) } : {}),
      });
    } catch (error) {
      await unlock();
      throw error;
    }
    // After the open: a new store is unpacked from PGlite's template and chmod-ed 0666, whatever the umask.
    if (onDisk) ownerOnly(privateDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code && UNWRITABLE.has(code)) throw new DataDirError(privateDir, error as NodeJS.ErrnoException);
    throw error;
  }
  // The embedded store is this process's alone: its notifications come from its own commits.
  const notifications = new Notifications((channel) => async (onNotify) => {
    const { name } = (await pg.query<{ name: string }>(SCHEMA_CHANNEL, [channel])).rows[0]!;
    const unlisten = await pg.listen(name, onNotify);
    return { close: () => void unlisten().catch(() => {}) };
  });
  let observer: ((seconds: number) => void) | undefined;
  const run = (client: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    query: <Row>(text: string, params: readonly unknown[] = []) =>
      timed(observer, () => sanitized(async () => (await client.query<Row>(text, params as unknown[])).rows)),
    exec: (text) =>
      sanitized(async () => {
        await client.exec(text);
      }),
  });
  return {
    kind: 'pglite',
    connections: 1,
    pool: () => ({ total: 1, idle: 1, waiting: 0 }),
    snapshot: async () => new Uint8Array(await (await pg.dumpDataDir('gzip')).arrayBuffer()),
    observeStatements: (observe) => (observer = observe),
    ...run(pg),
    transaction: async (work) => {
      // What `work` throws passes as it is (an AppError, or a DatabaseError from `tx`); anything else
      // came from the driver's BEGIN, COMMIT or ROLLBACK.
      let thrownByWork: unknown;
      try {
        return await pg.transaction((tx) =>
          work(run(tx)).catch((error: unknown) => {
            thrownByWork = error;
            throw error;
          }),
        );
      } catch (error) {
        throw error === thrownByWork ? error : toDatabaseError(error);
      }
    },
    listen: (channel, onNotify) => notifications.listen(channel, onNotify),
    close: async () => {
      notifications.close();
      await pg.close();
      await unlock();
    },
  };
}

/**
 * The embedded store's files hold customers' names, emails and tax ids in clear (the WAL, the heap), and
 * the data dir holds generated secrets, so none of it may be readable by other users of the machine. PGlite
 * creates files with whatever the umask lets through, so openPglite tightens the process's umask for good
 * (PostgreSQL keeps creating WAL segments and relation files while it runs, and secrets are generated after
 * the open), and this brings what is already there, from PGlite's template or an older start, to
 * directories 0700 and files 0600.
 */
function ownerOnly(dir: string): void {
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    const mode = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777) !== mode) chmodSync(path, mode);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
}

/**
 * Every failure that leaves the store. The drivers' own errors carry values: PGlite's the statement's text
 * and every parameter, both drivers' the server's `detail` ("Key (email)=(ana@…) already exists"), `where`
 * ("portal parameter $1 = '…'") and messages that quote the input (`invalid input syntax for type uuid:
 * "…"`); thrown on, they reach the error log whole. This one keeps what callers branch on and operators
 * look up, none of which can hold a value: the SQLSTATE, the constraint and the table.
 */
export class DatabaseError extends Error {
  /** The SQLSTATE; for a server that could not be reached, the system error code (ECONNREFUSED). */
  readonly code: string | undefined;
  readonly constraint: string | undefined;
  readonly table: string | undefined;

  constructor(message: string, fields: { code?: string; constraint?: string; table?: string } = {}) {
    super(message);
    this.name = 'DatabaseError';
    this.code = fields.code;
    this.constraint = fields.constraint;
    this.table = fields.table;
  }
}

/** SQLSTATE classes, for a message an operator can read without looking the code up. */
const SQLSTATE_CLASSES: Record<string, string> = {
  '08': 'connection exception',
  '0A': 'feature not supported',
  '22': 'data exception',
  '23': 'integrity constraint violation',
  '25': 'invalid transaction state',
  '28': 'invalid authorization specification',
  '3D': 'invalid catalog name',
  '3F': 'invalid schema name',
  '40': 'transaction rollback',
  '42': 'syntax error or access rule violation',
  '53': 'insufficient resources',
  '54': 'program limit exceeded',
  '55': 'object not in prerequisite state',
  '57': 'operator intervention',
  '58': 'system error',
  P0: 'PL/pgSQL error',
  XX: 'internal error',
};

/** node-postgres's own messages that are fixed text, kept because they say what broke. */
const FIXED_DRIVER_MESSAGES = new Set([
  'Connection terminated',
  'Connection terminated unexpectedly',
  'timeout exceeded when trying to connect',
  'Query read timeout',
]);

function toDatabaseError(error: unknown): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const e = (error ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof e[key] === 'string' ? (e[key] as string) : undefined);
  const code = text('code');
  // Both drivers' server errors carry a severity; Node's socket errors a syscall.
  if (text('severity') && code && /^[0-9A-Z]{5}$/.test(code)) {
    const table = text('table');
    const constraint = text('constraint');
    const where = `${table ? ` on table ${table}` : ''}${constraint ? `${table ? ',' : ' on'} constraint ${constraint}` : ''}`;
    return new DatabaseError(`${SQLSTATE_CLASSES[code.slice(0, 2)] ?? 'database error'} (SQLSTATE ${code})${where}`, { code, constraint, table });
  }
  if (text('syscall') && code && /^E[A-Z0-9_]+$/.test(code)) {
    return new DatabaseError(`cannot reach the database (${text('syscall')} ${code})`, { code });
  }
  const message = text('message');
  if (message && FIXED_DRIVER_MESSAGES.has(message)) return new DatabaseError(message);
  return new DatabaseError(`the database driver failed (${error instanceof Error ? error.name : typeof error})`);
}

async function sanitized<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toDatabaseError(error);
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof DatabaseError && error.code === '23505';
}

/** Whether `db` is the store itself (statements of concurrent requests may share a round trip), not a transaction. */
export const isDb = (db: Queryable): db is Db => typeof (db as Partial<Db>).transaction === 'function';
