import type { Clock } from '../clock.js';
import type { CardConfig, Config } from '../config.js';
import { encodeId } from '../domain/ids.js';
import type { RailAccount } from '../domain/payment-settings.js';
import type { Payment } from '../domain/payments.js';
import type { ConnectorContext } from '../rails/connector.js';
import { railRegistry, type RailRegistry } from '../rails/registry.js';
import type { Queryable } from '../store/db.js';
import { fxDeps, type FxDeps } from './fx.js';
import { installationSealer, type Sealer } from './sealing.js';

/** What the payment services need beyond the store: the clock, the rails, and the public URL documents are served at. */
export interface PaymentDeps {
  clock: Clock;
  rails: RailRegistry;
  publicBaseUrl: string;
  /** Rates and their rules, for payments in another currency than their order. */
  fx: FxDeps;
  /** Card tokens' and authorisations' lifetimes, and the card-testing defences' limits. */
  cards: CardConfig;
  /** Opens what was sealed for later (a Glomopay order's secret key, which signs its checkout result). */
  sealer: Sealer;
}

export function paymentDeps(services: { clock: Clock; config: Config }): PaymentDeps {
  return { clock: services.clock, rails: railRegistry(services.config), publicBaseUrl: services.config.publicBaseUrl, fx: fxDeps(services), cards: services.config.cards, sealer: installationSealer(services.config) };
}

export function connectorContext(deps: PaymentDeps, db: Queryable, merchantId: string, livemode: boolean, account: RailAccount): ConnectorContext {
  return {
    db,
    clock: deps.clock,
    merchantId,
    livemode,
    account,
    documentUrl: (paymentId, document) => `${deps.publicBaseUrl}/v1/payments/${encodeId('payment', paymentId)}/${document}`,
  };
}

/**
 * A payment's connector context: with the account it was created on, kept in its provider data, so a
 * later change of settings does not change what is asked about an existing charge.
 */
export function paymentConnectorContext(deps: PaymentDeps, db: Queryable, payment: Payment): ConnectorContext {
  return connectorContext(deps, db, payment.merchantId, payment.livemode, payment.providerData.account as RailAccount);
}
