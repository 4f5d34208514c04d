import { parseArgs } from 'node:util';
import { systemClock, type Clock } from '../clock.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { AppError } from '../domain/errors.js';
import { openConfiguredDb, type Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
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
    const output = command.needsDb === false ? await command.run(input, { config, clock, db: undefined as never, applied: [] }) : await withDb(config, clock, command, input, options.db);
    io.stdout.write(values.json ? `${JSON.stringify(output.json, null, 2)}\n` : `${output.text.replace(/\n+$/, '')}\n`);
    return 0;
  } catch (error) {
    return report(error, io.stderr);
  }
}

async function withDb(config: Config, clock: Clock, command: Command, input: unknown, given: Db | undefined) {
  const db = given ?? (await openConfiguredDb(config));
  try {
    const applied = await migrate(db);
    return await command.run(input, { db, clock, config, applied });
  } finally {
    if (!given) await db.close();
  }
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

function report(error: unknown, stderr: NodeJS.WritableStream): number {
  if (error instanceof UsageError) {
    stderr.write(`payorders: ${error.message}\nRun "payorders help" for usage.\n`);
    return 2;
  }
  if (error instanceof ConfigError) {
    stderr.write(`payorders: ${error.message}\n`);
    return 2;
  }
  if (error instanceof AppError) {
    const message = withTypedIds(error.message);
    const field = error.fields[0];
    if (error.code === 'validation_error' && field) {
      // The services name the field; on the command line that is an option.
      const name = field.path.slice(1).replaceAll('/', '.');
      stderr.write(`payorders: option --${name === 'password' ? 'password-stdin' : name}: ${field.message}\n`);
      return 2;
    }
    stderr.write(`payorders: ${message}\n`);
    return 1;
  }
  stderr.write(`payorders: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}

/** Service errors name ids as UUIDs; show the spelling the operator typed. */
function withTypedIds(message: string): string {
  return message.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (uuid) => typedIds.get(uuid.toLowerCase()) ?? uuid);
}
