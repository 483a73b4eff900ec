/**
 * DocuSign timestamps: REST and JSON SIM are UTC with up to 7 fractional digits
 * ("2022-09-22T15:22:53.4580747Z"); legacy XML has no zone ("2020-03-28T23:56:54.043") and
 * gives the account's offset separately (TimeZoneOffset, hours). Date.parse would read a
 * zone-less time as local time, so this parses explicitly.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/;

/** @param offsetHours applied only when the text has no zone; local = UTC + offset. */
export function parseDocuSignDate(text: string | undefined, offsetHours = 0): Date | undefined {
  if (!text) return undefined;
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const localMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  // Date.UTC rolls month 13 or hour 99 over into a real date; such text is not a time.
  const check = new Date(localMs);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(h) || check.getUTCMinutes() !== Number(mi)) {
    return undefined;
  }
  let offsetMinutes = Math.round(offsetHours * 60);
  if (zone === 'Z') offsetMinutes = 0;
  else if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  return new Date(localMs - offsetMinutes * 60_000);
}
