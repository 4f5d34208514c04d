import { Batcher } from './batcher.js';
import type { Db, Queryable, Statement } from './db.js';
import { writeStatement, type TableRow } from './inserts.js';

/**
 * A transaction that concurrent writes share (see groupCommit). What a write defers is written with the
 * others' in the one statement that ends the group; what it queries runs at once, after its own deferred
 * writes, so a write always sees what it wrote.
 */
export interface SharedTx extends Queryable {
  /** Whether other writes are in the group: if the final statement fails, it fails them too, and each runs again alone. */
  readonly shared: boolean;
  defer(updates: readonly Statement[], rows: readonly TableRow[]): void;
}

export function isSharedTx(tx: Queryable): tx is SharedTx {
  return typeof (tx as Partial<SharedTx>).defer === 'function';
}

/** One write of a group: what it locks, and what it does once that is locked. */
export interface GroupedWrite<Key, Locked, Out> {
  key: Key;
  work(tx: SharedTx, locked: Locked | null): Promise<Out>;
}

/** Runs a write in the group of the writes submitted on the same Db at the same time. */
export type WriteGroup<Key, Locked> = <Out>(db: Db, write: GroupedWrite<Key, Locked, Out>) => Promise<Out>;

export interface WriteGroupSpec<Key, Locked> {
  /** Locks the rows of every key in one statement, in key order (so groups queue instead of deadlocking); null for a key with none. */
  lock(tx: Queryable, keys: Key[]): Promise<Array<Locked | null>>;
  /** What two writes of one group must not share (an order's row): the second waits for the next group. */
  exclusive(locked: Locked): string;
}

type Outcome<Out> = { ok: Out } | { error: unknown } | { again: true };

/**
 * Group commit for writes that lock a row and change it: the writes that arrive together run in one
 * transaction, whose rows are locked in one statement and whose changes are written in one more, instead of
 * each paying BEGIN, its lock, its write and COMMIT (a payment's creation or confirmation: four round trips
 * and a commit each, against one shared statement for creating an order).
 *
 * A write that refuses before it queried anything (the order is no longer payable) fails alone and the
 * others go on. A write that fails after it queried, or a final statement that fails, rolls the group back
 * and each write is run again alone (see Batcher), so each gets its own outcome.
 */
export function groupCommit<Key, Locked>(spec: WriteGroupSpec<Key, Locked>): WriteGroup<Key, Locked> {
  const batchers = new WeakMap<Db, Batcher<GroupedWrite<Key, Locked, unknown>, Outcome<unknown>>>();
  const runGroup = async (db: Db, writes: Array<GroupedWrite<Key, Locked, unknown>>) => {
    const tx = new LazyTransaction(db);
    try {
      const locked = await spec.lock(tx, writes.map((w) => w.key));
      const taken = new Set<string>();
      const deferred = { updates: [] as Statement[], rows: [] as TableRow[] };
      const outcomes: Array<Outcome<unknown>> = [];
      for (const [i, write] of writes.entries()) {
        const rows = locked[i] ?? null;
        const exclusive = rows && spec.exclusive(rows);
        if (exclusive !== null && taken.has(exclusive)) {
          outcomes.push({ again: true });
          continue;
        }
        if (exclusive !== null) taken.add(exclusive);
        const own = new WriteOfGroup(tx, writes.length > 1);
        try {
          outcomes.push({ ok: await write.work(own, rows) });
        } catch (error) {
          if (own.queried) throw error;
          outcomes.push({ error });
          continue;
        }
        for (const last of await own.flush(1)) {
          deferred.updates.push(...last.updates);
          deferred.rows.push(...last.rows);
        }
      }
      await tx.commit(deferred.updates.length > 0 || deferred.rows.length > 0 ? writeStatement(deferred.updates, deferred.rows) : null);
      return outcomes;
    } catch (error) {
      await tx.rollback(error);
      throw error;
    }
  };
  return async <Out>(db: Db, write: GroupedWrite<Key, Locked, Out>): Promise<Out> => {
    let batcher = batchers.get(db);
    if (!batcher) batchers.set(db, (batcher = new Batcher((writes) => runGroup(db, writes), Math.max(1, Math.floor(db.connections / 2)))));
    for (;;) {
      const outcome = await batcher.submit(write as GroupedWrite<Key, Locked, unknown>);
      if ('ok' in outcome) return outcome.ok as Out;
      if ('error' in outcome) throw outcome.error;
    }
  };
}

