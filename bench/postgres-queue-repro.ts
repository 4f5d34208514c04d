/**
 * `node --import tsx bench/postgres-queue-repro.ts`: shows postgres.js (3.4.9) slowing down with every
 * query, which is why bench/run.ts gives each scenario a fresh server process. Reported upstream as
 * porsager/postgres#747 ("speed dropped", open).
 *
 * Cause (node_modules/postgres/src/queue.js): `shift()` leaves a hole at the front of the array and only
 * resets the array when the queue becomes empty; `remove()` then scans the whole array with indexOf.
 * The pool moves a connection between its open/busy queues with shift + remove on every query, so while
 * a queue never empties (all connections busy under load, or some idle at low load) the array grows by a
 * hole per query and every query scans all of them. Searching from the head and compacting the array
 * when half of it is holes keeps the same pool at a flat rate (measured with a patched copy).
 *
 * Env: BENCH_DATABASE_URL [postgres://postgres@127.0.0.1:5432/test]
 */
import postgres from 'postgres';

const sql = postgres(process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test', { max: 10, prepare: true });

/** `concurrency` loops of `SELECT 1` for `seconds`; returns the rate of each 2 s window. */
async function phase(concurrency: number, seconds: number): Promise<string> {
  const start = Date.now();
  const rates: number[] = [];
  let done = 0;
  let windowStart = start;
  let windowDone = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() - start < seconds * 1000) {
        await sql.unsafe('SELECT 1', [], { prepare: true });
        done++;
        if (Date.now() - windowStart >= 2000) {
          rates.push(Math.round((done - windowDone) / ((Date.now() - windowStart) / 1000)));
          windowStart = Date.now();
          windowDone = done;
        }
      }
    }),
  );
  return `${rates.join(', ')} queries/s`;
}

console.log('1 at a time, fresh pool          ', await phase(1, 4));
console.log('10 at a time (opens 10 conns)    ', await phase(10, 2));
console.log('1 at a time, 10 conns open       ', await phase(1, 12), '<- falls while 9 connections sit idle');
console.log('50 at a time (pool saturated)    ', await phase(50, 10), '<- falls');
console.log('5 at a time, after the burst     ', await phase(5, 4), '<- stays down until restart');
await sql.end();
