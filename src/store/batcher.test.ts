import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.js';

/** A run that records each batch it is given and answers when the test releases it. */
function recordingRun() {
  const batches: number[][] = [];
  const pending: Array<() => void> = [];
  const run = (items: number[]) => {
    batches.push(items);
    if (items.includes(-1)) return Promise.reject(new Error('bad item'));
    return new Promise<string[]>((resolve) => pending.push(() => resolve(items.map((n) => `done ${n}`))));
  };
  const releaseAll = async () => {
    while (pending.length) {
      pending.splice(0).forEach((release) => release());
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { batches, run, releaseAll };
}

describe('Batcher', () => {
  it('sends what arrives while its batches are busy together in the next one, up to maxBatch', async () => {
    const { batches, run, releaseAll } = recordingRun();
    const batcher = new Batcher(run, 1, 3);
    const first = batcher.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [2, 3, 4, 5].map((n) => batcher.submit(n));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1]]);
    await releaseAll();
    expect(await Promise.all([first, ...rest])).toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5']);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('runs at most maxInFlight batches at once', async () => {
    const { batches, run, releaseAll } = recordingRun();
    const batcher = new Batcher(run, 2, 1);
    const results = [1, 2, 3].map((n) => batcher.submit(n));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1], [2]]);
    await releaseAll();
    await Promise.all(results);
    expect(batches).toEqual([[1], [2], [3]]);
  });

  it('runs each item of a failed batch alone, so only the item at fault fails', async () => {
    const { batches, run, releaseAll } = recordingRun();
    const batcher = new Batcher(run, 1);
    const results = [7, -1, 8].map((n) => batcher.submit(n).catch((error: Error) => error.message));
    await new Promise((resolve) => setImmediate(resolve));
    await releaseAll();
    expect(await Promise.all(results)).toEqual(['done 7', 'bad item', 'done 8']);
    expect(batches).toEqual([[7, -1, 8], [7], [-1], [8]]);
  });
});
