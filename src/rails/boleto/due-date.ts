import { BoletoFormatError } from './errors.js';

/** A calendar date, `YYYY-MM-DD`. Due dates are days in Brazil, not instants, so no time zone enters here. */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a valid `YYYY-MM-DD`, or a BoletoFormatError naming `field`. */
export function dayNumber(date: IsoDate, field: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, day);
    const roundTrip = new Date(ms);
    // Date.UTC rolls 2025-02-30 over to March; a date that does not come back unchanged does not exist.
    if (roundTrip.getUTCFullYear() === year && roundTrip.getUTCMonth() === month - 1 && roundTrip.getUTCDate() === day) {
      return ms / MS_PER_DAY;
    }
  }
  throw new BoletoFormatError(field, 'invalid_date', 'must be a calendar date YYYY-MM-DD');
}

function isoDate(dayNumberSince1970: number): IsoDate {
  return new Date(dayNumberSince1970 * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * FEBRABAN counts due dates in days since 1997-10-07, but the factor has four digits: 9999 was 2025-02-21, and
 * from 2025-02-22 it starts again at 1000 (and will again every 9000 days, next on 2049-10-14). So a factor is a
 * day modulo 9000, and 0000 means the boleto has no due date.
 */
const FACTOR_1000_EPOCH = dayNumber('2000-07-03', 'due_date');
const FIRST_FACTOR = 1000;
const LAST_FACTOR = 9999;
const CYCLE_DAYS = LAST_FACTOR - FIRST_FACTOR + 1;
const NO_DUE_DATE_FACTOR = 0;

export function dueDateFactor(dueDate: IsoDate | null): number {
  if (dueDate === null) return NO_DUE_DATE_FACTOR;
  const sinceEpoch = dayNumber(dueDate, 'due_date') - FACTOR_1000_EPOCH;
  if (sinceEpoch < 0) {
    // Factors 0001–0999 (1997-10-08 to 2000-07-02) left use in 2000; a due date that old is a typing error.
    throw new BoletoFormatError('due_date', 'out_of_range', 'must be 2000-07-03 or later');
  }
  return FIRST_FACTOR + (sinceEpoch % CYCLE_DAYS);
}

/**
 * The window rule: a factor names one day in every 9000, and the one meant is the one nearest `today`, that is
 * the single date from 4499 days before `today` to 4500 days after (about 12 years and 4 months either way; an
 * exact tie goes to the future, where due dates usually are). Dates before 2000-07-03 are never chosen.
 */
export function dueDateFromFactor(factor: number, today: IsoDate): IsoDate | null {
  if (factor === NO_DUE_DATE_FACTOR) return null;
  if (!Number.isInteger(factor) || factor < FIRST_FACTOR || factor > LAST_FACTOR) {
    throw new BoletoFormatError('due_date_factor', 'out_of_range', 'must be 0000 or from 1000 to 9999');
  }
  const firstCycleDay = FACTOR_1000_EPOCH + (factor - FIRST_FACTOR);
  const windowStart = dayNumber(today, 'today') - (CYCLE_DAYS / 2 - 1);
  const cycle = Math.max(0, Math.ceil((windowStart - firstCycleDay) / CYCLE_DAYS));
  return isoDate(firstCycleDay + cycle * CYCLE_DAYS);
}
