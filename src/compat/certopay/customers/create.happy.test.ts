import { describe, expect, it } from 'vitest';
import { encodeId } from '../../../domain/ids.js';
import { certopayApp, CPF, ISO_8601, UUID } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('POST /api/customers (CertoPay)', () => {
  it('answers 201 with {id, name, email, document, phone, createdAt}, each in its type', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/compat/certopay/api/customers',
      headers: { 'X-Api-Key': t.merchant.token, 'Content-Type': 'application/json' },
      payload: `{"name":"Maria Silva","email":"maria@example.com","document":"${CPF}","phone":"(11) 99999-9999"}`,
    });
    expect(res.statusCode).toBe(201);
    const customer = res.json();
    expect(Object.keys(customer)).toEqual(['id', 'name', 'email', 'document', 'phone', 'createdAt']);
    expect(customer).toMatchObject({ name: 'Maria Silva', email: 'maria@example.com', document: CPF, phone: '(11) 99999-9999' });
    expect(customer.id).toMatch(UUID);
    expect(customer.createdAt).toMatch(ISO_8601);
  });

  it('is the customer /v1 sees, with the CPF as its tax id; a phone is optional', async () => {
    const { body } = await cp('POST', '/api/customers', { body: { name: 'João', email: 'joao@example.com', document: '11144477735' } });
    expect(body.phone).toBeNull();
    const v1 = await t.request('GET', `/v1/customers/${encodeId('customer', body.id)}`);
    expect(v1.body).toMatchObject({ name: 'João', email: 'joao@example.com', tax_id: { type: 'br_cpf', value: '11144477735' } });
  });
});
