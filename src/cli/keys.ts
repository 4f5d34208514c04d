import { AppError } from '../domain/errors.js';
import { createApiKey, revokeApiKey, rollApiKey } from '../services/accounts.js';
import { MAX_PUBLISHABLE_OVERLAP_MS, publishableKeyFor, publishableKeyView, revokePublishableKeyOf, rollPublishableKey } from '../services/publishable-keys.js';
import { parsePublishableKey } from '../services/credentials.js';
import * as accounts from '../store/accounts.sql.js';
import type { Db } from '../store/db.js';
import { optionalString, parseDuration, parseId, requiredChoice, requiredId, UsageError } from './args.js';
import { command, requireMerchant, str, type Command } from './command.js';
import { keyView, list, table } from './output.js';

const DEFAULT_GRACE = '24h';

/** API keys: created and rolled with the secret shown once, listed masked, revoked. */
export const KEY_COMMANDS: Command[] = [
  command({
    name: 'keys create',
    args: '--merchant <id> --mode test|live [--name <name>]',
    summary: 'Create an API key; its secret is printed once',
    options: { merchant: str, mode: str, name: str },
    prepare: (v) => ({
      merchantId: requiredId(v, 'merchant', 'merchant'),
      livemode: requiredChoice(v, 'mode', ['test', 'live'] as const) === 'live',
      name: optionalString(v, 'name') ?? null,
    }),
    run: async ({ merchantId, livemode, name }, { db, clock }) => {
      const { key, secret, publishable } = await createApiKey(db, clock, merchantId, livemode, name);
      const view = keyView(key, clock.now());
      return {
        json: { ...view, secret, publishable_key: publishable },
        text: `Created ${view.mode} API key ${view.id} for merchant ${view.merchant}.\n${shownOnce(secret)}\n${publishableLine(publishable)}`,
      };
    },
  }),
  command({
    name: 'keys publishable',
    args: '--merchant <id> --mode test|live',
    summary: "Print the merchant's publishable key (pk_…) for the mode, made if it has none: public, it only creates card tokens",
    options: { merchant: str, mode: str },
    prepare: (v) => ({ merchantId: requiredId(v, 'merchant', 'merchant'), livemode: requiredChoice(v, 'mode', ['test', 'live'] as const) === 'live' }),
    run: async ({ merchantId, livemode }, { db, clock }) => {
      await requireMerchant(db, merchantId);
      const { key } = await publishableKeyFor(db, clock, merchantId, livemode);
      return { json: { publishable_key: key, mode: livemode ? 'live' : 'test' }, text: publishableLine(key) };
    },
  }),
  command({
    name: 'keys roll-publishable',
    args: `--merchant <id> --mode test|live [--overlap <duration: 0, 30m, 24h (default), 7d>]`,
    summary: "Replace the mode's publishable key: pages embed the new one from now; the old one keeps tokenizing for the overlap",
    options: { merchant: str, mode: str, overlap: str },
    prepare: (v) => {
      const overlapMs = parseDuration(optionalString(v, 'overlap') ?? DEFAULT_GRACE, 'option --overlap');
      if (overlapMs > MAX_PUBLISHABLE_OVERLAP_MS) throw new UsageError('option --overlap must be at most 7d');
      return { merchantId: requiredId(v, 'merchant', 'merchant'), livemode: requiredChoice(v, 'mode', ['test', 'live'] as const) === 'live', overlapMs };
    },
    run: async ({ merchantId, livemode, overlapMs }, { db, clock }) => {
      await requireMerchant(db, merchantId);
      const { key, replaced } = await db.transaction((tx) => rollPublishableKey(tx, clock, merchantId, livemode, overlapMs));
      const now = clock.now();
      const old = replaced && publishableKeyView(replaced, now);
      const ends = !old ? 'The mode had no active publishable key.' : old.status === 'revoked' ? `The old key ${old.key} stopped working now.` : `The old key ${old.key} keeps working until ${old.revoked_at}.`;
      return { json: { ...publishableKeyView(key, now), replaced: old }, text: `${publishableLine(key.key)}\n${ends}` };
    },
  }),
  command({
    name: 'keys revoke-publishable',
    args: '--merchant <id> <pk_…>',
    summary: 'Revoke a publishable key now (servers may accept it for up to 10 s from their cache); a page needing one gets a new one',
    options: { merchant: str },
    positionals: ['key'],
    prepare: (v, [key]) => {
      const parsed = parsePublishableKey(key!);
      if (!parsed) throw new UsageError('argument <key> must be a publishable key (pk_test_… or pk_live_…)');
      return { merchantId: requiredId(v, 'merchant', 'merchant'), key: key!, livemode: parsed.livemode };
    },
    run: async ({ merchantId, key, livemode }, { db, clock }) => {
      await requireMerchant(db, merchantId);
      const view = publishableKeyView(await revokePublishableKeyOf(db, clock, merchantId, livemode, key), clock.now());
      return { json: view, text: `Revoked publishable key ${view.key} at ${view.revoked_at}.` };
    },
  }),
  command({
    name: 'keys list',
    readOnly: true,
    args: '--merchant <id>',
    summary: "List a merchant's API keys (masked; secrets are never stored) with when each was last used (to the minute)",
    options: { merchant: str },
    prepare: (v) => ({ merchantId: requiredId(v, 'merchant', 'merchant') }),
    run: async ({ merchantId }, { db, clock }) => {
      await requireMerchant(db, merchantId);
      const rows = (await accounts.listApiKeys(db, merchantId)).map((k) => keyView(k, clock.now()));
      const text = table(
        ['ID', 'MODE', 'NAME', 'KEY', 'STATUS', 'CREATED', 'LAST USED', 'EXPIRES', 'REVOKED'],
        rows.map((k) => [k.id, k.mode, k.name, k.masked, k.status, k.created_at, k.last_used_at ?? 'never', k.expires_at, k.revoked_at]),
        'No API keys.',
      );
      return list(rows, text);
    },
  }),
  command({
    name: 'keys revoke',
    args: '--merchant <id> <key-id>',
    summary: 'Revoke an API key now (servers may accept it for up to 10 s from their cache)',
    options: { merchant: str },
    positionals: ['key-id'],
    prepare: (v, [keyId]) => ({ merchantId: requiredId(v, 'merchant', 'merchant'), keyId: parseId('apiKey', keyId!, 'argument <key-id>') }),
    run: async ({ merchantId, keyId }, { db, clock }) => {
      await explainEndedKey(db, merchantId, keyId, () => revokeApiKey(db, clock, merchantId, keyId));
      const view = keyView((await accounts.findApiKey(db, merchantId, keyId))!, clock.now());
      return { json: view, text: `Revoked API key ${view.id} (${view.masked}) at ${view.revoked_at}.` };
    },
  }),
  command({
    name: 'keys roll',
    args: `--merchant <id> <key-id> [--grace <duration: 0, 30m, 24h (default), 7d>]`,
    summary: 'Replace an API key: prints the new secret once; the old key keeps working for the grace period',
    options: { merchant: str, grace: str },
    positionals: ['key-id'],
    prepare: (v, [keyId]) => ({
      merchantId: requiredId(v, 'merchant', 'merchant'),
      keyId: parseId('apiKey', keyId!, 'argument <key-id>'),
      grace: optionalString(v, 'grace') ?? DEFAULT_GRACE,
      graceMs: parseDuration(optionalString(v, 'grace') ?? DEFAULT_GRACE, 'option --grace'),
    }),
    run: async ({ merchantId, keyId, grace, graceMs }, { db, clock }) => {
      const { key, secret } = await explainEndedKey(db, merchantId, keyId, () => rollApiKey(db, clock, merchantId, keyId, graceMs));
      const now = clock.now();
      const view = keyView(key, now);
      const old = keyView((await accounts.findApiKey(db, merchantId, keyId))!, now);
      const ends =
        old.status === 'expired'
          ? `The old key ${old.id} (${old.masked}) stopped working now.`
          : `The old key ${old.id} (${old.masked}) keeps working until ${old.expires_at} (grace ${grace}).`;
      return {
        json: { ...view, secret, replaced: old },
        text: `Rolled API key ${old.id}: the new ${view.mode} key is ${view.id}.\n${shownOnce(secret)}\n${ends}`,
      };
    },
  }),
];

const publishableLine = (key: string) => `Publishable key (embed it in pages; it only creates card tokens with POST /v1/tokens): ${key}`;

function shownOnce(secret: string): string {
  return `\n    ${secret}\n\nThis secret is shown once: store it now. Payorders keeps only its hash and cannot show it again.\n`;
}

/** The services answer "no such key" for a revoked key too; say which it is. */
async function explainEndedKey<T>(db: Db, merchantId: string, keyId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'resource_missing') throw error;
    const key = await accounts.findApiKey(db, merchantId, keyId);
    if (key?.revokedAt) throw new AppError('conflict', `API key ${keyId} was already revoked at ${key.revokedAt.toISOString()}`);
    throw error;
  }
}
