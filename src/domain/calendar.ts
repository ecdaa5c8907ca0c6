/**
 * Calendar dates as the service's users mean them: `YYYY-MM-DD` in the Netherlands (Europe/Amsterdam).
 * Decisions (a council's endorsement, the ALV's adoption) are dated this way and can never lie after today.
 */
import { InvalidInput } from '../errors.js';

const AMSTERDAM_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The date (YYYY-MM-DD) it is in Europe/Amsterdam at `now`. */
export function amsterdamDate(now: Date): string {
  return AMSTERDAM_DATE.format(now);
}

/** True for `YYYY-MM-DD` naming a real calendar date (no 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * Refuses a decision dated after today in the Netherlands: a decision that has not been taken yet
 * cannot be recorded (it would count at once, e.g. make a version final before its assembly met).
 */
export function requireNotAfterToday(datum: string, field: string, now: Date): void {
  const today = amsterdamDate(now);
  if (datum > today) {
    throw new InvalidInput('De datum van het besluit ligt in de toekomst.', [{ name: field, reason: `De datum van het besluit kan niet na vandaag (${today}) liggen.` }]);
  }
}
