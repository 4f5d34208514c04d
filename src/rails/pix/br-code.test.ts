import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBrCode, parseBrCode, type BrCodeInput, type DynamicBrCodeInput, type StaticBrCodeInput } from './br-code.js';
import { crc16CcittFalse, decodeEmvPayload, encodeEmvPayload, type EmvField } from '../emv.js';
import { PixFormatError, type PixField } from './errors.js';
import { parsePixKey } from './pix-key.js';

// The static example of the BCB's Manual de Padrões para Iniciação do Pix, to the byte: the independent check of
// this builder, as no other Pix implementation is installed.
const MANUAL_STATIC =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA' +
  '62070503***63041D3D';

// The manual's dynamic example (section 6.2, as transcribed in gist matheusb-comp/1efa205b…, CRC EEAB included),
// with the GUI in capitals, which readers must also accept.
const MANUAL_DYNAMIC =
  '00020101021226770014BR.GOV.BCB.PIX2555pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99520400005303986' +
  '5802BR5907EMPRESA6009SAO PAULO62070503***6304EEAB';

const MANUAL_STATIC_INPUT: StaticBrCodeInput = {
  kind: 'static',
  key: '123e4567-e12b-12d1-a456-426655440000',
  merchantName: 'Fulano de Tal',
  merchantCity: 'BRASILIA',
};

const MAX_AMOUNT = 999_999_999_999;

function refusal(run: () => unknown): PixFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof PixFormatError) return error;
    throw error;
  }
  throw new Error('expected a PixFormatError');
}

/** The manual's static example as fields, changed by `change`, with a correct CRC: a code wrong in one way. */
function manualStaticWith(change: (fields: Map<string, EmvField['value']>) => void): string {
  const fields = new Map<string, EmvField['value']>([
    ['00', '01'],
    ['26', [{ id: '00', value: 'br.gov.bcb.pix' }, { id: '01', value: MANUAL_STATIC_INPUT.key }]],
    ['52', '0000'],
    ['53', '986'],
    ['58', 'BR'],
    ['59', 'Fulano de Tal'],
    ['60', 'BRASILIA'],
    ['62', [{ id: '05', value: '***' }]],
  ]);
  change(fields);
  return encodeEmvPayload([...fields].map(([id, value]) => ({ id, value })));
}

