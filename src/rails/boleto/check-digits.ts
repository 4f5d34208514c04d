/**
 * FEBRABAN "módulo 10": weights 2, 1, 2, 1, … from the rightmost digit, the digits of each product summed
 * (so 7 × 2 = 14 counts 1 + 4), check digit = (10 − sum mod 10) mod 10. The digitable line's three field check
 * digits use it, and so does Itaú for the DACs inside its campo livre.
 */
export function mod10(digits: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    const product = Number(digits[i]) * weight;
    sum += product > 9 ? product - 9 : product;
    weight = weight === 2 ? 1 : 2;
  }
  return (10 - (sum % 10)) % 10;
}

/** Σ digit × weight with weights 2, 3, …, 9, 2, 3, … from the rightmost digit: the base of every módulo 11 here. */
export function mod11WeightedSum(digits: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += Number(digits[i]) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  return sum;
}

/**
 * The barcode's general check digit (position 5) over the other 43 digits: 11 − (sum mod 11), where the 10 and 11
 * that remainders 1 and 0 give become 1, so the digit is never 0 (FEBRABAN's "0, 10 or 11 → 1").
 */
export function barcodeCheckDigit(otherDigits: string): number {
  const digit = 11 - (mod11WeightedSum(otherDigits) % 11);
  return digit >= 10 ? 1 : digit;
}
