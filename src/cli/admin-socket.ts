import { chmodSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { AppError, type ErrorCode, type FieldError } from '../domain/errors.js';
import { UsageError } from './args.js';
import type { Context } from './command.js';
import { findCommand } from './commands.js';
import type { Output } from './output.js';

/**
 * While a server holds the embedded store, CLI commands run inside it: the CLI checks its command line
 * itself (so usage errors, prompts and --password-stdin work as they do alone), then sends the command's
 * name and checked input over a Unix socket in the data directory, and the server runs it on its own
 * store and answers the output or the error, which the CLI prints as it prints its own. The socket is a
 * file in the owner-only data directory and is itself 0600: only the account that runs the server (and
 * root) can connect, as only they could open the store's files.
 */

export const adminSocketPath = (dataDir: string) => join(dataDir, 'payorders.sock');

/** What a Unix socket path may hold (sun_path is 108 bytes with its NUL on Linux, 104 on macOS). */
const MAX_SOCKET_PATH_BYTES = 103;

interface Request {
  command: string;
  input: unknown;
}

interface SerializedError {
  name: string;
  message: string;
  code?: ErrorCode;
  fields?: FieldError[];
}

type Reply = { pid: number; output: Output } | { pid: number; error: SerializedError };

export interface AdminSocket {
  path: string;
  close(): Promise<void>;
}

/** Listens for CLI commands; the caller holds the data directory's lock, so a socket file there is a dead server's. */
export async function serveAdminSocket(
  dataDir: string,
  context: Omit<Context, 'applied'>,
  logger: FastifyBaseLogger,
): Promise<AdminSocket | null> {
  const path = adminSocketPath(dataDir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    logger.warn({ path }, 'the data directory path is too long for a Unix socket: CLI commands cannot run beside this server');
    return null;
  }
  rmSync(path, { force: true });
  const server = createServer((socket) => {
    let text = '';
    socket.on('error', () => {});
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end === -1) return;
      socket.removeAllListeners('data');
      void answer(text.slice(0, end), context, logger).then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(path, { force: true });
      }),
  };
}

async function answer(line: string, context: Omit<Context, 'applied'>, logger: FastifyBaseLogger): Promise<Reply> {
  let name = 'unknown';
  try {
    const request = JSON.parse(line) as Request;
    name = String(request.command);
    const command = findCommand(name.split(' '));
    if (!command || command.needsDb === false) throw new UsageError(`unknown command "${name}"`);
    // The server's store is migrated at its start.
    const output = await command.run(request.input, { ...context, applied: [] });
    logger.info({ command: name }, 'cli command');
    return { pid: process.pid, output };
  } catch (error) {
    logger.info({ command: name, error: error instanceof AppError ? error.code : (error as Error).name }, 'cli command failed');
    return { pid: process.pid, error: serialize(error) };
  }
}

function serialize(error: unknown): SerializedError {
  if (error instanceof AppError) return { name: error.name, message: error.message, code: error.code, fields: error.fields };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

function revive(error: SerializedError): Error {
  if (error.name === 'AppError' && error.code) return new AppError(error.code, error.message, error.fields ?? []);
  if (error.name === 'UsageError') return new UsageError(error.message);
  return new Error(error.message);
}

/**
 * Runs a command in the server listening on the data directory's socket. Undefined when none listens
 * (no socket, or one a dead server left); throws the command's error when it failed there.
 */
export async function runInServer(dataDir: string, command: string, input: unknown): Promise<{ pid: number; output: Output } | undefined> {
  const reply = await new Promise<Reply | undefined>((resolve, reject) => {
    let text = '';
    let connected = false;
    const socket = createConnection(adminSocketPath(dataDir));
    socket.on('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify({ command, input } satisfies Request)}\n`);
    });
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected && ['ENOENT', 'ECONNREFUSED', 'ENOTSOCK', 'ENAMETOOLONG'].includes(error.code ?? '')) resolve(undefined);
      else reject(new Error(`the running server's admin socket failed: ${error.code ?? error.message}`));
    });
    socket.on('close', () => {
      if (!connected) return;
      try {
        resolve(JSON.parse(text) as Reply);
      } catch {
        reject(new Error('the running server closed its admin socket without an answer (did it stop?)'));
      }
    });
  });
  if (!reply) return undefined;
  if ('error' in reply) throw revive(reply.error);
  return reply;
}
