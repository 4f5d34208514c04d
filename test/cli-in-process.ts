import { Readable, Writable } from 'node:stream';
import { runCli } from '../src/cli/main.js';
import type { TestApp } from './helpers.js';

export interface InProcessRun {
  code: number;
  stderr: string;
  /** The parsed --json output when the command succeeded. */
  json: any;
}

/** `payorders … --json` run in this process on the test app's store, clock and configuration (no child process). */
export function inProcessCli(t: TestApp): (...args: string[]) => Promise<InProcessRun> {
  return async (...args) => {
    let stdout = '';
    let stderr = '';
    const sink = (append: (text: string) => void) => new Writable({ write: (chunk, _e, done) => (append(String(chunk)), done()) });
    const code = await runCli([...args, '--json'], { stdin: Readable.from([]), stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) }, {
      db: t.db,
      clock: t.clock,
      loadConfig: () => t.services.config,
    });
    return { code, stderr, json: code === 0 ? JSON.parse(stdout) : undefined };
  };
}
