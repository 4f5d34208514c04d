import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { AppError } from '../domain/errors.js';
import type { Queryable } from '../store/db.js';
import { requiredChoice, requiredId, UsageError } from './args.js';
import { command, requireMerchant, str, type Command, type Context } from './command.js';

/** One kind of a merchant's per-mode settings, shown and changed as its GET/POST route shows and takes them. */
export interface SettingsKind {
  /** The command's first word: `checkout-settings`. */
  name: string;
  /** What they are called in the output: `checkout settings`. */
  noun: string;
  /** The route whose body `set` takes: `/v1/settings/checkout`. */
  route: string;
  showSummary: string;
  /** A body `set` takes, for its help. */
  example: string;
  /** The view GET answers. */
  show(ctx: Context, merchantId: string, livemode: boolean): Promise<unknown>;
  body(ctx: Context): TSchema;
  /** Applies a checked body in the transaction and answers the view POST answers. */
  update(tx: Queryable, ctx: Context, merchantId: string, livemode: boolean, body: unknown): Promise<unknown>;
}

const modeOf = (v: Record<string, unknown>) => requiredChoice(v as never, 'mode', ['test', 'live'] as const) === 'live';

/** `<name> show` and `<name> set`, each for a merchant and a mode. */
export function settingsCommands(kind: SettingsKind): Command[] {
  return [
    command({
      name: `${kind.name} show`,
      readOnly: true,
      args: '--merchant <id> --mode test|live',
      summary: kind.showSummary,
      options: { merchant: str, mode: str },
      prepare: (v) => ({ merchantId: requiredId(v, 'merchant', 'merchant'), livemode: modeOf(v) }),
      run: async ({ merchantId, livemode }, ctx) => {
        await requireMerchant(ctx.db, merchantId);
        const view = await kind.show(ctx, merchantId, livemode);
        return { json: view, text: JSON.stringify(view, null, 2) };
      },
    }),
    command({
      name: `${kind.name} set`,
      args: "--merchant <id> --mode test|live '<json>'",
      summary: `Change them with the body POST ${kind.route} takes, e.g. '${kind.example}'`,
      options: { merchant: str, mode: str },
      positionals: ['json'],
      prepare: (v, [json]) => {
        let body: unknown;
        try {
          body = JSON.parse(json!);
        } catch {
          throw new UsageError(`the settings must be a JSON object, as POST ${kind.route} takes`);
        }
        return { merchantId: requiredId(v, 'merchant', 'merchant'), livemode: modeOf(v), body };
      },
      run: async ({ merchantId, livemode, body }, ctx) => {
        await requireMerchant(ctx.db, merchantId);
        const invalid = Value.Errors(kind.body(ctx), body).First();
        if (invalid) throw AppError.invalidField(invalid.path || '/', 'invalid', invalid.message);
        const view = await ctx.db.transaction((tx) => kind.update(tx, ctx, merchantId, livemode, body));
        return { json: view, text: `Updated the ${livemode ? 'live' : 'test'} ${kind.noun} of ${merchantId}:\n${JSON.stringify(view, null, 2)}` };
      },
    }),
  ];
}
