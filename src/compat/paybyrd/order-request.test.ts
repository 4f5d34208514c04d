import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors.js';
import { loadSeedOpenApi, requestExamples } from '../../../test/compat/seeds.js';
import { readOrderCreation } from './order-request.js';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const seed = loadSeedOpenApi('paybyrd-create-order-openapi.md');
const examples = requestExamples(seed, '/api/v2/orders', 'post');

function fieldError(body: unknown): { field: string; message: string } {
  try {
    readOrderCreation(body, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.code).toBe('validation_error');
    return { field: e.fields[0]!.path, message: e.message };
  }
  throw new Error('accepted');
}

const minimal = { isoAmount: 5000, currency: 'EUR', orderRef: 'ABC123456' };

describe('readOrderCreation: the seed examples', () => {
  it.each(Object.entries(examples))('accepts %s', (_name, example) => {
    const { input } = readOrderCreation(example, NOW);
    expect(input).toMatchObject({ amount: 5000, currency: 'EUR', reference: 'ABC123456', redirect_url: 'https://your-site-url/payment-finished', locale: 'en-US' });
  });

  it('maps the full example onto the canonical order and keeps what only Paybyrd has', () => {
    const { input, attributes } = readOrderCreation(examples['Order request full'], NOW);
    // expiresAt = creation + expiresIn (15 min) + sessionExpiresIn (10 min)
    expect(input.expires_at).toBe('2026-11-23T12:25:00.000Z');
    expect(input.payment_methods).toEqual(['card', 'multibanco', 'sepa_debit', 'ideal', 'mb_way']);
    expect(input.metadata).toEqual({ key1: '1', key2: 'value' });
    expect(input.line_items).toEqual([
      { type: 'product', description: 'Product', unit_amount: 2500, categories: ['Category 1', 'Category 2'], shipping_method: 'STD' },
      {
        type: 'travel',
        description: 'Travel',
        unit_amount: 125000,
        categories: ['AIRLINE TICKET'],
        shipping_method: 'VIR',
        travel: {
          travel_type: 'round_trip',
          departure: 'GIG',
          destination: 'LIS',
          destination_country: 'PRT',
          departure_at: '2024-12-19T19:30:00Z',
          return_at: '2024-12-31T15:30:00Z',
          travelers: 1,
          carrier: 'LP',
          has_insurance: false,
        },
      },
      { type: 'stay', description: 'Stay', unit_amount: 250000, categories: ['HOTEL'], shipping_method: 'VIR', stay: { room_range: '2 stars' } },
    ]);
    expect(attributes.shopper).toMatchObject({ firstName: 'JHOSH', ip: '111.111.111.111', phoneCountryCode: 351, birthDate: '2001-05-01' });
    expect(attributes.orderOptions).toEqual({
      expiresIn: '00:15:00',
      checkoutVersion: 2,
      notifyBy: {
        email: { address: 'customeremail@mail.com' },
        sms: { phoneCountryCode: 351, phoneNumber: '123123123' },
        whatsapp: { phoneCountryCode: 351, phoneNumber: '123123123' },
      },
    });
    expect(attributes.paymentOptions).toMatchObject({ maxAttempts: 1, sessionExpiresIn: '00:10:00', cardOptions: { isPreAuth: false } });
    expect(attributes.metadata).toEqual({ key1: 1, key2: 'value' });
  });
});

describe('readOrderCreation: binding as Paybyrd (.NET) binds', () => {
  it('matches property names in any letter case, nested too', () => {
    const { input, attributes } = readOrderCreation(
      { ISOAMOUNT: 1250, Currency: 'eur', OrderRef: 'R1', ShoppingCart: [{ Type: 'product', Amount: 1250 }], orderoptions: { RedirectURL: 'https://x.test/ok' }, Shopper: { PhoneNumber: '9' } },
      NOW,
    );
    expect(input).toMatchObject({ amount: 1250, currency: 'EUR', reference: 'R1', redirect_url: 'https://x.test/ok', line_items: [{ type: 'product', unit_amount: 1250 }] });
    expect(attributes.shopper).toEqual({ phoneNumber: '9' });
  });

  it('takes numbers as numeric strings and orderRef as a number', () => {
    const { input, attributes } = readOrderCreation(
      { isoAmount: '1250', currency: 'EUR', orderRef: 4101207154, shopper: { phoneCountryCode: '351' }, paymentOptions: { maxAttempts: '3' } },
      NOW,
    );
    expect(input).toMatchObject({ amount: 1250, reference: '4101207154' });
    expect(attributes.shopper).toEqual({ phoneCountryCode: 351 });
    expect(attributes.paymentOptions).toEqual({ maxAttempts: 3 });
  });

  it('reads explicit nulls as absent and ignores unknown properties', () => {
    const { input, attributes } = readOrderCreation(
      {
        ...minimal,
        shopper: null,
        metadata: null,
        orderOptions: { redirectUrl: null, culture: null },
        paymentOptions: { useSimulated: true, maxAttempts: null },
        expiresIn: 30,
        allowedPaymentMethods: ['CARD'],
        somethingElse: { deep: [1, 2] },
      },
      NOW,
    );
    expect(input).toEqual({ amount: 5000, currency: 'EUR', reference: 'ABC123456' });
    expect(attributes).toEqual({ paymentOptions: {} });
  });

  it('takes the legacy decimal amount when isoAmount is absent, and isoAmount when both come', () => {
    expect(readOrderCreation({ amount: '12.50', currency: 'EUR', orderRef: 'x' }, NOW).input.amount).toBe(1250);
    expect(readOrderCreation({ amount: 12.5, currency: 'EUR', orderRef: 'x' }, NOW).input.amount).toBe(1250);
    expect(readOrderCreation({ amount: '5', currency: 'JPY', orderRef: 'x' }, NOW).input.amount).toBe(5);
    expect(readOrderCreation({ isoAmount: 700, amount: '12.50', currency: 'EUR', orderRef: 'x' }, NOW).input.amount).toBe(700);
  });

  it('takes the live API shoppingCart {items: [...]} and the Physical item type', () => {
    const { input } = readOrderCreation({ ...minimal, shoppingCart: { Items: [{ type: 'Physical', amount: '10', description: 'Mug' }] } }, NOW);
    expect(input.line_items).toEqual([{ type: 'product', unit_amount: 10, description: 'Mug' }]);
  });

  it('takes d.hh:mm:ss time spans', () => {
    const { input } = readOrderCreation({ ...minimal, orderOptions: { expiresIn: '2.00:00:00' }, paymentOptions: { sessionExpiresIn: '00:30:00' } }, NOW);
    expect(input.expires_at).toBe('2026-11-25T12:30:00.000Z');
  });
});

