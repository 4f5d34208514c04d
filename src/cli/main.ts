import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock, type Clock } from '../clock.js';
import { ConfigError, describeStore, loadConfig, type Config } from '../config.js';
import { AppError } from '../domain/errors.js';
import { DataDirInUseError } from '../store/data-dir-lock.js';
import { DatabaseUnreachableError, DataDirError, openConfiguredDb, pgliteDir, type Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { runInServer } from './admin-socket.js';
import { typedIds, UsageError } from './args.js';
import { COMMANDS, findCommand, isGroup, usage, type Command, type Io } from './commands.js';

export interface CliIo extends Io {
  stdout: NodeJS.WritableStream;
}

export interface CliOptions {
  /** Defaults to the environment plus ./.env, as for the server. */
  loadConfig?: () => Config;
  clock?: Clock;
  /** The store to run on instead of the configured one (left open): lets tests run commands on their own store. */
  db?: Db;
}

const GLOBAL_FLAGS = new Set(['--json', '--help', '-h']);
const GLOBAL_OPTIONS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

/** Runs one command line; returns the exit code (0 ok, 1 failed, 2 bad usage or configuration). */
export async function runCli(argv: string[], io: CliIo, options: CliOptions = {}): Promise<number> {
  const json = argv.includes('--json');
  try {
    const selected = selectCommand(argv);
    if ('usage' in selected) {
      io.stdout.write(selected.usage);
      return 0;
    }
    const { command, rest } = selected;
    const { values, positionals } = parseCommandLine(command, rest);
    if (values.help) {
      io.stdout.write(usage(command.name.split(' ')[0]));
      return 0;
    }
    const input = await command.prepare(values, positionals, io);
    const config = (options.loadConfig ?? loadConfig)();
    const clock = options.clock ?? systemClock;
    const output =
      command.needsDb === false
        ? await command.run(input, { config, clock, db: undefined as never, applied: [] })
        : options.db
          ? await runOn(options.db, config, clock, command, input)
          : await onConfiguredStore(config, clock, command, input, io.stderr);
    io.stdout.write(values.json ? `${JSON.stringify(output.json, null, 2)}\n` : `${output.text.replace(/\n+$/, '')}\n`);
    return 0;
  } catch (error) {
    return report(error, io, json);
  }
}

async function runOn(db: Db, config: Config, clock: Clock, command: Command, input: unknown) {
  const applied = await migrate(db);
  return command.run(input, { db, clock, config, applied });
}

/** How long a command waits for the embedded store while another process holds it without answering commands. */
const STORE_WAIT_MS = 30_000;

/**
 * The store the configuration names, the one the server uses. On the embedded store a running server
 * holds the data directory, so the command runs inside it (see admin-socket.ts); otherwise the CLI opens
 * the store itself, waiting while a server is still starting or another command holds it. It says on
 * stderr which store it used; a command that only reads never creates one.
 */
async function onConfiguredStore(config: Config, clock: Clock, command: Command, input: unknown, stderr: NodeJS.WritableStream) {
  const announce = (text: string) => stderr.write(`Store: ${text}\n`);
  if (config.databaseUrl) {
    announce(describeStore(config));
    const db = await openConfiguredDb(config);
    try {
      if (command.readOnly && !(await hasSchema(db))) throw missingStore(config);
      return await runOn(db, config, clock, command, input);
    } finally {
      await db.close();
    }
  }
  const deadline = Date.now() + STORE_WAIT_MS;
  for (;;) {
    const remote = await runInServer(config.dataDir, command.name, input);
    if (remote) {
      announce(`${describeStore(config)}, through the running server (process ${remote.pid})`);
      return remote.output;
    }
    if (command.readOnly && !existsSync(join(pgliteDir(config.dataDir), 'PG_VERSION'))) throw missingStore(config);
    let db: Db;
    try {
      db = await openConfiguredDb(config, 'cli');
    } catch (error) {
      if (error instanceof DataDirInUseError && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      throw error;
    }
    announce(describeStore(config));
    try {
      return await runOn(db, config, clock, command, input);
    } finally {
      await db.close();
    }
  }
}

async function hasSchema(db: Db): Promise<boolean> {
  return (await db.query<{ found: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS found`))[0]!.found;
}

function missingStore(config: Config): AppError {
  const where = config.databaseUrl
    ? `${describeStore(config)} has no Payorders tables`
    : `there is no embedded store in ${config.dataDir} (PAYORDERS_DATA_DIR)`;
  return new AppError(
    'resource_missing',
    `${where}, and this command only reads, so it creates none. Point DATABASE_URL or PAYORDERS_DATA_DIR at the server's store (see payorders config), or create one with payorders migrate.`,
  );
}

/** Finds the command words (`keys roll`) anywhere before the first option; the rest goes to parseArgs. */
function selectCommand(argv: string[]): { usage: string } | { command: Command; rest: string[] } {
  const consumed = new Set<number>();
  const nextWord = (): string | undefined => {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      if (consumed.has(i) || GLOBAL_FLAGS.has(arg)) continue;
      if (arg.startsWith('-')) return undefined;
      consumed.add(i);
      return arg;
    }
    return undefined;
  };
  const first = nextWord();
  if (first === undefined) {
    if (argv.every((arg) => GLOBAL_FLAGS.has(arg))) return { usage: usage() };
    throw new UsageError('missing command');
  }
  if (first === 'help') {
    const group = nextWord();
    return { usage: usage(group && isGroup(group) ? group : undefined) };
  }
  let command = findCommand([first]);
  if (!command) {
    if (!isGroup(first)) throw new UsageError(`unknown command "${first}"`);
    const actions = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name.split(' ')[1]);
    const second = nextWord();
    if (second === undefined) {
      if (argv.some((arg) => arg === '--help' || arg === '-h')) return { usage: usage(first) };
      throw new UsageError(`missing sub-command: payorders ${first} ${actions.join('|')}`);
    }
    command = findCommand([first, second]);
    if (!command) throw new UsageError(`unknown command "${first} ${second}" (expected ${first} ${actions.join('|')})`);
  }
  return { command, rest: argv.filter((_, i) => !consumed.has(i)) };
}

function parseCommandLine(command: Command, args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...command.options, ...GLOBAL_OPTIONS }, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!code?.startsWith('ERR_PARSE_ARGS')) throw error;
    const message = (error as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    if (unknown) throw new UsageError(`unknown option ${unknown[1]} for "${command.name}"`);
    const missing = /^Option '(?:-\w, )?(--[\w-]+)[^']*' argument (missing|is ambiguous)/.exec(message);
    if (missing?.[2] === 'missing') throw new UsageError(`option ${missing[1]} needs a value`);
    if (missing) throw new UsageError(`option ${missing[1]} needs a value (for a value that starts with "-", write ${missing[1]}=-…)`);
    throw new UsageError(message);
  }
  const expected = command.positionals ?? [];
  const { positionals } = parsed;
  if (!parsed.values.help) {
    if (positionals.length < expected.length) throw new UsageError(`missing argument <${expected[positionals.length]}> for "${command.name}"`);
    if (positionals.length > expected.length) throw new UsageError(`unexpected argument "${positionals[expected.length]}" for "${command.name}"`);
  }
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals };
}

