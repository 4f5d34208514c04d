import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobRunner, type Job } from './runner.js';

const quiet = { error: () => {}, info: () => {} };

/** A job that answers the counts given, one per batch (then 0), and records when each batch ran. */
function scripted(counts: number[], options: Partial<Job> = {}) {
  const ranAt: number[] = [];
  const job: Job = {
    name: 'scripted',
    intervalMs: 10_000,
    batchSize: 10,
    ...options,
    run: async () => {
      ranAt.push(Date.now());
      return counts.shift() ?? 0;
    },
  };
  return { job, ranAt };
}

/** Runs the job for `ms` of fake time; answers, between each batch and the next, whether the runner waited its interval. */
async function pausesOver(job: Job, ranAt: number[], ms: number) {
  const runner = new JobRunner([job], quiet);
  runner.start();
  await vi.advanceTimersByTimeAsync(ms);
  await runner.stop();
  return ranAt.slice(1).map((at, i) => (at - ranAt[i]! >= job.intervalMs ? 'waited' : 'at once'));
}

describe('JobRunner', () => {
  afterEach(() => vi.useRealTimers());

  it('goes again at once after a full batch, and waits its interval after a partial one', async () => {
    vi.useFakeTimers({ now: 0 });
    const { job, ranAt } = scripted([10, 10, 3]);
    expect(await pausesOver(job, ranAt, 15_000)).toEqual(['at once', 'at once', 'waited']);
  });

  it('an eager job goes again at once after any batch that did something, and waits once one did nothing', async () => {
    vi.useFakeTimers({ now: 0 });
    const { job, ranAt } = scripted([3, 1, 0, 2], { eager: true });
    expect(await pausesOver(job, ranAt, 15_000)).toEqual(['at once', 'at once', 'waited', 'at once']);
  });
});