describe('buildBrCode', () => {
  it("reproduces the manual's static example to the byte", () => {
    expect(buildBrCode(MANUAL_STATIC_INPUT)).toBe(MANUAL_STATIC);
    expect(manualStaticWith(() => {})).toBe(MANUAL_STATIC);
  });

  it("reproduces the manual's dynamic example but for the GUI, which it writes in lower case", () => {
    const built = buildBrCode({
      kind: 'dynamic',
      location: 'https://pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99',
      merchantName: 'EMPRESA',
      merchantCity: 'SAO PAULO',
    });
    const body = MANUAL_DYNAMIC.slice(0, -4).replace('BR.GOV.BCB.PIX', 'br.gov.bcb.pix');
    expect(built).toBe(body + crc16CcittFalse(body));
  });

  it('writes every static field in the order of the manual', () => {
    const built = buildBrCode({
      kind: 'static',
      key: 'Fulano@Example.com',
      merchantName: 'Padaria São João',
      merchantCity: 'São Paulo',
      amount: 29700,
      description: 'Pedido 1001',
      txid: 'PEDIDO1001',
      merchantCategoryCode: '5812',
      singleUse: true,
    });
    const body = [
      '000201',
      '010212',
      '2655',
      '0014br.gov.bcb.pix',
      '0118fulano@example.com',
      '0211Pedido 1001',
      '52045812',
      '5303986',
      '5406297.00',
      '5802BR',
      '5916Padaria Sao Joao',
      '6009Sao Paulo',
      '6214',
      '0510PEDIDO1001',
      '6304',
    ].join('');
    expect(built).toBe(body + crc16CcittFalse(body));
  });

  it('writes the amount from the integer centavos with exactly two decimals', () => {
    const amountField = (amount: number) => decodeEmvPayload(buildBrCode({ ...MANUAL_STATIC_INPUT, amount })).get('54');
    expect([1, 10, 29, 100, 1005, 29700, MAX_AMOUNT].map(amountField)).toEqual([
      '0.01',
      '0.10',
      '0.29',
      '1.00',
      '10.05',
      '297.00',
      '9999999999.99',
    ]);
  });

  it('drops accents and keeps case in names and cities, collapsing spaces', () => {
    const parsed = (merchantName: string, merchantCity: string) => parseBrCode(buildBrCode({ ...MANUAL_STATIC_INPUT, merchantName, merchantCity }));
    expect(parsed('Ação & Cia.', 'São Paulo')).toMatchObject({ merchantName: 'Acao & Cia.', merchantCity: 'Sao Paulo' });
    expect(parsed('  Café\tÑandú  ', 'GOIÂNIA')).toMatchObject({ merchantName: 'Cafe Nandu', merchantCity: 'GOIANIA' });
    expect(parsed('ＬＯＪＡ', 'Brasília')).toMatchObject({ merchantName: 'LOJA', merchantCity: 'Brasilia' });
    expect(parsed('Jo\u0303ao', 'X').merchantName).toBe('Joao');
  });

  it('names the field of every input it refuses', () => {
    const cases: [Partial<StaticBrCodeInput> | Partial<DynamicBrCodeInput>, PixField, string][] = [
      [{ key: 'not a key' }, 'key', 'invalid_format'],
      [{ key: '52998224724' }, 'key', 'check_digit_mismatch'],
      [{ merchantName: '' }, 'merchant_name', 'required'],
      [{ merchantName: '   ' }, 'merchant_name', 'required'],
      [{ merchantName: 'A'.repeat(26) }, 'merchant_name', 'too_long'],
      [{ merchantName: 'Straße' }, 'merchant_name', 'not_ascii'],
      [{ merchantName: 'Loja 🙂' }, 'merchant_name', 'not_ascii'],
      [{ merchantCity: 'São José dos Campos' }, 'merchant_city', 'too_long'],
      [{ merchantCity: '' }, 'merchant_city', 'required'],
      [{ amount: 0 }, 'amount', 'out_of_range'],
      [{ amount: -100 }, 'amount', 'out_of_range'],
      [{ amount: 10.5 }, 'amount', 'out_of_range'],
      [{ amount: Number.NaN }, 'amount', 'out_of_range'],
      [{ amount: MAX_AMOUNT + 1 }, 'amount', 'out_of_range'],
      [{ merchantCategoryCode: '581' }, 'merchant_category_code', 'invalid_format'],
      [{ merchantCategoryCode: 'abcd' }, 'merchant_category_code', 'invalid_format'],
      [{ txid: 'pedido-1001' }, 'txid', 'invalid_format'],
      [{ txid: 'a'.repeat(26) }, 'txid', 'invalid_format'],
      [{ txid: '' }, 'txid', 'invalid_format'],
      [{ description: 'x'.repeat(38) }, 'description', 'too_long'],
      [{ description: 'Pão € 10' }, 'description', 'not_ascii'],
      [{ key: `${'a'.repeat(65)}@example.com`, description: 'x' }, 'description', 'too_long'],
    ];
    for (const [change, field, reason] of cases) {
      const error = refusal(() => buildBrCode({ ...MANUAL_STATIC_INPUT, ...change } as BrCodeInput));
      expect([error.field, error.reason], JSON.stringify(change)).toEqual([field, reason]);
      expect(error.fields[0]?.path).toBe(`/${field}`);
    }
    expect(buildBrCode({ ...MANUAL_STATIC_INPUT, description: 'x'.repeat(37) })).toContain(`0237${'x'.repeat(37)}`);
  });

  it('refuses locations that are not an HTTPS URL written without its scheme', () => {
    const dynamic = (location: string) => () =>
      buildBrCode({ kind: 'dynamic', location, merchantName: 'EMPRESA', merchantCity: 'SAO PAULO' });
    const cases: [string, string][] = [
      ['', 'required'],
      ['http://pix.example.com/qr/1', 'unsupported'],
      ['https://https://pix.example.com/qr/1', 'unsupported'],
      ['pix.example.com/qr/a b', 'invalid_format'],
      ['localhost/qr/1', 'invalid_format'],
      [`pix.example.com/${'q'.repeat(62)}`, 'too_long'],
    ];
    for (const [location, reason] of cases) {
      const error = refusal(dynamic(location));
      expect([error.field, error.reason], location).toEqual(['location', reason]);
    }
    expect(dynamic(`pix.example.com/${'q'.repeat(61)}`)()).toContain('2577');
  });
});