/**
 * Prints the error on stderr; with --json also as `{"error": {"code", "message", "option"?}}` on stdout,
 * so a script reads one JSON document from stdout whatever happened.
 */
function report(error: unknown, io: CliIo, json: boolean): number {
  const { code, message, option, exit, hint } = describeError(error);
  io.stderr.write(`payorders: ${message}\n${hint ? `${hint}\n` : ''}`);
  if (json) io.stdout.write(`${JSON.stringify({ error: { code, message, ...(option ? { option } : {}) } }, null, 2)}\n`);
  return exit;
}

function describeError(error: unknown): { code: string; message: string; option?: string; exit: number; hint?: string } {
  if (error instanceof UsageError) return { code: 'usage_error', message: error.message, exit: 2, hint: 'Run "payorders help" for usage.' };
  if (error instanceof ConfigError) return { code: 'invalid_configuration', message: error.message, exit: 2 };
  if (error instanceof AppError) {
    const field = error.fields[0];
    if (error.code === 'validation_error' && field) {
      // The services name the field; on the command line that is an option.
      const name = field.path.slice(1).replaceAll('/', '.');
      const option = `--${name === 'password' ? 'password-stdin' : name}`;
      return { code: error.code, message: `option ${option}: ${field.message}`, option, exit: 2 };
    }
    return { code: error.code, message: withTypedIds(error.message), exit: 1 };
  }
  if (error instanceof DataDirInUseError) return { code: 'store_in_use', message: error.message, exit: 1 };
  if (error instanceof DatabaseUnreachableError || error instanceof DataDirError) return { code: 'store_unavailable', message: error.message, exit: 1 };
  return { code: 'failed', message: error instanceof Error ? error.message : String(error), exit: 1 };
}

/** Service errors name ids as UUIDs; show the spelling the operator typed. */
function withTypedIds(message: string): string {
  return message.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (uuid) => typedIds.get(uuid.toLowerCase()) ?? uuid);
}
