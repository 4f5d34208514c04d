import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is one in-process PostgreSQL: two processes opening one data directory would corrupt it.
 * A pid file refuses the second process; a pid file left by a killed process is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'payorders.pid');
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(readFileSync(file, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded store in ${dataDir} is in use by process ${holder}. ` +
          'Run one process per data directory, or set DATABASE_URL to share a PostgreSQL server.',
      );
    }
    writeFileSync(file, String(process.pid));
  }
  return () => rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
