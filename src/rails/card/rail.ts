import type { Config } from '../../config.js';
import { SANDBOX_PROVIDER } from '../../domain/payment-settings.js';
import type { Rail } from '../connector.js';
import { cardAccountSchema, checkCardAccount, sandboxCardAccount } from './account.js';
import { apiCardConnector } from './provider-api.js';
import { cardSandbox } from './sandbox.js';

/** Cards: tokenized at the acquirer (POST /v1/tokens), charged or authorised by reference, 3-D Secure by redirect. */
export function cardRail(config: Pick<Config, 'publicBaseUrl' | 'cards'>): Rail {
  return {
    method: 'card',
    accountSchema: cardAccountSchema,
    checkAccount: checkCardAccount,
    sandboxAccount: () => sandboxCardAccount(SANDBOX_PROVIDER),
    connectors: [cardSandbox(config.publicBaseUrl), ...(config.cards.acquirerApi ? [apiCardConnector(config.cards.acquirerApi, config.publicBaseUrl)] : [])],
    documents: [],
  };
}
