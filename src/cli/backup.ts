import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../domain/errors.js';
import { restoreConfiguredDb } from '../store/db.js';
import { requiredString } from './args.js';
import { command, str, type Command } from './command.js';

/**
 * The embedded store's own backup: a consistent snapshot of its data directory, taken by the process that
 * holds it (the running server, through the admin socket, or the CLI), and the restore of one into an
 * empty data directory. PostgreSQL has pg_dump and point-in-time recovery for that (see the README).
 */
export const BACKUP_COMMANDS: Command[] = [
  command({
    name: 'backup',
    args: '--out <file.tar.gz>',
    summary: 'Write a consistent snapshot of the embedded store, safe while the server runs (it holds secrets: keep it like the store)',
    options: { out: str },
    // Resolved here: a running server writes the file, from its own working directory.
    prepare: (v) => ({ out: resolve(requiredString(v, 'out')) }),
    run: async ({ out }, { db, config }) => {
      const archive = await db.snapshot();
      if (!archive) throw new AppError('bad_request', 'On PostgreSQL back up with pg_dump or continuous archiving (see the README); backup is for the embedded store');
      try {
        writeFileSync(out, archive, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('conflict', `${out} already exists: name a new file`);
        throw error;
      }
      return { json: { object: 'backup', path: out, bytes: archive.byteLength, data_dir: config.dataDir }, text: `Wrote a snapshot of ${config.dataDir} to ${out} (${archive.byteLength} bytes).` };
    },
  }),
  command({
    name: 'restore',
    args: '--from <file.tar.gz>',
    summary: 'Make the embedded store from a snapshot, in a data directory that has none (stop the server; nothing is overwritten)',
    options: { from: str },
    needsDb: false,
    prepare: (v) => ({ from: resolve(requiredString(v, 'from')) }),
    run: async ({ from }, { config }) => {
      if (config.databaseUrl) throw new AppError('bad_request', 'On PostgreSQL restore with pg_restore (see the README); restore is for the embedded store');
      await restoreConfiguredDb(config, readFileSync(from));
      return { json: { object: 'restore', path: from, data_dir: config.dataDir }, text: `Restored the embedded store in ${config.dataDir} from ${from}.` };
    },
  }),
];
