import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `3d`, `12h`, `90m`, `3s`, `1.5h`, `500ms` (the contract's duration syntax) in whole milliseconds; undefined if not one. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!m) return undefined;
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

const DURATION_MESSAGE = 'must be a duration: a positive number and a unit ms, s, m, h or d (e.g. 30d, 12h, 1.5s)';

/** A positive duration variable, read as milliseconds. */
export const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, c) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        c.addIssue({ code: 'custom', message: DURATION_MESSAGE });
        return z.NEVER;
      }
      return ms;
    });

/** Like `duration`, but unset (or empty) stays undefined: for a variable whose default depends on another. */
export const optionalDuration = () =>
  z
    .string()
    .optional()
    .transform((text, c) => {
      if (text === undefined || text.trim() === '') return undefined;
      const ms = parseDuration(text);
      if (ms === undefined) {
        c.addIssue({ code: 'custom', message: DURATION_MESSAGE });
        return z.NEVER;
      }
      return ms;
    });

/**
 * `3d,7d` (ascending durations, each as for `duration`) in milliseconds; `none` is the empty
 * list. Ascending because the list is a schedule: reminder n follows reminder n-1.
 */
export function parseDurations(text: string): number[] | undefined {
  if (text.trim().toLowerCase() === 'none') return [];
  const parts = text.split(',').map(parseDuration);
  if (parts.some((ms) => ms === undefined)) return undefined;
  const list = parts as number[];
  return list.every((ms, i) => i === 0 || ms > list[i - 1]!) ? list : undefined;
}

/** A list of durations variable (`3d,7d`, or `none`), read as ascending milliseconds. */
export const durations = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, c) => {
      const list = parseDurations(text);
      if (list === undefined) {
        c.addIssue({ code: 'custom', message: 'must be comma-separated ascending durations (e.g. 3d,7d or 2s,4.5s), or none' });
        return z.NEVER;
      }
      return list;
    });
