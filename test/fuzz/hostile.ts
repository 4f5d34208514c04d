import fc from 'fast-check';

/**
 * Hostile values, each tagged with what is odd about it. Tags name the kind of hostility (not the
 * exact value), so two failures with the same tags on the same route are taken to share a cause.
 */

/** A generated value and the hostile mutations it carries. */
export interface Gen<T = unknown> {
  value: T;
  tags: string[];
}

/** fc.oneof that shrinks across alternatives to the first one: every oneof here lists the ordinary value first. */
export function oneof<T>(...arbs: Array<fc.Arbitrary<T> | fc.WeightedArbitrary<T>>): fc.Arbitrary<T> {
  return fc.oneof({ withCrossShrink: true }, ...arbs);
}

export const plain = <T>(value: T): Gen<T> => ({ value, tags: [] });
export const tagged = <T>(tag: string, value: T): Gen<T> => ({ value, tags: [tag] });
export const tagAll = <T>(tag: string, values: T[]): fc.Arbitrary<Gen<T>> => fc.constantFrom(...values).map((v) => tagged(tag, v));

/** JSON text written as is into a body: numbers JSON.stringify cannot spell (1e3, -0, 1e400), deep nesting. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON.stringify that writes RawJson values verbatim. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof RawJson ? `\u0001raw${raws.push(v.text) - 1}\u0001` : v)) ?? 'null';
  return raws.length ? text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]!) : text;
}

// ---------------------------------------------------------------- strings

/** Characters inserted into valid strings, weighted toward the ones that have reached the database before: NUL and lone surrogates. */
const INSERTS: Array<fc.WeightedArbitrary<[string, string]>> = [
  { weight: 4, arbitrary: fc.constant<[string, string]>(['nul', '\u0000']) },
  { weight: 4, arbitrary: fc.constantFrom<[string, string]>(['lone-surrogate', '\ud800'], ['lone-surrogate', '\udfff'], ['lone-surrogate', '\ud83d']) },
  { weight: 1, arbitrary: fc.constant<[string, string]>(['control-char', '\u0001\u001b\u007f']) },
  { weight: 2, arbitrary: fc.constantFrom<[string, string]>(...['\u202e', '\ufeff', '\u200b', 'e\u0301', '\uffff', '\ud83d\ude00'].map((c): [string, string] => ['unicode-odd', c])) },
  { weight: 1, arbitrary: fc.constant<[string, string]>(['newline', '\r\n']) },
];

const INJECTIONS = ["'; DROP TABLE orders; --", "' OR '1'='1", '<script>alert(1)</script>', '${7*7}{{7*7}}', '../../../etc/passwd', '%00', '\\', '"', 'null', 'undefined', 'NaN', '-1', '0'];

/** A string made hostile: a bad character inserted into a valid one, a known nasty, a wrong length or type. */
export function hostileString(valid: fc.Arbitrary<string>, schema: { maxLength?: number; minLength?: number; format?: string }): fc.Arbitrary<Gen> {
  const inserted = fc.tuple(valid, fc.nat(), fc.oneof(...INSERTS)).map(([s, at, [tag, bad]]) => {
    const i = s.length ? at % (s.length + 1) : 0;
    return tagged(tag, s.slice(0, i) + bad + s.slice(i));
  });
  const max = schema.maxLength ?? 1000;
  const options: Array<fc.WeightedArbitrary<Gen>> = [
    { weight: 6, arbitrary: inserted },
    { weight: 1, arbitrary: tagAll('injection', INJECTIONS) },
    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(max + 1), '\u00e9'.repeat(max + 1), '\ud83d\ude00'.repeat(Math.ceil((max + 1) / 2))).map((s) => tagged('too-long', s)) },
    { weight: 1, arbitrary: tagAll('huge-string', ['x'.repeat(100_000)]) },
    { weight: 1, arbitrary: tagAll('blank', ['', ' ', '\t', '\u00a0']) },
    { weight: 2, arbitrary: wrongType() },
  ];
  if (schema.format === 'date-time') options.push({ weight: 30, arbitrary: hostileDateTime() });
  if (schema.format === 'date') options.push({ weight: 4, arbitrary: hostileDateTime().map((g) => ({ ...g, value: String(g.value).slice(0, 10) })) });
  if (schema.format === 'email') options.push({ weight: 3, arbitrary: tagAll('email-odd', ['a@b', '@example.com', 'a@', 'a..b@example.com', 'a@example..com', '"a b"@example.com', 'a@[127.0.0.1]', 'ä@example.com', `${'a'.repeat(300)}@example.com`]) });
  if (schema.format === 'uri') options.push({ weight: 3, arbitrary: tagAll('uri-odd', ['javascript:alert(1)', 'http://', 'https://exa mple.com', 'http://[::1', 'file:///etc/passwd', 'https://example.com/\u0000', `https://example.com/${'a'.repeat(3000)}`, 'HTTP://EXAMPLE.COM']) });
  return oneof(...options);
}

