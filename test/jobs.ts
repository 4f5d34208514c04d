import { standardJobs } from '../src/jobs/index.js';
import { JobRunner } from '../src/jobs/runner.js';
import type { TestApp } from './helpers.js';

/** Runs the background jobs to completion at the test clock's current time. */
export async function runExpiry(t: TestApp): Promise<Record<string, number>> {
  const runner = new JobRunner(standardJobs(t.db, t.clock, t.services.config), { info: () => {}, error: () => {} });
  return runner.drain();
}
