import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { AppError } from '../domain/errors.js';
import * as accounts from '../store/accounts.sql.js';
import type { Db } from '../store/db.js';
import type { OptionValues } from './args.js';
import type { Output } from './output.js';

export interface Context {
  db: Db;
  clock: Clock;
  config: Config;
  /** Migrations this run applied before the command (every command migrates first). */
  applied: string[];
}

export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

export interface Command<Input = any> {
  /** The words that select it: `keys roll`. */
  name: string;
  /** Usage after the name: `--merchant <id> <key-id> [--grace <duration>]`. */
  args: string;
  summary: string;
  options: Record<string, { type: 'string' | 'boolean' }>;
  /** Names of the positional arguments it takes (all required). */
  positionals?: string[];
  /** False for commands that need no database (config). */
  needsDb?: boolean;
  /** Commands that only read: they never create a store that is not there. */
  readOnly?: boolean;
  /** Checks the command line before anything is opened; throws UsageError. */
  prepare(values: OptionValues, positionals: string[], io: Io): Input | Promise<Input>;
  run(input: Input, ctx: Context): Promise<Output>;
}

export const command = <Input>(c: Command<Input>): Command => c;
export const str = { type: 'string' } as const;
export const flag = { type: 'boolean' } as const;

export async function requireMerchant(db: Db, merchantId: string): Promise<void> {
  if (!(await accounts.merchantExists(db, merchantId))) throw AppError.notFound('merchant', merchantId);
}
