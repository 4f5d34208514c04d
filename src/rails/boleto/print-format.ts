import { dayNumber, type IsoDate } from './due-date.js';

/** `R$ 1.234,56` from 123456 centavos, by string arithmetic: no float ever holds the amount. */
export function formatBrl(centavos: number): string {
  if (!Number.isSafeInteger(centavos) || centavos < 0) throw new RangeError(`not an amount in centavos: ${centavos}`);
  const digits = String(centavos).padStart(3, '0');
  const reais = digits.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, '.');
  return `R$ ${reais},${digits.slice(-2)}`;
}

/** `22/02/2025`, the way Brazilian slips print dates. */
export function formatDate(date: IsoDate): string {
  dayNumber(date, 'date');
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

/** "CPF 123.456.789-09" or "CNPJ 12.345.678/0001-95" (the alphanumeric CNPJ too), so the reader knows which. */
export function formatTaxDocument(document: string): string {
  const compact = document.replace(/[.\-/\s]/g, '').toUpperCase();
  if (/^\d{11}$/.test(compact)) {
    return `CPF ${compact.slice(0, 3)}.${compact.slice(3, 6)}.${compact.slice(6, 9)}-${compact.slice(9)}`;
  }
  if (/^[0-9A-Z]{12}\d{2}$/.test(compact)) {
    return `CNPJ ${compact.slice(0, 2)}.${compact.slice(2, 5)}.${compact.slice(5, 8)}/${compact.slice(8, 12)}-${compact.slice(12)}`;
  }
  return document.trim();
}
