import { rowJson } from './json-rows.js';

/**
 * The statement a job claims its due rows with: up to $3 rows of `table` matching `due` (a condition on $1,
 * the time now), oldest due first, skipping rows other nodes hold, and leased: their next check moves to $2
 * and their attempts count up, in this short statement of its own. The work runs after it commits, with no
 * lock held; a node that dies mid-way leaves the lease to run out, and another node claims the row then.
 * Every table it serves keys its rows by merchant_id and `key`, and carries next_check_at and check_attempts.
 */
export function claimDueStatement(table: string, key: string, due: string, returning = rowJson('t')): string {
  return `
WITH due AS (
  SELECT merchant_id, ${key} FROM ${table}
  WHERE ${due}
  ORDER BY next_check_at
  LIMIT $3
  FOR UPDATE SKIP LOCKED
)
UPDATE ${table} t SET next_check_at = $2, check_attempts = t.check_attempts + 1
FROM due WHERE t.merchant_id = due.merchant_id AND t.${key} = due.${key}
RETURNING ${returning}`;
}