/** Any JSON value of the wrong kind for most slots. */
export function wrongType(): fc.Arbitrary<Gen> {
  return tagAll('wrong-type', [null, true, false, 0, -1, 1.5, '', 'x', '1', [], {}, [null], { a: null }]);
}

// ---------------------------------------------------------------- date-times

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0');

/**
 * Date-times built from parts that are each usually ordinary and sometimes odd (leap seconds, extreme
 * offsets, years 0 and 10000, impossible calendar days), plus spellings the schema accepts that turn
 * into another year or a leap second in UTC.
 */
export function hostileDateTime(): fc.Arbitrary<Gen<string>> {
  const part = <T>(ordinary: fc.Arbitrary<T>, tag: string, odd: T[]) =>
    oneof({ weight: 5, arbitrary: ordinary.map((v) => plain(v)) }, { weight: 1, arbitrary: tagAll(tag, odd) });
  const built = fc
    .record({
      year: part(fc.integer({ min: 2000, max: 2099 }), 'date-time:year-extreme', [0, 1, 1969, 9999, 10000, 275760, 275761]),
      month: part(fc.integer({ min: 1, max: 12 }), 'date-time:calendar', [0, 13]),
      day: part(fc.integer({ min: 1, max: 28 }), 'date-time:calendar', [0, 29, 30, 31, 32]),
      hour: part(fc.integer({ min: 0, max: 23 }), 'date-time:hour-24', [24]),
      minute: part(fc.integer({ min: 0, max: 59 }), 'date-time:minute-60', [60]),
      second: part(fc.integer({ min: 0, max: 59 }), 'date-time:leap-second', [60]),
      fraction: part(fc.constantFrom('', '.5', '.123'), 'date-time:long-fraction', ['.123456789', `.${'9'.repeat(30)}`, '.']),
      offset: part(fc.constantFrom('Z', '+00:00', '-03:00', '+05:30'), 'date-time:offset', ['+23:00', '-23:59', '+23:59', '+24:00', '+14:01', '-00:00', '+2300', '+23', '', '+99:99', 'z']),
      sep: part(fc.constant('T'), 'date-time:separator', ['t', ' ', '_']),
    })
    .map((p) => {
      const y = p.year.value;
      const text =
        `${y < 0 ? '-' : ''}${pad(y, 4)}-${pad(p.month.value, 2)}-${pad(p.day.value, 2)}${p.sep.value}` +
        `${pad(p.hour.value, 2)}:${pad(p.minute.value, 2)}:${pad(p.second.value, 2)}${p.fraction.value}${p.offset.value}`;
      return { value: text, tags: [...new Set(Object.values(p).flatMap((g) => g.tags))] };
    });
  return oneof(
    { weight: 3, arbitrary: built },
    { weight: 1, arbitrary: tagAll('date-time:leap-second', ['2026-12-31T23:59:60Z', '2016-12-31T23:59:60.999Z', '2026-06-30T20:59:60-03:00', '2027-01-01T00:59:60+01:00']) },
    { weight: 1, arbitrary: tagAll('date-time:offset', ['2026-11-24T12:00:00+23:00', '2026-11-24T12:00:00-23:59', '2026-11-24T00:00:00+23:59']) },
    { weight: 1, arbitrary: tagAll('date-time:year-extreme', ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00+23:00', '9999-12-31T23:59:59-23:00', '9999-12-31T23:59:59Z', '10000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z']) },
  );
}

// ---------------------------------------------------------------- numbers

/** Numbers a JSON body can carry that an integer or bounded number slot should refuse, in spellings JSON.stringify never writes. */
export function hostileNumber(schema: { minimum?: number; maximum?: number; type?: unknown }): fc.Arbitrary<Gen> {
  const bounds: number[] = [];
  if (typeof schema.minimum === 'number') bounds.push(schema.minimum - 1);
  if (typeof schema.maximum === 'number') bounds.push(schema.maximum + 1);
  return oneof(
    { weight: 3, arbitrary: bounds.length ? tagAll('out-of-range', bounds) : tagAll('out-of-range', [-1, 0]) },
    { weight: 2, arbitrary: tagAll('fractional', [1.5, 0.1, -0.5, 29700.000001]) },
    { weight: 2, arbitrary: tagAll('huge-number', [2 ** 53, 2 ** 53 + 2, 1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) },
    {
      weight: 3,
      arbitrary: tagAll('number-spelling', ['1e3', '1E+2', '-0', '1.0', '0.1e1', '100e-2', '9007199254740993', '123456789012345678901234567890', '1e400', '-1e400', '5e-324']).map((g) => ({ ...g, value: new RawJson(g.value) })),
    },
    { weight: 2, arbitrary: tagAll('wrong-type', ['100', '1e3', true, null, [], {}, [1]]) },
  );
}

// ---------------------------------------------------------------- structure

export function deepNesting(): fc.Arbitrary<Gen> {
  return fc.constantFrom(64, 1000, 10_000).chain((depth) =>
    fc.constantFrom(
      tagged('deep-nesting', new RawJson('['.repeat(depth) + ']'.repeat(depth))),
      tagged('deep-nesting', new RawJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))),
    ),
  );
}

export function longArray(): fc.Arbitrary<Gen> {
  return oneof({ weight: 3, arbitrary: fc.constant(1000) }, { weight: 1, arbitrary: fc.constant(100_000) }).chain((n) =>
    fc.constantFrom(tagged('long-array', new RawJson(`[${'0,'.repeat(n - 1)}0]`)), tagged('long-array', new RawJson(`[${'"x",'.repeat(n - 1)}"x"]`))),
  );
}

export const UNKNOWN_FIELDS = ['unknown_field', '__proto__', 'constructor', 'prototype', '', ' ', 'id', 'object', 'livemode', 'amount\u0000', 'a'.repeat(300)];

// ---------------------------------------------------------------- text in URLs

/** Percent-encodes a string as UTF-8; a lone surrogate becomes its WTF-8 bytes (invalid UTF-8), as a careless client sends it. */
export function pct(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
    } else out += encodeURIComponent(s[i]!);
  }
  return out;
}

