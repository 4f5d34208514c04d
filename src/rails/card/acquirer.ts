import type { Payment } from '../../domain/payments.js';
import type { Connector, ConnectorContext, Failure, Received } from '../connector.js';

/**
 * What a card acquirer does beyond the Connector every rail has: take a card (tokenize: the number and
 * CVC go to the acquirer and nowhere else; we keep its reference) and capture what it authorised. Create
 * (CreateRequest.card) authorises or charges a card by that reference, cancel voids an authorisation.
 */
export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/** Stable across acquirers: what a decline means to the merchant and the payer. */
export const DECLINE_CODES = ['card_declined', 'insufficient_funds', 'expired_card', 'incorrect_cvc', 'processing_error'] as const;
export type DeclineCode = (typeof DECLINE_CODES)[number];

export const CARD_FUNDING = ['credit', 'debit', 'prepaid', 'unknown'] as const;
export type CardFunding = (typeof CARD_FUNDING)[number];

export type TokenizeAnswer =
  | { outcome: 'succeeded'; reference: string; funding: CardFunding; country: string | null }
  | { outcome: 'declined'; failure: Failure & { code: DeclineCode } }
  | { outcome: 'not_sent' | 'unknown'; message: string };

export type CaptureAnswer = { outcome: 'succeeded'; received: Received } | { outcome: 'declined'; failure: Failure } | { outcome: 'not_sent' | 'unknown'; message: string };

export interface CardConnector extends Connector {
  method: 'card';
  tokenize(ctx: ConnectorContext, card: CardInput): Promise<TokenizeAnswer>;
  capture(ctx: ConnectorContext, payment: Payment, amount: number): Promise<CaptureAnswer>;
}

export const isCardConnector = (connector: Connector | undefined): connector is CardConnector => connector?.method === 'card' && 'tokenize' in connector;

