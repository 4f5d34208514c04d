import { describe, expect, it } from 'vitest';
import { PixFormatError } from './errors.js';
import { parsePixKey } from './pix-key.js';

function refusal(input: string): PixFormatError {
  try {
    parsePixKey(input);
  } catch (error) {
    if (error instanceof PixFormatError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

describe('parsePixKey', () => {
  it('recognises each type of key in its one written form', () => {
    expect(parsePixKey('52998224725')).toEqual({ type: 'cpf', value: '52998224725' });
    expect(parsePixKey('11222333000181')).toEqual({ type: 'cnpj', value: '11222333000181' });
    expect(parsePixKey('fulano@example.com.br')).toEqual({ type: 'email', value: 'fulano@example.com.br' });
    expect(parsePixKey('+5511987654321')).toEqual({ type: 'phone', value: '+5511987654321' });
    expect(parsePixKey('+556132123456')).toEqual({ type: 'phone', value: '+556132123456' });
    expect(parsePixKey('7d9f0335-8dcc-4054-9bf9-0dbd61d36906')).toEqual({ type: 'evp', value: '7d9f0335-8dcc-4054-9bf9-0dbd61d36906' });
  });

  it('normalises surrounding spaces and the case of emails and random keys only', () => {
    expect(parsePixKey('  Fulano.Tal@Example.COM ')).toEqual({ type: 'email', value: 'fulano.tal@example.com' });
    expect(parsePixKey('7D9F0335-8DCC-4054-9BF9-0DBD61D36906').value).toBe('7d9f0335-8dcc-4054-9bf9-0dbd61d36906');
  });

  it("takes any UUID as a random key, as the manual's own example key is version 1", () => {
    expect(parsePixKey('123e4567-e12b-12d1-a456-426655440000').type).toBe('evp');
  });

  it('refuses CPFs and CNPJs whose check digits do not match, through the tax-id validator', () => {
    expect(refusal('52998224724').reason).toBe('check_digit_mismatch');
    expect(refusal('11111111111').reason).toBe('check_digit_mismatch');
    expect(refusal('11222333000180').reason).toBe('check_digit_mismatch');
  });

  it('refuses punctuated CPFs and CNPJs, saying how to write them', () => {
    expect(refusal('529.982.247-25').message).toMatch(/digits only/);
    expect(refusal('11.222.333/0001-81').message).toMatch(/digits only/);
  });

  it('refuses phones that are not +55, a DDD and a Brazilian number', () => {
    for (const phone of ['+55 11 98765-4321', '+5501987654321', '+55119876543210', '+5511887654321', '+551198765432', '+5511']) {
      expect(refusal(phone).reason, phone).toBe('invalid_format');
    }
    expect(refusal('+351912345678').message).toMatch(/\+55/);
    expect(refusal('11987654321').message).toMatch(/\+55/);
  });

  it('refuses emails over 77 characters or not addresses', () => {
    const local = 'a'.repeat(77 - '@example.com'.length);
    expect(parsePixKey(`${local}@example.com`).type).toBe('email');
    expect(refusal(`${local}a@example.com`).reason).toBe('too_long');
    for (const email of ['fulano@', '@example.com', 'fulano@example', 'ful ano@example.com', 'fulano@exa_mple.com', 'joão@example.com']) {
      expect(refusal(email).reason, email).toBe('invalid_format');
    }
  });

  it('refuses anything else, naming the forms a key takes', () => {
    for (const input of ['', '   ', 'chave', '1234', '7d9f0335-8dcc-4054-9bf9-0dbd61d3690', '{7d9f0335-8dcc-4054-9bf9-0dbd61d36906}']) {
      const error = refusal(input);
      expect(error.field, input).toBe('key');
      expect(error.message, input).toMatch(/CPF.*CNPJ.*email.*phone.*random key|digits only/);
    }
  });
});
