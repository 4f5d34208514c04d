/**
 * What every card connector shares. Card charges are in BRL (installments are a Brazilian card's) and the
 * currencies acquirers in the region settle. The fee is the sandbox's stand-in for an acquirer's MDR.
 */
export const CARD_CONNECTOR_TERMS = {
  currencies: ['BRL', 'USD', 'EUR', 'ARS'] as readonly string[],
  fees: { basisPoints: 299, fixed: 0 },
  // Acquirers pay card sales out after 30 days in Brazil (D+30) unless anticipated.
  availableAfterMs: 30 * 86_400_000,
  /** How long a payment may wait on its 3-D Secure challenge; the authorisation's own lifetime is the service's setting. */
  chargeLifetimeMs: 60 * 60_000,
  reconcileBackoffMs: [5_000, 30_000, 120_000, 600_000] as readonly number[],
};
