import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import { decodeId, encodeId } from '../../domain/ids.js';
import { feeFor } from '../../domain/ledger.js';
import { SANDBOX_PROVIDER } from '../../domain/payment-settings.js';
import type { Queryable } from '../../store/db.js';
import {
  findSandboxCard,
  findSandboxCardCharge,
  insertSandboxCard,
  insertSandboxCardCharge,
  markSandboxCardSetUp,
  updateSandboxCardCharge,
  type SandboxCardCharge,
} from '../../store/cards.sql.js';
import type { CreateAnswer, InboundNotification, NotifiedChange, QueryAnswer, Received, RefundAnswer } from '../connector.js';
import { signedSandboxNotification, verifiedWithKnownSecret } from '../sandbox.js';
import type { CardConnector } from './acquirer.js';
import { cardBrand } from './card-number.js';
import { CARD_CONNECTOR_TERMS } from './terms.js';
import { behaviourOf, type CardBehaviour } from './test-cards.js';

/** Where the sandbox's 3-D Secure challenge pages are served (src/http/sandbox/card-challenge.ts). */
export const CHALLENGE_PATH = '/sandbox/card/challenge';

interface ChallengeNotification {
  id: string;
  type: 'card.challenge_passed' | 'card.challenge_failed';
  merchant: string;
  created: number;
  data: { method: 'card'; reference: string; capture_method: 'automatic' | 'manual'; amount: number; fee: number };
}

export interface CardSandbox extends CardConnector {
  /** The open challenge a page URL names, or null. */
  challenge(db: Queryable, merchantId: string, reference: string): Promise<SandboxCardCharge | null>;
  /** The payer passed or failed the challenge: the charge goes on or fails, and the signed notification of it is answered. */
  completeChallenge(db: Queryable, merchantId: string, reference: string, passed: boolean, now: Date): Promise<InboundNotification>;
}

const newReference = (prefix: string) => `${prefix}_${randomBytes(16).toString('hex')}`;
const DOMESTIC_BR = new Set(['elo', 'hipercard']);

/**
 * The sandbox acquirer: keeps how each card it was given behaves (TEST_CARDS), never its number, and its
 * charges (sandbox_card_charges): captured, authorised, voided, refunded, or waiting on a 3-D Secure
 * challenge whose page it serves; the challenge's outcome comes back as a signed notification to
 * POST /hooks/card/sandbox, as every sandbox rail's does.
 */
