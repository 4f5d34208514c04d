import { ROLES, type Role } from '../domain/actor.js';
import { decodeId, encodeId, type IdKind } from '../domain/ids.js';

/** Bad command line: printed with a pointer to the usage text, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type OptionValues = Record<string, string | boolean | undefined>;

/**
 * Ids the operator typed, by UUID, so error messages from the services (which speak UUIDs) can name
 * them the way the operator spelled them.
 */
export const typedIds = new Map<string, string>();

export function requiredString(values: OptionValues, name: string): string {
  const value = values[name];
  if (value === undefined) throw new UsageError(`missing required option --${name}`);
  return nonEmpty(String(value), name);
}

export function optionalString(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return value === undefined ? undefined : nonEmpty(String(value), name);
}

function nonEmpty(value: string, name: string): string {
  if (value.trim() === '') throw new UsageError(`option --${name} must not be empty`);
  return value;
}

/** An id in either spelling (`mer_…` or a UUID); returns the UUID. `label` names it: `option --merchant`. */
export function parseId(kind: IdKind, value: string, label: string): string {
  const uuid = decodeId(kind, value.trim());
  if (!uuid) {
    const example = encodeId(kind, '00000000-0000-0000-0000-000000000000').slice(0, 4);
    throw new UsageError(`${label} must be a ${kind === 'apiKey' ? 'key' : kind} id (${example}… or a UUID), got "${value}"`);
  }
  typedIds.set(uuid, value.trim());
  return uuid;
}

export function requiredId(values: OptionValues, kind: IdKind, name: string): string {
  return parseId(kind, requiredString(values, name), `option --${name}`);
}

export function optionalId(values: OptionValues, kind: IdKind, name: string): string | null {
  const value = optionalString(values, name);
  return value === undefined ? null : parseId(kind, value, `option --${name}`);
}

export function requiredChoice<T extends string>(values: OptionValues, name: string, allowed: readonly T[]): T {
  const value = requiredString(values, name);
  if (!allowed.includes(value as T)) throw new UsageError(`option --${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

export function requiredRole(values: OptionValues): Role {
  return requiredChoice(values, 'role', ROLES);
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requiredEmail(values: OptionValues, name: string): string {
  const value = requiredString(values, name).trim();
  if (!EMAIL_RE.test(value) || value.length > 254) throw new UsageError(`option --${name} must be an email address, got "${value}"`);
  return value;
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_DURATION_MS = 366 * UNIT_MS.d;

/** `0`, `90s`, `30m`, `24h`, `7d`, or combinations such as `1h30m`; returns milliseconds. */
export function parseDuration(value: string, option: string): number {
  const text = value.trim();
  if (text === '0') return 0;
  const invalid = () => new UsageError(`${option} must be a duration such as 0, 30m, 24h or 7d, got "${value}"`);
  if (!/^(\d+(ms|s|m|h|d))+$/.test(text)) throw invalid();
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  if (total > MAX_DURATION_MS) throw new UsageError(`${option} must be at most 366d, got "${value}"`);
  return total;
}

/** Reads a password piped on stdin (`--password-stdin`); a trailing newline is not part of it. */
export async function readPasswordFromStdin(stdin: NodeJS.ReadableStream & { isTTY?: boolean }, stderr: NodeJS.WritableStream): Promise<string> {
  if (stdin.isTTY) stderr.write('Password (then Enter and Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password === '') throw new UsageError('--password-stdin was given but stdin held no password');
  return password;
}