describe('parseBrCode', () => {
  it("reads the manual's static and dynamic examples", () => {
    expect(parseBrCode(MANUAL_STATIC)).toEqual({
      kind: 'static',
      key: { type: 'evp', value: '123e4567-e12b-12d1-a456-426655440000' },
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
      merchantCategoryCode: '0000',
      singleUse: false,
    });
    expect(parseBrCode(MANUAL_DYNAMIC)).toEqual({
      kind: 'dynamic',
      location: 'pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99',
      merchantName: 'EMPRESA',
      merchantCity: 'SAO PAULO',
      merchantCategoryCode: '0000',
    });
  });

  it('refuses the often-quoted 170E vector, whose field 62 overruns into the CRC; written right, its CRC is 04ED', () => {
    const head = '00020126360014BR.GOV.BCB.PIX0114+55119432143215204000053039865405' + '66.665802BR5907EMPRESA6008BRASILIA';
    expect(refusal(() => parseBrCode(`${head}62080503***6304170E`)).field).toBe('payload');
    expect(refusal(() => parseBrCode(`${head}62070503***6304170E`)).reason).toBe('crc_mismatch');
    expect(parseBrCode(`${head}62070503***630404ED`)).toMatchObject({ key: { type: 'phone', value: '+5511943214321' }, amount: 6666 });
  });

  it('accepts the amounts EMV allows beyond two decimals, and other arrangements beside Pix', () => {
    const amount = (text: string) => parseBrCode(manualStaticWith((fields) => fields.set('54', text))).amount;
    expect(['10', '10.5', '10.50', '0.01'].map(amount)).toEqual([1000, 1050, 1050, 1]);
    const withOthers = manualStaticWith((fields) => {
      fields.set('27', [{ id: '00', value: 'BR.COM.OUTRO' }, { id: '01', value: '0123456789' }]);
      fields.set('61', '70074900');
      fields.set('80', [{ id: '00', value: 'BR.COM.OUTRO' }]);
    });
    expect(parseBrCode(withOthers)).toEqual(parseBrCode(MANUAL_STATIC));
  });

  it('names the field at fault in a code that is well-formed EMV but not a valid Pix code', () => {
    const gui = (value: string) => (fields: Map<string, EmvField['value']>) =>
      fields.set('26', [{ id: '00', value }, { id: '01', value: MANUAL_STATIC_INPUT.key }]);
    const cases: [(fields: Map<string, EmvField['value']>) => unknown, PixField][] = [
      [(f) => f.set('00', '02'), 'payload_format'],
      [(f) => f.set('01', '13'), 'point_of_initiation'],
      [gui('br.gov.bcb.pox'), 'merchant_account'],
      [(f) => f.set('26', [{ id: '00', value: 'br.gov.bcb.pix' }]), 'merchant_account'],
      [
        (f) =>
          f.set('26', [
            { id: '00', value: 'br.gov.bcb.pix' },
            { id: '01', value: MANUAL_STATIC_INPUT.key },
            { id: '25', value: 'pix.example.com/qr/1' },
          ]),
        'merchant_account',
      ],
      [(f) => f.delete('26'), 'merchant_account'],
      [(f) => f.set('26', [{ id: '00', value: 'br.gov.bcb.pix' }, { id: '01', value: '52998224724' }]), 'key'],
      [(f) => f.set('52', '58'), 'merchant_category_code'],
      [(f) => f.set('53', '840'), 'currency'],
      [(f) => f.set('54', '0.00'), 'amount'],
      [(f) => f.set('54', '1.234'), 'amount'],
      [(f) => f.set('54', '1,00'), 'amount'],
      [(f) => f.set('58', 'AR'), 'country_code'],
      [(f) => f.delete('59'), 'merchant_name'],
      [(f) => f.set('59', 'A'.repeat(26)), 'merchant_name'],
      [(f) => f.set('60', 'B'.repeat(16)), 'merchant_city'],
      [(f) => f.set('60', ' '), 'merchant_city'],
      [(f) => f.delete('62'), 'txid'],
      [(f) => f.set('62', [{ id: '50', value: 'x' }]), 'txid'],
      [(f) => f.set('62', [{ id: '05', value: 'pedido-1001' }]), 'txid'],
    ];
    for (const [change, field] of cases) {
      expect(refusal(() => parseBrCode(manualStaticWith(change))).field, String(change)).toBe(field);
    }
    expect(parseBrCode(manualStaticWith(gui('BR.GOV.BCB.PIX')))).toEqual(parseBrCode(MANUAL_STATIC));
  });

  it('refuses a dynamic code that is reusable or whose location carries a scheme', () => {
    const noInitiation = MANUAL_DYNAMIC.slice(0, -4).replace('010212', '');
    expect(refusal(() => parseBrCode(noInitiation + crc16CcittFalse(noInitiation))).field).toBe('point_of_initiation');
    const schemed = manualStaticWith((fields) => {
      fields.set('01', '12');
      fields.set('26', [{ id: '00', value: 'br.gov.bcb.pix' }, { id: '25', value: 'https://pix.example.com/qr/1' }]);
    });
    expect(refusal(() => parseBrCode(schemed)).field).toBe('location');
  });

  it('refuses every one-character change to a valid code', () => {
    for (let at = 0; at < MANUAL_STATIC.length; at++) {
      for (const char of ['0', '9', 'A', 'f', '*', ' ', '~']) {
        if (MANUAL_STATIC[at] === char) continue;
        const changed = MANUAL_STATIC.slice(0, at) + char + MANUAL_STATIC.slice(at + 1);
        expect(() => parseBrCode(changed), `${char} at ${at}`).toThrow(PixFormatError);
      }
    }
    expect(refusal(() => parseBrCode(MANUAL_STATIC.replace('Fulano', 'Fulana'))).field).toBe('crc');
    expect(refusal(() => parseBrCode('')).field).toBe('crc');
  });
});

