/** A merchant's agreement with its bank, as the bank wrote it down; the fields a layout does not use are ignored. */
export interface BoletoBankSettings {
  bankCode: string;
  /** Agência, without its check digit. */
  agency: string;
  /** Conta corrente, without its check digit. */
  account: string;
  /** Carteira. */
  wallet: string;
  /** Convênio, for the banks that number their agreements (Banco do Brasil). */
  agreement?: string;
}

/** What one bank puts in the campo livre, and how its slip prints the numbers the campo livre is made of. */
export interface BankSlipFields {
  freeField: string;
  /** "Nosso número" as this bank prints it, with its check digit where the bank has one. */
  ourNumberText: string;
  /** "Agência / Código do beneficiário" as this bank prints it. */
  beneficiaryCodeText: string;
}

/** The numbers a campo livre was built from, read back (for reconciling a payment with its boleto). */
export interface FreeFieldContents {
  ourNumber: string;
  wallet: string;
  agreement?: string;
  agency?: string;
  account?: string;
}

export interface BankLayout {
  bankCode: string;
  /** Published with the code (001-9, 341-7); not computed, since banks disagree on what a remainder of 10 gives. */
  bankCodeCheckDigit: string;
  bankName: string;
  ourNumberLength: number;
  slipFields(settings: BoletoBankSettings, ourNumber: string): BankSlipFields;
  readFreeField(freeField: string): FreeFieldContents;
}
