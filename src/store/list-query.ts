import type { Queryable } from './db.js';
import { queryJsonRows, rowJson } from './json-rows.js';

/** Cursor page of a list: ids are UUIDv7, so id order is creation order. */
export interface Page {
  /** Newest first; `after` pages towards older rows, `before` towards newer ones. */
  after?: string;
  before?: string;
  limit: number;
}

/** A filter: SQL with one `?` for its value, or nothing when the caller did not ask for it. */
export type Condition = readonly [clause: string, value: unknown] | false | undefined | null | '' | 0;

/**
 * Builds one list statement: the conditions that are set, the cursor, and limit + 1 rows so the caller
 * can tell whether there are more. Rows come newest first, except when paging with `before` alone,
 * which walks towards newer rows and returns them oldest first (see `pageOf`).
 */
export function listStatement(select: string, idColumn: string, conditions: Condition[], page: Page): { text: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const all: Condition[] = [...conditions, page.after && [`${idColumn} < ?`, page.after], page.before && [`${idColumn} > ?`, page.before]];
  for (const condition of all) {
    if (!condition) continue;
    params.push(condition[1]);
    where.push(condition[0].replace('?', `$${params.length}`));
  }
  params.push(page.limit + 1);
  const direction = walksBackwards(page) ? 'ASC' : 'DESC';
  return {
    text: `${select} WHERE ${where.join(' AND ')} ORDER BY ${idColumn} ${direction} LIMIT $${params.length}`,
    params,
  };
}

function walksBackwards(page: Page): boolean {
  return Boolean(page.before && !page.after);
}

/** Trims the extra row and restores newest-first order. */
export function pageOf<T>(rows: T[], page: Page): { data: T[]; hasMore: boolean } {
  const hasMore = rows.length > page.limit;
  const data = rows.slice(0, page.limit);
  if (walksBackwards(page)) data.reverse();
  return { data, hasMore };
}

/**
 * One numbered page of ids, newest first, and how many rows match in all, in one statement: for vendor APIs
 * that page by number and report a total (`page`, `per_page`, `count`) rather than by cursor. `from` is a
 * table (with its alias); the conditions that are set select its rows.
 */
export async function numberedPage(
  db: Queryable,
  from: string,
  idColumn: string,
  conditions: Condition[],
  offset: number,
  limit: number,
): Promise<{ ids: string[]; count: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const condition of conditions) {
    if (!condition) continue;
    params.push(condition[1]);
    where.push(condition[0].replace('?', `$${params.length}`));
  }
  params.push(offset, limit);
  const rows = await db.query<{ id: string | null; count: string | number }>(
    `WITH matching AS (SELECT ${idColumn} AS id FROM ${from} WHERE ${where.join(' AND ')})
     SELECT page.id, total.count FROM (SELECT count(*) AS count FROM matching) total
     LEFT JOIN LATERAL (SELECT id FROM matching ORDER BY id DESC OFFSET $${params.length - 1} LIMIT $${params.length}) page ON true`,
    params,
  );
  return { ids: rows.flatMap((r) => (r.id ? [r.id] : [])), count: Number(rows[0]?.count ?? 0) };
}

/**
 * numberedPage of a merchant's table, answered with the page's rows (as row_to_json gives them, newest
 * first) rather than their ids: `table` is read as `alias`, whose `idColumn` is its key after merchant_id.
 */
export async function numberedRowPage<Row>(
  db: Queryable,
  merchantId: string,
  [table, alias, idColumn]: [table: string, alias: string, idColumn: string],
  conditions: Condition[],
  offset: number,
  limit: number,
): Promise<{ rows: Row[]; count: number }> {
  const { ids, count } = await numberedPage(db, `${table} ${alias}`, `${alias}.${idColumn}`, [[`${alias}.merchant_id = ?`, merchantId], ...conditions], offset, limit);
  if (!ids.length) return { rows: [], count };
  const rows = await queryJsonRows<Row>(
    db,
    `SELECT ${rowJson(alias)} FROM ${table} ${alias} WHERE ${alias}.merchant_id = $1 AND ${alias}.${idColumn} = ANY($2::uuid[]) ORDER BY ${alias}.${idColumn} DESC`,
    [merchantId, `{${ids.join(',')}}`],
  );
  return { rows, count };
}
