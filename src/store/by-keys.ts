/**
 * The FROM clause that reads many rows of `table` by primary key in one statement: the keys arrive as typed
 * arrays through unnest (`$1`, `$2`, … in `key` order), and each wanted key finds its row through a LATERAL
 * subquery with LIMIT 1, exposed as `alias`.
 *
 * Why not a plain join: the driver prepares every statement, and after five runs PostgreSQL may keep a
 * generic plan. A join planned while the table was still small is a hash join over a sequential scan, and a
 * table never analyzed yet never invalidates it: measured, the Idempotency-Key lookup scanned the whole
 * table on every create as it grew. Per key, the planner's only sensible path is the primary key's index.
 * With `lock`, each row is locked as its key is reached, so the rows are locked in the arrays' order.
 */
export function byKeys(table: string, alias: string, key: ReadonlyArray<readonly [column: string, type: string]>, lock: 'FOR UPDATE' | '' = ''): string {
  const arrays = key.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const columns = key.map(([column]) => column).join(', ');
  const matches = key.map(([column]) => `${alias}.${column} = wanted.${column}`).join(' AND ');
  return `unnest(${arrays}) AS wanted (${columns}) CROSS JOIN LATERAL (SELECT * FROM ${table} ${alias} WHERE ${matches} LIMIT 1${lock ? ` ${lock}` : ''}) ${alias}`;
}

/** A PostgreSQL array literal of `values`, each quoted, for byKeys' arrays (the same text on both drivers). */
export const arrayLiteral = (values: readonly unknown[]) => `{${values.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
