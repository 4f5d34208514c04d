import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/helpers.js';
import type { Db } from './db.js';
import { byKeys } from './by-keys.js';

/** The plan PostgreSQL keeps for a prepared statement once it settles on a generic one. */
async function genericPlan(db: Db, text: string, types: string[], args: string[]): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.exec(`SET LOCAL plan_cache_mode = force_generic_plan; PREPARE lookup (${types.join(', ')}) AS ${text}`);
    const rows = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE lookup (${args.join(', ')})`);
    await tx.exec('DEALLOCATE lookup');
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

describe('byKeys', () => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await openTestDb());
    // A few hundred rows, never analyzed: what a busy service's tables look like in their first minute.
    await db.exec(`CREATE TABLE lookups (merchant_id uuid NOT NULL, name text NOT NULL, body text, PRIMARY KEY (merchant_id, name));
      INSERT INTO lookups SELECT gen_random_uuid(), 'n' || i, repeat('x', 200) FROM generate_series(1, 400) AS i`);
  });
  afterAll(() => drop());

  it("reads each key through the primary key's index even in a generic plan made while the table is small", async () => {
    const text = `SELECT l.name, l.body FROM ${byKeys('lookups', 'l', [['merchant_id', 'uuid'], ['name', 'text']])}`;
    const plan = await genericPlan(db, text, ['uuid[]', 'text[]'], [`'{}'`, `'{}'`]);
    expect(plan).toMatch(/Index Scan using lookups_pkey/);
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it('finds each wanted row once, in one statement, and nothing for keys that are not there', async () => {
    const [first, second] = await db.query<{ merchant_id: string; name: string }>(`SELECT merchant_id, name FROM lookups ORDER BY name LIMIT 2`);
    const rows = await db.query<{ name: string }>(`SELECT l.name FROM ${byKeys('lookups', 'l', [['merchant_id', 'uuid'], ['name', 'text']])} ORDER BY l.name`, [
      `{${first!.merchant_id},${second!.merchant_id},${first!.merchant_id}}`,
      `{${first!.name},${second!.name},absent}`,
    ]);
    expect(rows.map((r) => r.name)).toEqual([first!.name, second!.name]);
  });
});
