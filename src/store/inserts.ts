import { batchedPerDb } from './batcher.js';
import { isDb, type Queryable, type Statement } from './db.js';

/**
 * One row to insert: column name → value as the driver sends it. JSON columns take their JSON text (both
 * drivers pass a string through to a json/jsonb parameter as it is); timestamps take ISO 8601 strings.
 */
export interface TableRow {
  table: string;
  row: Record<string, unknown>;
}

/**
 * One statement that inserts every row: a multi-row INSERT … VALUES per table, chained with WITH, so
 * that all the rows are written or none: one INSERT per table and set of columns (a new order's row has
 * fewer than one written as a payment left it). Tables go in name order, so writes of one shape always
 * make the same text (one prepared statement).
 */
export function insertStatement(rows: readonly TableRow[]): Statement {
  return writeStatement([], rows);
}

/**
 * insertStatement, with other writes before the inserts (a change's UPDATEs, each written with its own
 * $1, $2, …) in the same statement: one round trip, one snapshot, all or nothing. The writes must touch
 * rows none of the others reads, since within one statement no part sees another's changes.
 */
export function writeStatement(updates: readonly Statement[], rows: readonly TableRow[]): Statement {
  const params: unknown[] = [];
  const parts = updates.map(({ text, params: own }) => {
    const offset = params.length;
    params.push(...own);
    return text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  });
  const byShape = new Map<string, { table: string; columns: string[]; rows: Array<Record<string, unknown>> }>();
  for (const { table, row } of rows) {
    const columns = Object.keys(row);
    const shape = `${table}(${columns.join(',')})`;
    const same = byShape.get(shape);
    if (same) same.rows.push(row);
    else byShape.set(shape, { table, columns, rows: [row] });
  }
  for (const [, { table, columns, rows: tableRows }] of [...byShape].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const tuples = tableRows.map((row) => `(${columns.map((column) => `$${params.push(row[column])}`).join(', ')})`);
    parts.push(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`);
  }
  const last = parts.pop()!;
  const text = parts.length ? `WITH ${parts.map((part, i) => `write_${i} AS (${part})`).join(',\n')}\n${last}` : last;
  return { text, params };
}

/**
 * Inserts one write's rows, all or none. Writes submitted at the same time on one Db go to the database
 * together as one statement (see Batcher); when that statement fails, each write is retried alone, so a
 * write fails only for its own rows (a taken Idempotency-Key, say), with that error.
 */
export const insertRows = batchedPerDb<readonly TableRow[], void>(async (db, writes) => {
  const { text, params } = insertStatement(writes.flat());
  await db.query(text, params);
  return writes.map(() => undefined);
});

/** insertRows on the database itself (shared with the inserts submitted at the same time); in a transaction, its own statement there. */
export async function insertRowsIn(db: Queryable, rows: readonly TableRow[]): Promise<void> {
  if (isDb(db)) return insertRows(db, rows);
  const { text, params } = insertStatement(rows);
  await db.query(text, params);
}

