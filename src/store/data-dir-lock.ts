import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {
  constructor(dataDir: string, holder: number) {
    super(
      `The embedded store in ${dataDir} is in use by process ${holder}. ` +
        'Run one process per data directory, or set DATABASE_URL to share a PostgreSQL server.',
    );
    this.name = 'DataDirInUseError';
  }
}

/**
 * PGlite is one in-process PostgreSQL: two processes opening one data directory would corrupt it.
 * A pid file refuses the second process; a pid file left by a killed process is taken over. The file is
 * written whole and then linked into place, so no process ever reads a half-written pid.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'payorders.pid');
  const staged = join(dataDir, `payorders.pid.${process.pid}`);
  // Owner-only like every file of the embedded store, whoever calls this and whatever the umask.
  writeFileSync(staged, String(process.pid), { mode: 0o600 });
  try {
    for (;;) {
      try {
        linkSync(staged, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number(readFileSync(file, 'utf8'));
        if (holder && holder !== process.pid && isAlive(holder)) throw new DataDirInUseError(dataDir, holder);
        rmSync(file, { force: true });
      }
    }
  } finally {
    rmSync(staged, { force: true });
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
