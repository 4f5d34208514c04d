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
  /** Subscribes to news that work may be waiting (the store's notifications): each wakes the job (see wake). Returns the unsubscribe. */
  wakeOn?(wake: () => void): () => void;
  /** Jobs a batch of this one that did something made work for (the fan-out's: the senders): they are woken. */
  feeds?: string[];
}

/**
 * A wake-up runs the job this long after it, not at once: the news that comes meanwhile (one notification
 * per committed write) is taken in the same batch instead of one batch each.
 */
const WAKE_WINDOW_MS = 10;

export class JobRunner {
  private timers = new Map<string, { timer: NodeJS.Timeout; at: number }>();
  private running = new Set<Promise<void>>();
  /** Jobs with a batch running, and whether they were woken meanwhile (then they go again at once). */
  private busy = new Map<string, boolean>();
  private subscriptions: Array<() => void> = [];
  private stopped = true;

  constructor(
    private readonly jobs: Job[],
    private readonly log: Pick<FastifyBaseLogger, 'error' | 'info'>,
    private readonly onItems: (job: string, count: number) => void = () => {},
  ) {}

  start(): void {
    this.stopped = false;
    for (const job of this.jobs) this.schedule(job, 0);
    this.subscriptions = this.jobs.flatMap((job) => (job.wakeOn ? [job.wakeOn(() => this.wake(job.name))] : []));
  }

  /** Runs the job within WAKE_WINDOW_MS, or right after its batch in flight: work is waiting that its next poll would find late. */
  wake(name: string): void {
    const job = this.jobs.find((j) => j.name === name);
    if (!job || this.stopped) return;
    if (this.busy.has(name)) this.busy.set(name, true);
    else if ((this.timers.get(name)?.at ?? Infinity) > performance.now() + WAKE_WINDOW_MS) this.schedule(job, WAKE_WINDOW_MS);
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
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions = [];
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.running);
  }

  private schedule(job: Job, delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timers.get(job.name)?.timer);
    const timer = setTimeout(() => {
      const pass = this.runBatch(job);
      this.running.add(pass);
      void pass.finally(() => this.running.delete(pass));
    }, delayMs);
    timer.unref();
    this.timers.set(job.name, { timer, at: performance.now() + delayMs });
  }

  private async runBatch(job: Job): Promise<void> {
    let count = 0;
    this.busy.set(job.name, false);
    try {
      count = await job.run(job.batchSize);
      if (count > 0) {
        this.onItems(job.name, count);
        this.log.info({ job: job.name, count }, 'job batch done');
      }
    } catch (err) {
      this.log.error({ err, job: job.name }, 'job batch failed');
    }
    const woken = this.busy.get(job.name);
    this.busy.delete(job.name);
    if (count > 0) for (const fed of job.feeds ?? []) this.wake(fed);
    this.schedule(job, woken || count >= job.batchSize || (job.eager && count > 0) ? 0 : job.intervalMs);
  }
}