const word = fc.stringMatching(/^[A-Za-z0-9.&'*-]{1,8}$/);
const plainText = (maxLength: number) =>
  fc
    .array(word, { minLength: 1, maxLength: 4 })
    .map((words) => words.join(' '))
    .filter((text) => text.length <= maxLength);

const validKey = fc.oneof(
  fc.constantFrom('52998224725', '12345678909', '11222333000181', '00000000000191'),
  fc.uuid(),
  fc
    .tuple(fc.stringMatching(/^[a-z0-9]([a-z0-9._-]{0,13}[a-z0-9])?$/), fc.stringMatching(/^[a-z0-9]{1,10}$/))
    .map(([local, domain]) => `${local}@${domain}.com.br`),
  fc.tuple(fc.integer({ min: 11, max: 99 }).filter((ddd) => ddd % 10 !== 0), fc.stringMatching(/^9\d{8}$/)).map(([ddd, n]) => `+55${ddd}${n}`),
);

const common = {
  merchantName: plainText(25),
  merchantCity: plainText(15),
  amount: fc.option(fc.integer({ min: 1, max: MAX_AMOUNT }), { nil: undefined }),
  merchantCategoryCode: fc.option(fc.stringMatching(/^\d{4}$/), { nil: undefined }),
};

const validStatic: fc.Arbitrary<StaticBrCodeInput> = fc.record({
  kind: fc.constant('static' as const),
  key: validKey,
  description: fc.option(plainText(30), { nil: undefined }),
  txid: fc.option(fc.stringMatching(/^[a-zA-Z0-9]{1,25}$/), { nil: undefined }),
  singleUse: fc.boolean(),
  ...common,
});

const validLocation = fc
  .tuple(fc.boolean(), fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/))
  .map(([scheme, host, path]) => `${scheme ? 'https://' : ''}pix.${host}.example.com/qr/v2/${path}`);

const validDynamic: fc.Arbitrary<DynamicBrCodeInput> = fc.record({ kind: fc.constant('dynamic' as const), location: validLocation, ...common });

describe('build and parse together', () => {
  it('round-trip every valid input', () => {
    fc.assert(
      fc.property(fc.oneof(validStatic, validDynamic), (input) => {
        const { kind, merchantName, merchantCity, amount, merchantCategoryCode = '0000' } = input;
        const expected =
          input.kind === 'static'
            ? {
                kind,
                key: parsePixKey(input.key),
                description: input.description,
                txid: input.txid,
                singleUse: input.singleUse,
              }
            : { kind, location: input.location.replace(/^https:\/\//, '') };
        expect(parseBrCode(buildBrCode(input))).toEqual({ ...expected, merchantName, merchantCity, amount, merchantCategoryCode });
      }),
    );
  });

  it('never emit an invalid payload: any input is refused by name or builds a code that parses', () => {
    const anyText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), plainText(25));
    const garbage: Record<string, fc.Arbitrary<unknown>> = {
      key: fc.string({ maxLength: 80 }),
      location: fc.oneof(fc.string({ maxLength: 80 }), fc.webUrl()),
      merchantName: anyText,
      merchantCity: anyText,
      amount: fc.oneof(fc.integer(), fc.double()),
      merchantCategoryCode: fc.string({ maxLength: 5 }),
      description: anyText,
      txid: fc.string({ maxLength: 30 }),
    };
    const garbled = fc.oneof(...Object.entries(garbage).map(([name, value]) => value.map((v) => ({ [name]: v }))));
    const valid = fc.oneof(validStatic, validDynamic);
    const anyInput = fc.oneof(
      valid,
      fc.tuple(valid, garbled).map(([input, change]) => ({ ...input, ...change })),
      fc.tuple(valid, garbled, garbled).map(([input, one, other]) => ({ ...input, ...one, ...other })),
    );
    const outcomes = { built: 0, refused: 0 };
    fc.assert(
      fc.property(anyInput, (input) => {
        let payload: string;
        try {
          payload = buildBrCode(input as BrCodeInput);
        } catch (error) {
          expect(error).toBeInstanceOf(PixFormatError);
          outcomes.refused++;
          return;
        }
        outcomes.built++;
        expect(payload).toMatch(/^[\x20-\x7e]+$/);
        expect(payload.slice(-4)).toBe(crc16CcittFalse(payload.slice(0, -4)));
        expect(parseBrCode(payload).kind).toBe((input as BrCodeInput).kind);
      }),
      { numRuns: 2000 },
    );
    expect(outcomes.built).toBeGreaterThan(400);
    expect(outcomes.refused).toBeGreaterThan(400);
  });
});
