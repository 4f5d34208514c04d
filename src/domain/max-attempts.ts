/**
 * How many payments an order may have: the maxAttempts of its Paybyrd paymentOptions (the attributes the
 * Paybyrd face keeps with the order) when it set one, else the merchant's checkout max_attempts.
 */
export function maxAttemptsOf(paybyrdAttributes: Record<string, unknown> | null | undefined, checkoutMaxAttempts: number): number {
  const options = paybyrdAttributes?.paymentOptions as { maxAttempts?: unknown } | undefined;
  return typeof options?.maxAttempts === 'number' ? options.maxAttempts : checkoutMaxAttempts;
}
