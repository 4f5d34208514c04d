import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../helpers.js';
import type { Failure } from './assertions.js';
import { loadCorpus, materialize, toCorpus } from './corpus.js';
import { probe, startFuzzEnv } from './harness.js';
import type { Operation } from './openapi.js';
import { requestArbitrary, type FuzzRequest } from './requests.js';

/**
 * Every operation of the OpenAPI document under a property-based fuzzer: no answer is a 5xx, every
 * 4xx is problem+json in the route's documented shape, every 2xx matches its schema, a request the
 * document says is invalid is never accepted, and a write reads back as written. First the corpus of
 * inputs that once failed, then random requests per operation, bounded by FUZZ_RUNS and a time budget.
 *
 *   FUZZ_SEED=123 npx vitest run test/fuzz           replay a run (the seed is logged)
 *   FUZZ_RUNS=2000 npx vitest run test/fuzz          a deeper run (the time budget grows with it)
 *   FUZZ_REPORT=/tmp/fuzz.json …                      also write every failure found as JSON
 */
const DEFAULT_RUNS = 200;
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? DEFAULT_RUNS);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_S ?? 14 * Math.max(1, RUNS / DEFAULT_RUNS)) * 1000;
/** Distinct failures looked for per operation before giving up on it. */
const MAX_DISTINCT = 8;

const env = await startFuzzEnv();
afterAll(() => env.close());
// Each operation gets an even share of what is left of the budget, so time a quick one leaves goes to the next.
let budgetLeftMs = BUDGET_MS;
let operationsLeft = env.operations.length;
console.log(`fuzz (${TEST_STORE}): seed ${SEED} (FUZZ_SEED), up to ${RUNS} runs per operation (FUZZ_RUNS), ${env.operations.length} operations, ${BUDGET_MS} ms in all (FUZZ_BUDGET_S)`);

interface Found {
  failure: Failure;
  tags: string[];
  request: FuzzRequest;
}
const everything: Array<Found & { where: string }> = [];

function describeFound(where: string, found: Found[]): string {
  return found
    .map((f, i) => {
      const corpus = toCorpus(f.request, env.placeholders, `${where}: ${f.failure.check} ${f.failure.status}: ${f.failure.message}`.slice(0, 400));
      return `${i + 1}. [${f.failure.check} ${f.failure.status}] ${f.failure.message}\n   tags: ${f.tags.join(', ') || '(none)'}\n   corpus file:\n${corpus.replace(/^/gm, '     ')}`;
    })
    .join('\n\n');
}

describe(`corpus: inputs that once failed (${TEST_STORE})`, () => {
  it.each(loadCorpus().map(({ file, entry }) => [file, entry] as const))('%s', async (_file, entry) => {
    const { failures } = await probe(env, materialize(entry, env.placeholders));
    expect(failures.map((f) => `[${f.check} ${f.status}] ${f.message}`), entry.description).toEqual([]);
  });
});

describe(`fuzz: every operation in the OpenAPI document (${TEST_STORE})`, () => {
  it.each(env.operations.map((op) => [op.label, op] as const))('%s', async (label, op: Operation) => {
    const methodsOnPath = env.operations.filter((o) => o.path === op.path).map((o) => o.method);
    const arbitrary = requestArbitrary(op, methodsOnPath, env.ctx);
    const seed = (SEED ^ hash(label)) >>> 0;
    const started = Date.now();
    const deadline = started + budgetLeftMs / operationsLeft--;
    let probes = 0;
    const found: Found[] = [];
    // A failure with the check, status and cause of one already found is that one again; when the answer
    // names no cause (a 500), it is when it carries the same hostile mutations or more.
    const isKnown = (f: Failure, tags: string[]) =>
      found.some((k) => k.failure.check === f.check && k.failure.status === f.status && k.failure.cause === f.cause && (f.cause !== '' || k.tags.every((t) => tags.includes(t))));
    let runsLeft = RUNS;
    for (let round = 0; round < MAX_DISTINCT && runsLeft > 0 && Date.now() < deadline; round++) {
      let last: Found[] = [];
      // Shrinking gets a share of the time left once a failure is found; after it every candidate "passes",
      // so fast-check stops with the smallest failing request so far and the budget goes to finding others.
      let shrinkUntil = Infinity;
      const details = await fc.check(
        fc.asyncProperty(arbitrary, async ({ request, tags }) => {
          if (Date.now() > shrinkUntil) return true;
          probes++;
          const fresh = (await probe(env, request)).failures.filter((f) => !isKnown(f, tags));
          if (fresh.length) {
            last = fresh.map((failure) => ({ failure, tags, request }));
            if (shrinkUntil === Infinity) shrinkUntil = Date.now() + Math.max(200, (deadline - Date.now()) / 4);
          }
          return fresh.length === 0;
        }),
        { seed: (seed + round) | 0, numRuns: runsLeft, interruptAfterTimeLimit: Math.max(1, deadline - Date.now()), markInterruptAsFailure: false },
      );
      runsLeft -= details.numRuns;
      if (!details.failed || !last.length) break;
      for (const f of last) if (!isKnown(f.failure, f.tags)) found.push(f);
    }
    budgetLeftMs -= Date.now() - started;
    console.log(`fuzz (${TEST_STORE}) ${label}: ${RUNS - runsLeft} runs, ${probes} requests, ${found.length} distinct failure(s), ${Date.now() - started} ms`);
    everything.push(...found.map((f) => ({ ...f, where: label })));
    if (found.length) {
      throw new Error(`${label}: ${found.length} distinct failure(s); seed ${seed} (FUZZ_SEED=${SEED}); save a shrunk request below as test/fuzz/corpus/<name>.json\n\n${describeFound(label, found)}`);
    }
  }, BUDGET_MS + 60_000);
});

afterAll(() => {
  if (process.env.FUZZ_REPORT) {
    const report = everything.map((f) => ({ where: f.where, ...f.failure, tags: f.tags, request: JSON.parse(toCorpus(f.request, env.placeholders, f.failure.message)) }));
    writeFileSync(process.env.FUZZ_REPORT.replace(/(\.json)?$/, `.${TEST_STORE}.json`), JSON.stringify(report, null, 2));
  }
  if (!everything.length) return;
  const byCause = new Map<string, string[]>();
  for (const f of everything) {
    const cause = `${f.failure.check} ${f.failure.status} ${f.failure.cause || `[${f.tags.join(', ')}]`}`;
    byCause.set(cause, [...(byCause.get(cause) ?? []), f.where]);
  }
  console.log(`fuzz (${TEST_STORE}) summary, by check, status and cause (or hostile tags):\n${[...byCause].map(([cause, where]) => `  ${cause}: ${where.join('; ')}`).join('\n')}`);
});

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
