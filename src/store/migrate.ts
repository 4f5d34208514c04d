import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/**
 * Applies the plain SQL files in migrations/ in name order, each in its own transaction, once.
 * An advisory lock per schema makes concurrent start-ups of many nodes take turns.
 * Returns the versions it applied.
 */
export async function migrate(db: Db): Promise<string[]> {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    const ran = await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.payorders_migrations'))`);
      await tx.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = await tx.query(`SELECT 1 FROM schema_migrations WHERE version = $1`, [version]);
      if (done.length > 0) return false;
      await tx.exec(readFileSync(`${MIGRATIONS_DIR}${file}`, 'utf8'));
      await tx.query(`INSERT INTO schema_migrations (version) VALUES ($1)`, [version]);
      return true;
    });
    if (ran) applied.push(version);
  }
  return applied;
}
