import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_STORE } from '../../test/helpers.js';
import type { Db } from './db.js';
import { EVENTS_WRITTEN_CHANNEL } from './events.sql.js';

/** Db.listen: each commit that wrote events is told once, after the commit; a broken listening connection is opened again. */
describe('the store tells listeners of committed events', () => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await openTestDb());
  });
  afterAll(() => drop());

  /** Calls until `done` holds, in real time (the notification comes from the store's own connection); false after `ms`. */
  async function until(done: () => boolean, ms = 3000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    return done();
  }

  const writeEvents = (tx: Pick<Db, 'query'>, count: number) =>
    tx.query(
      `INSERT INTO events (merchant_id, event_id, livemode, type, object_id, data, created_at)
       SELECT gen_random_uuid(), gen_random_uuid(), false, 'order.created', gen_random_uuid(), '{}'::jsonb, now() FROM generate_series(1, $1::int)`,
      [count],
    );

  it('calls once the connection listens, then once per transaction that wrote events, after its commit; none after the unlisten', async () => {
    let calls = 0;
    const unlisten = db.listen(EVENTS_WRITTEN_CHANNEL, () => calls++);
    // The call that says the listening connection is up (and whatever was missed before it is to be read).
    expect(await until(() => calls === 1)).toBe(true);
    const before = calls;
    let inside = -1;
    await db.transaction(async (tx) => {
      await writeEvents(tx, 3);
      await writeEvents(tx, 2);
      await new Promise((resolve) => setTimeout(resolve, 50));
      inside = calls;
    });
    expect(inside).toBe(before);
    expect(await until(() => calls === before + 1)).toBe(true);
    await db.transaction(async (tx) => tx.query('SELECT 1'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toBe(before + 1);
    unlisten();
    await writeEvents(db, 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toBe(before + 1);
  });

  it.skipIf(TEST_STORE !== 'postgres')('opens the listening connection again after it breaks, and tells its listeners then', async () => {
    let calls = 0;
    const unlisten = db.listen(EVENTS_WRITTEN_CHANNEL, () => calls++);
    try {
      expect(await until(() => calls === 1)).toBe(true);
      // Every listening connection of this database breaks: other files' stores open theirs again as this one does.
      await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'payorders-listen' AND datname = current_database()`);
      expect(await until(() => calls === 2, 5000)).toBe(true);
      await writeEvents(db, 1);
      expect(await until(() => calls === 3)).toBe(true);
    } finally {
      unlisten();
    }
  });
});
