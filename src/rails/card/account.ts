import { Type } from '@sinclair/typebox';
import type { RailAccount } from '../../domain/payment-settings.js';

/** A merchant's card account: its merchant account at the acquirer (none on the sandbox). */
export interface CardAccount {
  provider: string;
  merchant_account: string | null;
}

export const cardAccountSchema = Type.Object(
  {
    merchant_account: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 100, description: "The merchant's account (affiliation) at the acquirer; the real acquirer requires it" }), Type.Null()]),
    ),
  },
  { additionalProperties: false },
);

export function checkCardAccount(account: RailAccount): RailAccount {
  const input = account as Partial<CardAccount> & { provider: string };
  return { provider: input.provider, merchant_account: input.merchant_account?.trim() || null };
}

export const sandboxCardAccount = (provider: string): RailAccount => ({ provider, merchant_account: null });
