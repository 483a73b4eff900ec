import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `3d`, `12h`, `90m`, `3s`, `1.5h`, `500ms` (the contract's duration syntax) in whole milliseconds; undefined if not one. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!m) return undefined;
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

/** A positive duration variable, read as milliseconds. */
export const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, c) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        c.addIssue({ code: 'custom', message: 'must be a duration: a positive number and a unit ms, s, m, h or d (e.g. 30d, 12h, 1.5s)' });
        return z.NEVER;
      }
      return ms;
    });
