import { describe, expect, it } from 'vitest';
import { BAD_CPF, certopayApp, CPF, expectNestError } from '../fixture.js';

const { cp } = await certopayApp();

describe('POST /api/customers (CertoPay): the CPF and the other fields are checked', () => {
  const body = (overrides: Record<string, unknown>) => ({ name: 'Maria', email: 'maria@example.com', document: CPF, ...overrides });

  it.each([
    [{ document: BAD_CPF }, 'document must be a valid CPF (11 digits, no punctuation)'],
    [{ document: '529.982.247-25' }, 'document must be a valid CPF (11 digits, no punctuation)'],
    [{ document: '5299822472' }, 'document must be a valid CPF (11 digits, no punctuation)'],
    [{ document: '00000000000' }, 'document must be a valid CPF (11 digits, no punctuation)'],
    [{ document: 52998224725 }, 'document must be string'],
    [{ document: undefined }, 'document is required'],
    [{ name: undefined }, 'name is required'],
    [{ email: 'not-an-email' }, 'email must match format "email"'],
  ])('answers 400 to %o: "%s"', async (overrides, message) => {
    expectNestError(await cp('POST', '/api/customers', { body: body(overrides) }), 400, message);
  });

  it('wrote no customer', async () => {
    expect((await cp('GET', '/api/customers')).body).toEqual([]);
  });
});
