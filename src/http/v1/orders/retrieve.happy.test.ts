import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';
import { decodeId } from '../../../domain/ids.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /v1/orders/:id', () => {
  it('returns the order by its ord_ id and by the same id as a UUID', async () => {
    const customer = await t.request('POST', '/v1/customers', { body: { name: 'Ana', tax_id: { type: 'br_cpf', value: '529.982.247-25' } } });
    const created = await t.request('POST', '/v1/orders', {
      body: orderBody({
        customer: customer.body.id,
        description: 'Two nights',
        payment_methods: ['pix', 'boleto', 'pix'],
        locale: 'pt-BR',
        redirect_url: 'https://shop.example/done',
        line_items: [
          { type: 'product', description: 'Mug', quantity: 2, unit_amount: 2500, categories: ['kitchen'], shipping_method: 'STD' },
          { type: 'travel', travel: { travel_type: 'round_trip', departure: 'GIG', destination: 'LIS', destination_country: 'PRT', travelers: 1 } },
          { type: 'stay', stay: { room_range: '2 stars', check_in: '2026-12-19', check_out: '2026-12-21' } },
        ],
      }),
    });
    expect(created.status).toBe(201);
    expect(created.body.payment_methods).toEqual(['pix', 'boleto']);
    const uuid = decodeId('order', created.body.id)!;
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const id of [created.body.id, uuid, uuid.toUpperCase()]) {
      const res = await t.request('GET', `/v1/orders/${id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(created.body);
    }
  });
});
