import { createHash } from 'node:crypto';
import { realpathSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';

/** Who holds a data directory: the process and whether it is a server (which answers CLI commands) or a CLI run. */
export interface DataDirHolder {
  pid: number;
  role: 'server' | 'cli';
}

export class DataDirInUseError extends Error {
  constructor(
    dataDir: string,
    readonly holder: DataDirHolder | null,
  ) {
    const who = holder ? `process ${holder.pid} (${holder.role === 'server' ? 'a Payorders server' : 'a payorders command'})` : 'another process';
    super(
      `The embedded store in ${dataDir} is in use by ${who}. ` +
        'Run one server per data directory, or set DATABASE_URL to share a PostgreSQL server.',
    );
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * PGlite is one in-process PostgreSQL: two processes opening one data directory would corrupt it. The lock
 * is a listening Unix socket in Linux's abstract namespace, named after the directory: binding it is atomic,
 * a second bind fails, and the kernel frees the name the moment its holder dies however it dies (SIGKILL,
 * OOM), with nothing left on disk to clean up and no pid to mistake for a live one. Whoever connects is told
 * the holder. Elsewhere (macOS) the socket is a file in the directory, and one its dead holder left is removed.
 */
export async function lockDataDir(dataDir: string, role: DataDirHolder['role']): Promise<DataDirLock> {
  const address = lockAddress(dataDir);
  const holder: DataDirHolder = { pid: process.pid, role };
  const server = createServer((socket) => socket.on('error', () => {}).end(JSON.stringify(holder)));
  const started = Date.now();
  for (;;) {
    const error = await listen(server, address);
    if (!error) break;
    if (error.code !== 'EADDRINUSE') throw error;
    const current = await askHolder(address);
    // Its holder died between the bind and the question. A socket file stays behind: remove it (two
    // processes starting at that very moment could then both listen, which the abstract name rules out).
    if (current === 'gone' && !address.startsWith('\0')) rmSync(address, { force: true });
    if (current !== 'gone' && Date.now() - started >= patienceMs(current)) throw new DataDirInUseError(dataDir, current);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // The lock must not keep a finished CLI run alive; the service has its own handles.
  server.unref();
  // The pid file of versions before this lock means nothing now.
  rmSync(join(dataDir, 'payorders.pid'), { force: true });
  return { release: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A command ends soon, so it is waited for; a server that has the store is refused once it clearly stays. */
const patienceMs = (holder: DataDirHolder | null) => (holder?.role === 'cli' ? 30_000 : 2_000);

function lockAddress(dataDir: string): string {
  const id = createHash('sha256').update(realpathSync(dataDir)).digest('hex').slice(0, 32);
  return process.platform === 'linux' ? `\0payorders-data-dir-${id}` : join(dataDir, 'payorders.lock');
}

function listen(server: Server, address: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const onError = (error: NodeJS.ErrnoException) => resolve(error);
    server.once('error', onError);
    server.listen(address, () => {
      server.off('error', onError);
      resolve(null);
    });
  });
}

/** The holder's answer, or 'gone' when nothing listens there any more. */
function askHolder(address: string): Promise<DataDirHolder | 'gone' | null> {
  return new Promise((resolve) => {
    let text = '';
    const socket = createConnection(address);
    socket.setTimeout(2000, () => socket.destroy());
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? 'gone' : null));
    socket.on('close', () => {
      try {
        const parsed = JSON.parse(text) as DataDirHolder;
        resolve(typeof parsed.pid === 'number' ? parsed : null);
      } catch {
        resolve(null);
      }
    });
  });
}
