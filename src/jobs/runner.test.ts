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

  it('runs a job woken by its news within 10 ms instead of after its interval, and then the jobs its batch that did something feeds', async () => {
    vi.useFakeTimers({ now: 0 });
    let news: () => void = () => {};
    const fanOut = scripted([0, 2, 0], { name: 'fan-out', wakeOn: (wake) => ((news = wake), () => (news = () => {})), feeds: ['send'] });
    const send = scripted([0, 1, 0], { name: 'send' });
    const runner = new JobRunner([fanOut.job, send.job], quiet);
    runner.start();
    await vi.advanceTimersByTimeAsync(1000);
    news();
    await vi.advanceTimersByTimeAsync(1000);
    await runner.stop();
    // Both ran at 0 and would wait 10 s; the news at 1 s ran the fan-out 10 ms later, and its batch woke the sender.
    expect(fanOut.ranAt).toEqual([0, 1010]);
    expect(send.ranAt).toEqual([0, 1020]);
  });
});
