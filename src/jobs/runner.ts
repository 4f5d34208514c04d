import type { FastifyBaseLogger } from 'fastify';

/**
 * A periodic job. `run` processes one batch and returns how many items it handled; a full batch means
 * more may be waiting, so the runner goes again at once instead of sleeping. Jobs claim their rows with
 * `FOR UPDATE SKIP LOCKED`, so every node can run every job without doing an item twice.
 */
export interface Job {
  name: string;
  intervalMs: number;
  batchSize: number;
  /** Go again at once after any batch that did something, not only after a full one (work arrives while a batch runs). */
  eager?: boolean;
  run(batchSize: number): Promise<number>;
}

export class JobRunner {
  private timers = new Map<string, NodeJS.Timeout>();
  private running = new Set<Promise<void>>();
  private stopped = true;

  constructor(
    private readonly jobs: Job[],
    private readonly log: Pick<FastifyBaseLogger, 'error' | 'info'>,
    private readonly onItems: (job: string, count: number) => void = () => {},
  ) {}

  start(): void {
    this.stopped = false;
    for (const job of this.jobs) this.schedule(job, 0);
  }

  /** Runs each job until it has nothing left to do; tests call this after moving the clock. */
  async drain(): Promise<Record<string, number>> {
    const totals: Record<string, number> = {};
    for (const job of this.jobs) {
      let count: number;
      totals[job.name] = 0;
      do {
        count = await job.run(job.batchSize);
        totals[job.name]! += count;
      } while (count >= job.batchSize);
    }
    return totals;
  }

  /** Stops scheduling and waits for batches in flight to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.running);
  }

  private schedule(job: Job, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      const pass = this.runBatch(job);
      this.running.add(pass);
      void pass.finally(() => this.running.delete(pass));
    }, delayMs);
    timer.unref();
    this.timers.set(job.name, timer);
  }

  private async runBatch(job: Job): Promise<void> {
    let count = 0;
    try {
      count = await job.run(job.batchSize);
      if (count > 0) {
        this.onItems(job.name, count);
        this.log.info({ job: job.name, count }, 'job batch done');
      }
    } catch (err) {
      this.log.error({ err, job: job.name }, 'job batch failed');
    }
    this.schedule(job, count >= job.batchSize || (job.eager && count > 0) ? 0 : job.intervalMs);
  }
}
