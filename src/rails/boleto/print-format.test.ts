import { describe, expect, it } from 'vitest';
import { formatBrl, formatDate, formatTaxDocument } from './print-format.js';

describe('printed amounts, dates and documents', () => {
  it('formats centavos as pt-BR reais without a float', () => {
    expect(formatBrl(29700)).toBe('R$ 297,00');
    expect(formatBrl(5)).toBe('R$ 0,05');
    expect(formatBrl(0)).toBe('R$ 0,00');
    expect(formatBrl(100000)).toBe('R$ 1.000,00');
    expect(formatBrl(123456789)).toBe('R$ 1.234.567,89');
    expect(formatBrl(9_999_999_999)).toBe('R$ 99.999.999,99');
    for (const bad of [-1, 297.5, Number.NaN]) expect(() => formatBrl(bad)).toThrow(RangeError);
  });

  it('prints dates day first', () => {
    expect(formatDate('2025-02-22')).toBe('22/02/2025');
    expect(() => formatDate('2025-02-30')).toThrow();
  });

  it('punctuates and names CPF and CNPJ, numeric or alphanumeric, and leaves others alone', () => {
    expect(formatTaxDocument('52998224725')).toBe('CPF 529.982.247-25');
    expect(formatTaxDocument('529.982.247-25')).toBe('CPF 529.982.247-25');
    expect(formatTaxDocument('11222333000181')).toBe('CNPJ 11.222.333/0001-81');
    expect(formatTaxDocument('12abc34501de35')).toBe('CNPJ 12.ABC.345/01DE-35');
    expect(formatTaxDocument(' 12345 ')).toBe('12345');
  });
});