describe('readOrderCreation: refuses, naming the field', () => {
  it.each([
    ['no amount at all', { currency: 'EUR', orderRef: 'x' }, '/isoAmount'],
    ['a negative isoAmount', { ...minimal, isoAmount: -5 }, '/isoAmount'],
    ['a zero isoAmount', { ...minimal, isoAmount: 0 }, '/isoAmount'],
    ['a fractional isoAmount', { ...minimal, isoAmount: 12.5 }, '/isoAmount'],
    ['a fractional isoAmount as a string', { ...minimal, isoAmount: '12.5' }, '/isoAmount'],
    ['isoAmount as text', { ...minimal, isoAmount: 'abc' }, '/isoAmount'],
    ['isoAmount as a boolean', { ...minimal, isoAmount: true }, '/isoAmount'],
    ['a legacy amount with too many decimals', { amount: '12.505', currency: 'EUR', orderRef: 'x' }, '/amount'],
    ['a legacy amount in an exponent', { amount: 1e21, currency: 'EUR', orderRef: 'x' }, '/amount'],
    ['an unknown currency', { ...minimal, currency: 'XYZ' }, '/currency'],
    ['no currency', { isoAmount: 5000, orderRef: 'x' }, '/currency'],
    ['a null currency', { ...minimal, currency: null }, '/currency'],
    ['no orderRef', { isoAmount: 5000, currency: 'EUR' }, '/orderRef'],
    ['orderRef as an object', { ...minimal, orderRef: { a: 1 } }, '/orderRef'],
    ['a boolean as text', { ...minimal, shopper: { firstName: true } }, '/shopper/firstName'],
    ['a boolean as a string', { ...minimal, paymentOptions: { cardOptions: { isPreAuth: 'false' } } }, '/paymentOptions/cardOptions/isPreAuth'],
    ['a malformed expiresIn', { ...minimal, orderOptions: { expiresIn: '15 minutes' } }, '/orderOptions/expiresIn'],
    ['expiresIn as a number', { ...minimal, orderOptions: { expiresIn: 15 } }, '/orderOptions/expiresIn'],
    ['a zero lifetime', { ...minimal, orderOptions: { expiresIn: '00:00:00' } }, '/orderOptions/expiresIn'],
    ['a lifetime beyond 366 days', { ...minimal, orderOptions: { expiresIn: '400.00:00:00' } }, '/orderOptions/expiresIn'],
    ['a malformed sessionExpiresIn', { ...minimal, paymentOptions: { sessionExpiresIn: '1h' } }, '/paymentOptions/sessionExpiresIn'],
    ['an unknown payment method', { ...minimal, paymentOptions: { allowedPaymentMethods: ['CARD', 'BITCOIN'] } }, '/paymentOptions/allowedPaymentMethods/1'],
    ['FLOA, which has no rail yet', { ...minimal, paymentOptions: { allowedPaymentMethods: ['FLOA3X'] } }, '/paymentOptions/allowedPaymentMethods/0'],
    ['an unknown item type', { ...minimal, shoppingCart: [{ type: 'Service' }] }, '/shoppingCart/0/type'],
    ['travel details on a product', { ...minimal, shoppingCart: [{ type: 'Product', departure: 'GIG' }] }, '/shoppingCart/0/type'],
    ['a malformed departure date', { ...minimal, shoppingCart: [{ type: 'Travel', departureDate: 'tomorrow' }] }, '/shoppingCart/0/departureDate'],
    ['an unknown shipping method', { ...minimal, shoppingCart: [{ shipping: { shippingMethod: 'PIGEON' } }] }, '/shoppingCart/0/shipping/shippingMethod'],
    ['a cart that is no list', { ...minimal, shoppingCart: 'none' }, '/shoppingCart'],
    ['a relative redirectUrl', { ...minimal, orderOptions: { redirectUrl: '/done' } }, '/orderOptions/redirectUrl'],
    ['a checkoutVersion 3', { ...minimal, orderOptions: { checkoutVersion: 3 } }, '/orderOptions/checkoutVersion'],
    ['metadata as a list', { ...minimal, metadata: [1] }, '/metadata'],
    ['a body that is no object', [minimal], '/'],
  ])('%s', (_name, body, field) => {
    expect(fieldError(body).field).toBe(field);
  });

  it('says what is wrong in the message', () => {
    expect(fieldError({ ...minimal, isoAmount: -5 }).message).toMatch(/^isoAmount must be an integer from 1/);
    expect(fieldError({ ...minimal, currency: 'XYZ' }).message).toMatch(/^currency XYZ is not a supported/);
  });
});
