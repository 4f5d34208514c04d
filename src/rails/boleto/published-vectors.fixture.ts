import type { BoletoBankSettings } from './bank-layout.js';

/**
 * Boletos published with their expected barcode and digitable line, each check digit worked out again below.
 * Notation: Σ11 is the sum of the 43 digits other than position 5 times 2, 3, …, 9, 2, … from the right, and the
 * general check digit is 11 − Σ11 mod 11 (10 and 11 → 1); Σ10 is a field's sum of the digits of digit × 2, 1, 2, …
 * from the right, and its check digit is (10 − Σ10 mod 10) mod 10.
 */
export interface PublishedVector {
  source: string;
  settings: BoletoBankSettings;
  ourNumber: string;
  dueDate: string;
  /** A date near the one the vector was published for, for reading its due-date factor. */
  today: string;
  amount: number;
  barcode: string;
  digitableLine: string;
}

const BRCOBRANCA_BB = 'kivanio/brcobranca spec/brcobranca/boleto/banco_brasil_spec.rb, "convenio de 7 digitos e nosso numero de 10"';
const BRCOBRANCA_ITAU = 'kivanio/brcobranca spec/brcobranca/boleto/itau_spec.rb, "Gerar boleto"';
const BB_SETTINGS: BoletoBankSettings = { bankCode: '001', agency: '4042', account: '61900', wallet: '18', agreement: '1238798' };
const ITAU_SETTINGS: BoletoBankSettings = { bankCode: '341', agency: '0810', account: '53678', wallet: '175' };

export const PUBLISHED_VECTORS: PublishedVector[] = [
  {
    // Campo livre 000000 · 1238798 · 7777700168 · 18. Factor 3771: 2008-02-03 is 3771 days after 1997-10-07.
    // Σ11 = 756, 756 mod 11 = 8, DV 11 − 8 = 3.
    // Field 1 0019 00000: products from the right 0,0,0,0,0,9×1,1×2,0,0 → Σ10 = 11 → DV 9.
    // Field 2 0123879877: Σ10 = 51 → DV 9. Field 3 7770016818: Σ10 = 42 → DV 8.
    source: BRCOBRANCA_BB,
    settings: BB_SETTINGS,
    ourNumber: '7777700168',
    dueDate: '2008-02-03',
    today: '2008-02-01',
    amount: 13500,
    barcode: '00193377100000135000000001238798777770016818',
    digitableLine: '00190.00009 01238.798779 77700.168188 3 37710000013500',
  },
  {
    // Same campo livre and fields 1–3 as above. Σ11 = 820, 820 mod 11 = 6, DV 5.
    source: BRCOBRANCA_BB,
    settings: BB_SETTINGS,
    ourNumber: '7777700168',
    dueDate: '2008-02-03',
    today: '2008-02-01',
    amount: 72356,
    barcode: '00195377100000723560000001238798777770016818',
    digitableLine: '00190.00009 01238.798779 77700.168188 5 37710000072356',
  },
  {
    // Factor 3769 = 2008-02-01. Σ11 = 854, 854 mod 11 = 7, DV 4.
    source: BRCOBRANCA_BB,
    settings: BB_SETTINGS,
    ourNumber: '7777700168',
    dueDate: '2008-02-01',
    today: '2008-02-01',
    amount: 72356,
    barcode: '00194376900000723560000001238798777770016818',
    digitableLine: '00190.00009 01238.798779 77700.168188 4 37690000072356',
  },
  {
    // Campo livre 175 · 12345678 · DAC 4 · 0810 · 53678 · DAC 9 · 000, where the nosso número's DAC is over
    // 0810 53678 175 12345678: Σ10 = 86 → 4, and the account's over 0810 53678: Σ10 = 31 → 9. Factor 4329 = 2009-08-14.
    // Σ11 = 825 = 75 × 11, remainder 0, 11 − 0 = 11 → DV 1 (a published "11 → 1").
    // Field 1 3419 17512: Σ10 = 36 → 4. Field 2 3456784081: Σ10 = 47 → 3. Field 3 0536789000: Σ10 = 30 → 0.
    source: BRCOBRANCA_ITAU,
    settings: ITAU_SETTINGS,
    ourNumber: '12345678',
    dueDate: '2009-08-14',
    today: '2009-08-01',
    amount: 0,
    barcode: '34191432900000000001751234567840810536789000',
    digitableLine: '34191.75124 34567.840813 05367.890000 1 43290000000000',
  },
  {
    // Nosso número 258281 padded to 00258281; its DAC over 0810 53678 175 00258281: Σ10 = 73 → 7. Factor 3770 =
    // 2008-02-02. Σ11 = 835, 835 mod 11 = 10, DV 11 − 10 = 1 (a 1 that is not remapped).
    // Field 1 3419 17500: Σ10 = 31 → 9. Field 2 2582817081: Σ10 = 42 → 8. Field 3 as above → 0.
    source: BRCOBRANCA_ITAU,
    settings: ITAU_SETTINGS,
    ourNumber: '258281',
    dueDate: '2008-02-02',
    today: '2008-02-01',
    amount: 13500,
    barcode: '34191377000000135001750025828170810536789000',
    digitableLine: '34191.75009 25828.170818 05367.890000 1 37700000013500',
  },
  {
    // After the reset: 2029-05-20 is 1548 days after 2025-02-22, so factor 1000 + 1548 = 2548 (before the reset
    // 2548 was 2004-09-28). DACs: over 1248 02124 109 00010152 Σ10 = 53 → 7; over 1248 02124 Σ10 = 34 → 6.
    // Σ11 = 777, 777 mod 11 = 7, DV 4. Field 1 3419 10900: Σ10 = 32 → 8. Field 2 0101527124: Σ10 = 32 → 8.
    // Field 3 8021246000: Σ10 = 28 → 2.
    source: BRCOBRANCA_ITAU,
    settings: { bankCode: '341', agency: '1248', account: '02124', wallet: '109' },
    ourNumber: '00010152',
    dueDate: '2029-05-20',
    today: '2026-06-01',
    amount: 675787,
    barcode: '34194254800006757871090001015271248021246000',
    digitableLine: '34191.09008 01015.271248 80212.460002 4 25480000675787',
  },
];

