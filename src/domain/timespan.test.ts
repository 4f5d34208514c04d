import { describe, expect, it } from 'vitest';
import { parseTimeSpan } from './timespan.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('parseTimeSpan (.NET TimeSpan "c" format)', () => {
  it.each([
    ['00:15:00', 15 * MIN],
    ['00:10:00', 10 * MIN],
    ['23:59:59', 23 * HOUR + 59 * MIN + 59_000],
    ['1.00:00:00', DAY],
    ['2.12:30:15', 2 * DAY + 12 * HOUR + 30 * MIN + 15_000],
    ['7:05:09', 7 * HOUR + 5 * MIN + 9000],
    ['00:15', 15 * MIN],
    ['00:00:01.5', 1500],
    ['00:00:00.1234567', 123],
    ['-00:15:00', -15 * MIN],
  ])('%s is %d ms', (text, ms) => {
    expect(parseTimeSpan(text)).toBe(ms);
  });

  it.each(['', '15', '24:00:00', '00:60:00', '00:00:60', '1:00:00:00', '00:15:00Z', ' 00:15:00', 'PT15M', '00:00:00.12345678', '1.2.00:00:00'])(
    'refuses %j',
    (text) => {
      expect(parseTimeSpan(text)).toBeNull();
    },
  );
});