export function cardSandbox(publicBaseUrl: string): CardSandbox {
  const fees = CARD_CONNECTOR_TERMS.fees;
  const received = (charge: SandboxCardCharge, amount: number, at: Date): Received => ({
    amount,
    fee: feeFor(fees, amount),
    // One capture per charge, so the charge names the money.
    providerEventId: `${charge.reference}:capture`,
    paidAt: at,
    metadata: { charge: charge.reference },
  });
  const challengeUrl = (merchantId: string, reference: string) => `${publicBaseUrl}${CHALLENGE_PATH}/${encodeId('merchant', merchantId)}/${reference}`;
  const needsChallenge = (behaviour: CardBehaviour, setUp: boolean, merchantInitiated: boolean) =>
    behaviour.type === 'challenge_always' || (behaviour.type === 'challenge_on_setup' && !(setUp && merchantInitiated));

  return {
    ...CARD_CONNECTOR_TERMS,
    method: 'card',
    provider: SANDBOX_PROVIDER,
    live: false,

    async tokenize(ctx, card) {
      const reference = newReference('card_sbx');
      const behaviour = behaviourOf(card.number);
      await insertSandboxCard(ctx.db, { merchantId: ctx.merchantId, reference, behaviour: JSON.stringify(behaviour), setUp: false }, ctx.clock.now());
      const brand = cardBrand(card.number);
      return { outcome: 'succeeded', reference, funding: behaviour.type === 'approve' ? behaviour.funding : 'credit', country: brand && DOMESTIC_BR.has(brand) ? 'BR' : 'US' };
    },

    async create(ctx, request): Promise<CreateAnswer> {
      const reference = newReference('ch_sbx');
      const terms = request.card;
      const card = terms && (await findSandboxCard(ctx.db, ctx.merchantId, terms.cardReference));
      if (!terms || !card) return { outcome: 'declined', reference, failure: { code: 'card_declined', message: 'The sandbox acquirer has no such card' } };
      const behaviour = JSON.parse(card.behaviour) as CardBehaviour;
      if (behaviour.type === 'decline') return { outcome: 'declined', reference, failure: { code: behaviour.code, message: `The card was declined (${behaviour.code})` } };
      const now = ctx.clock.now();
      const charge: SandboxCardCharge = {
        merchantId: ctx.merchantId,
        reference,
        cardReference: card.reference,
        status: 'challenge',
        captureMethod: terms.captureMethod,
        amount: request.amount,
        amountCaptured: 0,
        amountRefunded: 0,
        returnUrl: terms.returnUrl,
        createdAt: now,
        updatedAt: now,
      };
      if (needsChallenge(behaviour, card.setUp, terms.merchantInitiated)) {
        await insertSandboxCardCharge(ctx.db, charge);
        return { outcome: 'requires_action', reference, nextAction: { type: 'redirect', url: challengeUrl(ctx.merchantId, reference) } };
      }
      if (terms.saving) await markSandboxCardSetUp(ctx.db, ctx.merchantId, card.reference);
      const automatic = terms.captureMethod === 'automatic';
      await insertSandboxCardCharge(ctx.db, { ...charge, status: automatic ? 'captured' : 'authorized', amountCaptured: automatic ? request.amount : 0 });
      return automatic ? { outcome: 'succeeded', reference, received: received(charge, request.amount, now) } : { outcome: 'authorized', reference };
    },

    async query(ctx, payment): Promise<QueryAnswer> {
      const charge = await findSandboxCardCharge(ctx.db, ctx.merchantId, payment.providerReference ?? '');
      if (!charge) return { outcome: 'declined', failure: { code: 'charge_not_found', message: 'The sandbox acquirer has no such charge' } };
      if (charge.status === 'captured') return { outcome: 'succeeded', received: received(charge, charge.amountCaptured, charge.updatedAt) };
      if (charge.status === 'failed') return { outcome: 'declined', failure: { code: 'card_declined', message: '3-D Secure authentication failed' } };
      if (charge.status === 'voided') return { outcome: 'declined', failure: { code: 'canceled', message: 'The authorisation was voided' } };
      return { outcome: 'pending' };
    },

    async cancel(ctx, payment) {
      const key = { merchantId: ctx.merchantId, reference: payment.providerReference ?? '' };
      const voided = await updateSandboxCardCharge(ctx.db, key, { status: 'voided', updatedAt: ctx.clock.now() }, ['challenge', 'authorized']);
      const charge = voided ?? (await findSandboxCardCharge(ctx.db, key.merchantId, key.reference));
      if (charge?.status === 'captured') return { outcome: 'declined', failure: { code: 'already_captured', message: 'The charge was captured: refund it instead' } };
      return { outcome: 'succeeded' };
    },

    async capture(ctx, payment, amount) {
      const key = { merchantId: ctx.merchantId, reference: payment.providerReference ?? '' };
      const found = await findSandboxCardCharge(ctx.db, key.merchantId, key.reference);
      if (!found || found.status !== 'authorized') {
        return { outcome: 'declined', failure: { code: 'not_authorized', message: `The charge is ${found?.status ?? 'unknown to the sandbox acquirer'}: only an authorisation can be captured` } };
      }
      if (amount > found.amount) return { outcome: 'declined', failure: { code: 'amount_too_large', message: `At most the ${found.amount} authorised can be captured` } };
      const now = ctx.clock.now();
      const charge = await updateSandboxCardCharge(ctx.db, key, { status: 'captured', amountCaptured: amount, updatedAt: now }, ['authorized']);
      if (!charge) return { outcome: 'declined', failure: { code: 'not_authorized', message: 'The authorisation changed meanwhile' } };
      return { outcome: 'succeeded', received: received(charge, amount, now) };
    },

    async refund(ctx, payment, request): Promise<RefundAnswer> {
      const key = { merchantId: ctx.merchantId, reference: payment.providerReference ?? '' };
      const charge = await findSandboxCardCharge(ctx.db, key.merchantId, key.reference);
      if (!charge || charge.status !== 'captured') return { outcome: 'declined', failure: { code: 'not_captured', message: 'Only a captured charge can be refunded' } };
      if (charge.amountRefunded + request.amount > charge.amountCaptured) {
        return { outcome: 'declined', failure: { code: 'refund_exceeds_captured', message: `Only ${charge.amountCaptured - charge.amountRefunded} of the charge is left to refund` } };
      }
      await updateSandboxCardCharge(ctx.db, key, { status: 'captured', amountRefunded: charge.amountRefunded + request.amount, updatedAt: ctx.clock.now() }, ['captured']);
      return { outcome: 'succeeded', metadata: { acquirer_refund: request.reference }, data: { refunded: true } };
    },

    // The sandbox answers every refund at once: one it answered was made; one it did not answer never reached it.
    async queryRefund(_ctx, _payment, request): Promise<RefundAnswer> {
      if (request.data.refunded === true) return { outcome: 'succeeded', metadata: { acquirer_refund: request.reference } };
      return { outcome: 'declined', failure: { code: 'refund_not_found', message: 'The sandbox acquirer has no such refund' } };
    },

    async challenge(db, merchantId, reference) {
      const charge = await findSandboxCardCharge(db, merchantId, reference);
      return charge?.status === 'challenge' ? charge : null;
    },

    async completeChallenge(db, merchantId, reference, passed, now) {
      const charge = await findSandboxCardCharge(db, merchantId, reference);
      if (!charge || charge.status !== 'challenge') throw new AppError('conflict', 'This 3-D Secure challenge is over');
      const automatic = charge.captureMethod === 'automatic';
      const status = !passed ? 'failed' : automatic ? 'captured' : 'authorized';
      const updated = await updateSandboxCardCharge(db, { merchantId, reference }, { status, amountCaptured: passed && automatic ? charge.amount : 0, updatedAt: now }, ['challenge']);
      if (!updated) throw new AppError('conflict', 'This 3-D Secure challenge is over');
      // A card authenticated once is set up: its saved card's merchant-initiated payments pass without a challenge.
      if (passed) await markSandboxCardSetUp(db, merchantId, charge.cardReference);
      const body: ChallengeNotification = {
        id: randomUUID(),
        type: passed ? 'card.challenge_passed' : 'card.challenge_failed',
        merchant: encodeId('merchant', merchantId),
        created: Math.floor(now.getTime() / 1000),
        data: { method: 'card', reference, capture_method: charge.captureMethod, amount: charge.amount, fee: passed && automatic ? feeFor(fees, charge.amount) : 0 },
      };
      return signedSandboxNotification(db, merchantId, body, now);
    },

    async parseNotification(ctx, notification) {
      const body = parseChallengeNotification(notification.rawBody);
      const merchantId = body && decodeId('merchant', body.merchant);
      if (!body || !merchantId) return null;
      const verified = await verifiedWithKnownSecret(ctx.db, merchantId, notification, ctx.clock.now());
      const { reference, amount, fee } = body.data;
      const change: NotifiedChange =
        body.type === 'card.challenge_failed'
          ? { action: 'failed', reference, failure: { code: 'card_declined', message: '3-D Secure authentication failed' } }
          : body.data.capture_method === 'manual'
            ? { action: 'authorized', reference }
            : { action: 'paid', reference, received: { amount, fee, providerEventId: `${reference}:capture`, paidAt: new Date(body.created * 1000), metadata: { charge: reference } } };
      return { merchantId, livemode: false, verified, changes: [change] };
    },
  };
}

function parseChallengeNotification(raw: Buffer): ChallengeNotification | null {
  let body: Partial<ChallengeNotification> | null;
  try {
    body = JSON.parse(raw.toString('utf8')) as Partial<ChallengeNotification> | null;
  } catch {
    return null;
  }
  const d = body?.data;
  if (!body || typeof body.merchant !== 'string' || (body.type !== 'card.challenge_passed' && body.type !== 'card.challenge_failed') || !d) return null;
  if (d.method !== 'card' || typeof d.reference !== 'string' || !Number.isSafeInteger(body.created)) return null;
  if (d.capture_method !== 'automatic' && d.capture_method !== 'manual') return null;
  if (!Number.isSafeInteger(d.amount) || d.amount <= 0 || !Number.isSafeInteger(d.fee) || d.fee < 0) return null;
  return body as ChallengeNotification;
}