/**
 * brcobranca's carteira-168 vector, which its own rule contradicts: 168 is one of the carteiras whose nosso-número
 * DAC covers only carteira and nosso número (168 00258281: Σ10 = 40 → 0), but the spec passes the carteira as the
 * integer 168, the string list of exceptions misses it, and the DAC comes out the ordinary way (0810 53678 168
 * 00258281: Σ10 = 78 → 2). Its barcode-level check digits are right (Σ11 = 788, mod 11 = 7, DV 4), so the line
 * parses; only Itaú's own DAC inside the campo livre is off.
 */
export const BRCOBRANCA_ITAU_168 = {
  source: `${BRCOBRANCA_ITAU}, carteira 168`,
  barcode: '34194252500000135001680025828120810536789000',
  digitableLine: '34191.68004 25828.120813 05367.890000 4 25250000013500',
};

/**
 * Itaú's worked example of the nosso-número DAC (its manual's annex 4, as quoted in jrimum/bopepo
 * src/main/java/org/jrimum/bopepo/campolivre/CLItauPadrao.java): agência/conta 0057/12345-7, carteira 110,
 * nosso número 12345678 → sequence 0057 12345 110 12345678, total 72, DAC 10 − 2 = 8. The account's DAC 7 is
 * 0057 12345: Σ10 = 23 → 7.
 */
export const ITAU_MANUAL_EXAMPLE = {
  settings: { bankCode: '341', agency: '0057', account: '12345', wallet: '110' } satisfies BoletoBankSettings,
  ourNumber: '12345678',
  ourNumberText: '110/12345678-8',
  beneficiaryCodeText: '0057 / 12345-7',
};
