import type { OptionValues } from './command';
import { UsageError } from './usage-error';

/** Readers of parsed options that turn a missing or malformed value into one clear line. */
export function requiredString(values: OptionValues, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required`);
  return v;
}

export function optionalString(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} needs a value`);
  return v;
}

export function objectIdOption(values: OptionValues, name: string): string {
  const v = requiredString(values, name);
  if (!/^[a-f0-9]{24}$/i.test(v)) throw new UsageError(`--${name} must be an id (24 hex characters), not ${JSON.stringify(v)}`);
  return v.toLowerCase();
}

export function integerOption(values: OptionValues, name: string, range: { min: number; max: number; default: number }): number {
  const v = values[name];
  if (v === undefined) return range.default;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) throw new UsageError(`--${name} must be a whole number from ${range.min} to ${range.max}`);
  return n;
}

/** Exactly one of the named options, e.g. `--id` or `--tenant`. */
export function oneOf<N extends string>(values: OptionValues, names: readonly N[]): N {
  const given = names.filter((n) => values[n] !== undefined && values[n] !== false);
  if (given.length !== 1) throw new UsageError(`give exactly one of ${names.map((n) => `--${n}`).join(', ')}`);
  return given[0]!;
}
