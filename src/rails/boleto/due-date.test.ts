import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueDateFactor, dueDateFromFactor } from './due-date.js';
import { BoletoFormatError } from './errors.js';

describe('due-date factor', () => {
  it('counts days since 1997-10-07 up to the last four-digit day', () => {
    expect(dueDateFactor('2000-07-03')).toBe(1000);
    expect(dueDateFactor('2008-02-03')).toBe(3771); // brcobranca's BB vector
    expect(dueDateFactor('2025-02-21')).toBe(9999);
  });

  it('restarts at 1000 on 2025-02-22 and counts up from there', () => {
    expect(dueDateFactor('2025-02-22')).toBe(1000);
    expect(dueDateFactor('2025-02-23')).toBe(1001);
    expect(dueDateFactor('2029-05-20')).toBe(2548); // brcobranca's Itaú vector, 1548 days after the reset
    // And again every 9000 days: 2049-10-13 is the next 9999, 2049-10-14 the next 1000.
    expect(dueDateFactor('2049-10-13')).toBe(9999);
    expect(dueDateFactor('2049-10-14')).toBe(1000);
  });

  it('is 0000 for a boleto without a due date, and 0000 reads back as none', () => {
    expect(dueDateFactor(null)).toBe(0);
    expect(dueDateFromFactor(0, '2026-01-01')).toBeNull();
  });

  it('refuses dates before factor 1000 and dates that do not exist', () => {
    expect(() => dueDateFactor('2000-07-02')).toThrow(expect.objectContaining({ field: 'due_date', reason: 'out_of_range' }));
    for (const bad of ['2025-02-29', '2025-13-01', '2025-2-1', '22/02/2025', '']) {
      expect(() => dueDateFactor(bad), bad).toThrow(expect.objectContaining({ field: 'due_date', reason: 'invalid_date' }));
    }
  });

  it('reads a factor as the date nearest today: 1000 is 2000-07-03 near 2001 and 2025-02-22 near 2026', () => {
    expect(dueDateFromFactor(1000, '2001-03-15')).toBe('2000-07-03');
    expect(dueDateFromFactor(1000, '2026-03-15')).toBe('2025-02-22');
    expect(dueDateFromFactor(9999, '2025-02-25')).toBe('2025-02-21'); // just past the reset, 9999 is yesterday's cycle
    expect(dueDateFromFactor(1001, '2025-02-20')).toBe('2025-02-23'); // just before it, 1001 is the coming one
    // brcobranca's 2008 vector read in 2026 means 2032: the nearer of 2008-02-03 and 2008-02-03 + 9000 days.
    expect(dueDateFromFactor(3771, '2008-02-01')).toBe('2008-02-03');
    expect(dueDateFromFactor(3771, '2026-06-01')).toBe('2032-09-24');
  });

  it('uses the window from 4499 days before today to 4500 after, ties to the future', () => {
    const today = '2026-06-01';
    const earliest = '2014-02-05'; // today − 4499 days
    const latest = '2038-09-26'; // today + 4500 days
    expect(dueDateFromFactor(dueDateFactor(earliest), today)).toBe(earliest);
    expect(dueDateFromFactor(dueDateFactor(latest), today)).toBe(latest);
    // The day before the window shares its factor with the window's last day (9000 days later).
    expect(dueDateFactor('2014-02-04')).toBe(dueDateFactor(latest));
    expect(() => dueDateFromFactor(999, today)).toThrow(BoletoFormatError);
    expect(() => dueDateFromFactor(10000, today)).toThrow(BoletoFormatError);
  });

  it('round-trips every date within the window of today', () => {
    const day = 86_400_000;
    const base = Date.UTC(2000, 6, 3);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: -4499, max: 4500 }), (todayOffset, dueOffset) => {
        const today = new Date(base + todayOffset * day).toISOString().slice(0, 10);
        if (todayOffset + dueOffset < 0) return; // before 2000-07-03: no factor
        const due = new Date(base + (todayOffset + dueOffset) * day).toISOString().slice(0, 10);
        expect(dueDateFromFactor(dueDateFactor(due), today)).toBe(due);
      }),
    );
  });
});
