import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors.js';
import { decodeId, encodeId, uuidv7 } from '../../domain/ids.js';
import { ORDER_STATUSES } from '../../domain/order-status.js';
import { documentedFields } from '../../../test/compat/seeds.js';
import { glomopayError } from './errors.js';
import { fromGlomopayId, glomopayId } from '../../domain/glomopay-ids.js';
import { canonicalStatuses, GLOMOPAY_ORDER_STATUS, GLOMOPAY_STATUSES } from './status.js';

describe('Glomopay ids', () => {
  it('spell the canonical id with Glomopay prefixes, both ways', () => {
    const uuid = uuidv7(Date.parse('2026-11-23T12:00:00Z'));
    const order = glomopayId('order', uuid);
    expect(order).toBe(`order_${encodeId('order', uuid).slice(4)}`);
    expect(fromGlomopayId('order', order)).toBe(uuid);
    expect(decodeId('order', `ord_${order.slice(6)}`)).toBe(uuid);
    expect(fromGlomopayId('customer', glomopayId('customer', uuid))).toBe(uuid);
  });

  it("refuse another prefix with Glomopay's message, and answer null for a token that names nothing", () => {
    expect(() => fromGlomopayId('order', 'ord_01m844dzg0e04b6ry7k7m1fkzz')).toThrow("Id must start with 'order_'");
    expect(() => fromGlomopayId('customer', 'order_x')).toThrow("Id must start with 'cust_'");
    expect(fromGlomopayId('order', 'order_678a4c88hpAjf')).toBeNull();
  });
});

describe('Glomopay statuses', () => {
  it("map every canonical status to a word of the seed's response enum", () => {
    const seedEnum = documentedFields('glomopay-create-order.md', 'Response 201 fields').find((f) => f.name === 'status')!.enum;
    expect([...GLOMOPAY_STATUSES].sort()).toEqual([...seedEnum!].sort());
    for (const status of ORDER_STATUSES) expect(seedEnum).toContain(GLOMOPAY_ORDER_STATUS[status]);
  });

  it('filter back onto every canonical status exactly once', () => {
    expect(GLOMOPAY_STATUSES.flatMap(canonicalStatuses).sort()).toEqual([...ORDER_STATUSES].sort());
  });
});

describe('Glomopay errors', () => {
  const fault = (code: AppError['code'], status: number, message: string) => ({ status, code, message, fields: [], method: 'GET', path: '/api/v1/orders' });
  it('are flat {error, message}; 401 and 429 carry only message; 5xx say nothing more', () => {
    expect(glomopayError(fault('validation_error', 400, 'amount must be integer'))).toEqual({ status: 400, body: { error: 'Bad Request', message: 'amount must be an integer' } });
    expect(glomopayError(fault('resource_missing', 404, "No such order: 'x'"))).toEqual({ status: 404, body: { error: 'Not Found', message: 'Order not found' } });
    expect(glomopayError(fault('invalid_credentials', 401, 'x')).body).toEqual({ message: 'Invalid API key' });
    expect(glomopayError(fault('rate_limited', 429, 'x')).body).toEqual({ message: 'Too many requests' });
    expect(glomopayError(fault('internal_error', 500, 'db down'))).toEqual({ status: 500, body: { error: 'Internal Server Error', message: 'Something went wrong' } });
  });
});
