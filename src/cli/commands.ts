import { describeConfig } from '../config.js';
import { ACCOUNT_COMMANDS } from './accounts.js';
import { BACKUP_COMMANDS } from './backup.js';
import { CHECKOUT_SETTINGS_COMMANDS } from './checkout-settings.js';
import { command, type Command } from './command.js';
import { KEY_COMMANDS } from './keys.js';
import { PAYMENT_SETTINGS_COMMANDS } from './payment-settings.js';
import { REVIEW_COMMANDS } from './reviews.js';
import { SIGNING_KEY_COMMANDS } from './signing-keys.js';

export type { Command, Context, Io } from './command.js';

export const COMMANDS: Command[] = [
  command({
    name: 'migrate',
    args: '',
    summary: 'Apply pending database migrations (every command also does this first)',
    options: {},
    prepare: () => null,
    run: async (_, { applied, db }) => ({
      json: { store: db.kind, applied },
      text: applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The database is up to date: no migrations to apply.',
    }),
  }),
  command({
    name: 'config',
    args: '',
    summary: 'Print the effective configuration (secrets masked)',
    options: {},
    needsDb: false,
    prepare: () => null,
    run: async (_, { config }) => {
      // Unset settings print as null rather than vanishing from the JSON.
      const described = Object.fromEntries(Object.entries(describeConfig(config)).map(([k, v]) => [k, v ?? null]));
      return { json: described, text: JSON.stringify(described, null, 2) };
    },
  }),

  ...ACCOUNT_COMMANDS,
  ...KEY_COMMANDS,
  ...SIGNING_KEY_COMMANDS,
  ...PAYMENT_SETTINGS_COMMANDS,
  ...CHECKOUT_SETTINGS_COMMANDS,
  ...BACKUP_COMMANDS,
  ...REVIEW_COMMANDS,
];

export function findCommand(words: string[]): Command | undefined {
  return COMMANDS.find((c) => c.name === words.join(' '));
}

export const GROUPS = [...new Set(COMMANDS.map((c) => c.name.split(' ')[0]!))];

export function usage(group?: string): string {
  const shown = COMMANDS.filter((c) => !group || c.name.split(' ')[0] === group);
  const lines = shown.map((c) => `  payorders ${c.name}${c.args ? ` ${c.args}` : ''}\n      ${c.summary}`);
  return [
    'Usage: payorders <command> [options] [--json]',
    '',
    'Commands:',
    ...lines,
    '  payorders help',
    '      Show this text',
    '',
    'Ids are accepted as prefixed ids (mer_…, sto_…, bra_…, usr_…, key_…, ord_…) or UUIDs. --json prints machine-readable output.',
    'Configuration comes from the environment and an optional .env file, as for the server:',
    'DATABASE_URL selects PostgreSQL; without it the embedded store under PAYORDERS_DATA_DIR (default ./data) is used.',
    '',
  ].join('\n');
}

/** Used by the dispatcher to tell "unknown command" from "missing sub-command". */
export function isGroup(word: string): boolean {
  return GROUPS.includes(word);
}
