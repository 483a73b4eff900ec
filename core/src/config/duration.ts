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

/** A zod transform from text through `parse`, with `message` when it gives undefined. */
const readAs =
  <T>(parse: (text: string) => T | undefined, message: string) =>
  (text: string, c: z.RefinementCtx): T => {
    const value = parse(text);
    if (value === undefined) {
      c.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return value;
  };

/** A positive duration variable, read as milliseconds. */
export const duration = (fallback: string) => z.string().default(fallback).transform(readAs(parseDuration, DURATION_MESSAGE));

/** Like `duration`, but unset (or empty) stays undefined: for a variable whose default depends on another. */
export const optionalDuration = () =>
  z
    .string()
    .optional()
    .transform((text, c) => (text === undefined || text.trim() === '' ? undefined : readAs(parseDuration, DURATION_MESSAGE)(text, c)));

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
  z.string().default(fallback).transform(readAs(parseDurations, 'must be comma-separated ascending durations (e.g. 3d,7d or 2s,4.5s), or none'));
