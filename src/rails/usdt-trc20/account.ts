import { Type } from '@sinclair/typebox';
import { AppError } from '../../domain/errors.js';
import type { RailAccount } from '../../domain/payment-settings.js';
import { depositAddress, parseXpub, XpubError } from './address.js';

/** A merchant's USDT account: the account-level xpub (m/44'/195'/account') its deposit addresses come from. */
export interface UsdtAccount {
  provider: string;
  xpub: string;
}

export const usdtAccountSchema = Type.Object(
  {
    xpub: Type.String({ minLength: 1, maxLength: 200, description: "The account-level extended public key (m/44'/195'/0' in most wallets); never an xprv. Deposit addresses are <xpub>/0/<n>" }),
  },
  { additionalProperties: false },
);

export function checkUsdtAccount(account: RailAccount): RailAccount {
  const { provider, xpub } = account as unknown as UsdtAccount;
  try {
    depositAddress(parseXpub(xpub.trim()), 0);
  } catch (error) {
    if (!(error instanceof XpubError)) throw error;
    throw AppError.invalidField('/usdt_trc20/xpub', 'invalid_xpub', error.message);
  }
  return { provider, xpub: xpub.trim() };
}

/**
 * Test mode's xpub: the account m/44'/195'/0' of the BIP39 test mnemonic ("abandon … about"), whose keys are public
 * knowledge. Its addresses are real Tron addresses, so money sent there on mainnet is anyone's: the sandbox only
 * ever "pays" them on the in-process chain.
 */
export const SANDBOX_XPUB = 'xpub6D1AabNHCupeiLM65ZR9UStMhJ1vCpyV4XbZdyhMZBiJXALQtmn9p42VTQckoHVn8WNqS7dqnJokZHAHcHGoaQgmv8D45oNUKx6DZMNZBCd';

/** A merchant's sandbox xpub: the child of SANDBOX_XPUB its id picks, so merchants' sandbox addresses do not meet. */
export function sandboxUsdtAccount(merchantId: string, provider: string): RailAccount {
  const child = Number(BigInt(`0x${merchantId.replace(/-/g, '')}`) % 2n ** 31n);
  return { provider, xpub: parseXpub(SANDBOX_XPUB).deriveChild(child).publicExtendedKey };
}