/**
 * The group's transaction, begun by its first query: a group whose writes only defer theirs (new orders
 * with their payments: nothing to lock, nothing to read) ends in its one statement, atomic on its own, so
 * it pays neither BEGIN nor COMMIT.
 */
class LazyTransaction implements Queryable {
  private opened: Promise<Queryable> | null = null;
  private settled: Promise<unknown> | null = null;
  private finish: ((error?: unknown) => void) | null = null;

  constructor(private readonly db: Db) {}

  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]> {
    return this.begin().then((tx) => tx.query<Row>(text, params));
  }

  exec(sql: string): Promise<void> {
    return this.begin().then((tx) => tx.exec(sql));
  }

  /** Runs the group's last statement (alone when nothing began the transaction) and commits. */
  async commit(last: Statement | null): Promise<void> {
    if (!this.opened) {
      if (last) await this.db.query(last.text, last.params);
      return;
    }
    if (last) await this.query(last.text, last.params);
    const settled = this.settled!;
    this.finish!();
    this.finish = null;
    await settled;
  }

  /** Rolls back what began, if it began and is not over. */
  async rollback(error: unknown): Promise<void> {
    if (!this.opened) return;
    await this.opened.catch(() => undefined);
    this.finish?.(error);
    this.finish = null;
    await this.settled?.catch(() => undefined);
  }

  private begin(): Promise<Queryable> {
    this.opened ??= new Promise<Queryable>((begun, failed) => {
      this.settled = this.db.transaction(
        (tx) =>
          new Promise<void>((commit, abort) => {
            this.finish = (error) => (error === undefined ? commit() : abort(error));
            begun(tx);
          }),
      );
      this.settled.catch(failed);
    });
    return this.opened;
  }
}

/**
 * One write's view of the group's transaction: its deferred changes, and whether it queried. One statement
 * cannot change a row twice, nor update a row it inserts (no part of it sees another's changes), so changes
 * that update rows start a new statement after the write's earlier ones, unless those wrote only other
 * tables (the sandbox's charge and a provider's event id before the payment's update); only the last goes
 * in the group's, the others run first.
 */
class WriteOfGroup implements SharedTx {
  private readonly statements: Array<{ updates: Statement[]; rows: TableRow[] }> = [];
  queried = false;

  constructor(
    private readonly tx: Queryable,
    readonly shared: boolean,
  ) {}

  defer(updates: readonly Statement[], rows: readonly TableRow[]): void {
    const last = this.statements.at(-1);
    if (last && (updates.length === 0 || updates.every((u) => touchesNoneOf(u, last)))) {
      last.updates.push(...updates);
      last.rows.push(...rows);
    } else this.statements.push({ updates: [...updates], rows: [...rows] });
  }

  async query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]> {
    this.queried = true;
    await this.flush(0);
    return this.tx.query<Row>(text, params);
  }

  async exec(sql: string): Promise<void> {
    this.queried = true;
    await this.flush(0);
    await this.tx.exec(sql);
  }

  /** Runs all but the `keep` last of the write's statements, and answers those (for the group's statement). */
  async flush(keep: number): Promise<Array<{ updates: Statement[]; rows: TableRow[] }>> {
    const kept = this.statements.splice(Math.max(0, this.statements.length - keep));
    for (const { updates, rows } of this.statements.splice(0)) {
      const { text, params } = writeStatement(updates, rows);
      await this.tx.query(text, params);
    }
    return kept;
  }
}

/** Whether `update` (an UPDATE of one table) changes none of the tables `earlier` writes; anything else may. */
function touchesNoneOf(update: Statement, earlier: { updates: readonly Statement[]; rows: readonly TableRow[] }): boolean {
  const table = updatedTable(update);
  return table !== undefined && earlier.rows.every((r) => r.table !== table) && earlier.updates.every((u) => updatedTable(u) !== undefined && updatedTable(u) !== table);
}

const updatedTable = (update: Statement) => /^\s*UPDATE\s+(\w+)/i.exec(update.text)?.[1];
