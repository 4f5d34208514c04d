import { MAX_SIGNING_KEY_GRACE_MS, rotateSigningKey } from '../services/signing-keys.js';
import { listMerchants } from '../store/accounts.sql.js';
import { optionalString, parseDuration, requiredId, UsageError } from './args.js';
import { command, flag, requireMerchant, str, type Command } from './command.js';
import { list, signingKeyView, table } from './output.js';

const DEFAULT_GRACE = '1h';

/** The keys that sign user access tokens, kept in the database and shared by every node. */
export const SIGNING_KEY_COMMANDS: Command[] = [
  command({
    name: 'signing-keys rotate',
    args: '--merchant <id> | --all [--grace <duration: 0 to 1h (default)>]',
    summary:
      "A new key signs users' access tokens from now on; the old keys verify the tokens they signed for the grace period (0 ends them now, for a key that leaked)",
    options: { merchant: str, all: flag, grace: str },
    prepare: (v) => {
      if (Boolean(v.all) === (v.merchant !== undefined)) throw new UsageError('give either --merchant <id> or --all');
      const graceMs = parseDuration(optionalString(v, 'grace') ?? DEFAULT_GRACE, 'option --grace');
      if (graceMs > MAX_SIGNING_KEY_GRACE_MS) throw new UsageError('option --grace must be at most 1h: no access token lives longer');
      return { merchantId: v.all ? null : requiredId(v, 'merchant', 'merchant'), graceMs };
    },
    run: async ({ merchantId, graceMs }, { db, clock }) => {
      if (merchantId) await requireMerchant(db, merchantId);
      const merchantIds = merchantId ? [merchantId] : (await listMerchants(db)).map((m) => m.merchantId);
      const rows = [];
      for (const id of merchantIds) {
        const keys = await rotateSigningKey(db, clock, id, graceMs);
        rows.push(...keys.map((k) => signingKeyView(k, keys.at(-1)!.generation, clock.now())));
      }
      const text = table(
        ['MERCHANT', 'KID', 'STATUS', 'CREATED', 'EXPIRES'],
        rows.map((k) => [k.merchant, k.kid, k.status, k.created_at, k.expires_at]),
        'No merchants.',
      );
      return list(rows, `Rotated the signing keys of ${merchantIds.length} merchant${merchantIds.length === 1 ? '' : 's'}.\n\n${text}`);
    },
  }),
];