/** Integers in query strings spelled as something other than decimal digits; none of these is a decimal integer. */
export function hostileQueryInteger(): fc.Arbitrary<Gen<string>> {
  return oneof(
    tagAll('query-int:radix', ['0x10', '0X1a', '0o7', '0b11']),
    tagAll('query-int:exponent', ['1e1', '1E1', '2e0']),
    tagAll('query-int:whitespace', ['%205', '5%20', '%095', '5%0A', '+5']),
    tagAll('query-int:decimal-point', ['5.0', '5.', '.5', '1.5']),
    tagAll('query-int:other', ['', 'NaN', 'Infinity', '-Infinity', '1_0', '%D9%A3', 'true', 'null', '5,5', '-0']),
  );
}

/** Path ids: over-long, percent-encoded, invalidly percent-encoded, traversal, non-ASCII. Already URL text. */
export function hostilePathId(): fc.Arbitrary<Gen<string>> {
  return oneof(
    tagAll('path:long', ['a'.repeat(65), 'a'.repeat(101), `ord_${'a'.repeat(300)}`, 'a'.repeat(5000)]),
    tagAll('path:bad-percent', ['%zz', '%', '%2', 'ord_%E0%A4%A', '%C3%28', '%ED%A0%80', '%FF']),
    tagAll('path:encoded', ['%00', '%2F', '%2e%2e', '..', '.', '%20', '%C3%B1', 'ord_%2F..%2F', '%252F', '%3F', '%23', '%5C']),
    tagAll('path:odd', ['null', 'undefined', '0', '-1', '%F0%9F%98%80', 'ORD_01M84J91E4E00ABG3XQ20H8CWC', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff']),
  );
}

// ---------------------------------------------------------------- headers

/** Content-Type headers for a JSON body: ordinary spellings (no tag) and odd ones. `null` sends none. */
export function contentType(): fc.Arbitrary<Gen<string | null>> {
  return oneof(
    { weight: 12, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8', 'Application/JSON', 'application/json; charset="utf-8"').map((v) => plain<string | null>(v)) },
    { weight: 2, arbitrary: tagAll<string | null>('charset', ['application/json; charset=latin1', 'application/json; charset=iso-8859-1', 'application/json; charset=utf-16', 'application/json; charset=windows-1252', 'application/json; charset=']) },
    { weight: 2, arbitrary: tagAll<string | null>('media-type', ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json', 'application/jsonx', 'application/merge-patch+json', '*/*', '', 'application/json, text/plain']) },
    { weight: 1, arbitrary: tagAll<string | null>('no-content-type', [null]) },
  );
}

export interface Credentials {
  /** Credential name → the bearer token; the first is the default. */
  tokens: Record<string, string>;
}

/** Authorization headers: each real credential, and none, malformed or forged ones. `null` sends none. */
export function authorization(creds: Credentials): fc.Arbitrary<Gen<string | null>> {
  const [first, ...rest] = Object.entries(creds.tokens);
  const key = first![1];
  return oneof(
    { weight: 10, arbitrary: fc.constant(plain<string | null>(`Bearer ${key}`)) },
    { weight: 4, arbitrary: fc.constantFrom(...rest).map(([name, token]) => tagged<string | null>(`cred:${name}`, `Bearer ${token}`)) },
    { weight: 1, arbitrary: tagAll<string | null>('auth:none', [null]) },
    {
      weight: 2,
      arbitrary: tagAll<string | null>('auth:malformed', [
        'Bearer',
        'Bearer ',
        `bearer ${key}`,
        `BEARER ${key}`,
        key,
        `Bearer  ${key}`,
        `Bearer ${key} extra`,
        `Bearer ${key.slice(0, -1)}`,
        `Bearer ${key}\u0000`,
        `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
        'Bearer sk_test_',
        `Bearer sk_live_${'0'.repeat(40)}`,
        `Bearer ${'a'.repeat(5000)}`,
        'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
        'Bearer a.b.c',
        'Bearer \u00e9',
      ]),
    },
  );
}

/** Idempotency-Key values: none (usually), keys from a small pool (so retries replay), quoted, malformed, duplicated. */
export function idempotencyKey(): fc.Arbitrary<Gen<string | string[] | null>> {
  return oneof(
    { weight: 6, arbitrary: fc.constant(plain<string | string[] | null>(null)) },
    { weight: 3, arbitrary: fc.constantFrom('key-1', 'key-2', 'key-3', '"key-1"').map((k) => plain<string | string[] | null>(k)) },
    { weight: 1, arbitrary: fc.stringMatching(/^[\x21-\x7e]{1,60}$/).map((k) => plain<string | string[] | null>(k)) },
    { weight: 2, arbitrary: tagAll<string | string[] | null>('idempotency-key:malformed', ['', ' ', '""', '"', 'a b', 'k'.repeat(256), '"k\\"', 'cl\u00e9', '\u0000', '\ta\t']) },
    { weight: 1, arbitrary: tagAll<string | string[] | null>('idempotency-key:duplicate', [['key-1', 'key-2'], ['key-1', 'key-1']]) },
  );
}

export function requestId(): fc.Arbitrary<Gen<string | string[] | null>> {
  return oneof(
    { weight: 6, arbitrary: fc.constant(plain<string | string[] | null>(null)) },
    { weight: 1, arbitrary: fc.stringMatching(/^[\w.:-]{1,40}$/).map((k) => plain<string | string[] | null>(k)) },
    { weight: 1, arbitrary: tagAll<string | string[] | null>('request-id:odd', ['', 'a'.repeat(200), 'a b', '../../x', '<script>', 'r\u00e9q', ['a', 'b']]) },
  );
}

/** Other headers: an oversized one (431), odd Accept, an unsupported Content-Encoding. */
export function extraHeaders(): fc.Arbitrary<Gen<Record<string, string>>> {
  return oneof(
    { weight: 12, arbitrary: fc.constant(plain<Record<string, string>>({})) },
    { weight: 1, arbitrary: tagAll<Record<string, string>>('oversized-headers', [{ 'x-padding': 'a'.repeat(20_000) }, Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`x-h${i}`, 'v'.repeat(60)]))]) },
    { weight: 1, arbitrary: tagAll<Record<string, string>>('odd-header', [{ accept: 'application/xml' }, { accept: 'text/html;q=0.1' }, { 'content-encoding': 'gzip' }, { 'accept-charset': 'latin1' }, { 'x-http-method-override': 'DELETE' }]) },
  );
}
