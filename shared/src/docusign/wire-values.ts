/** Defensive readers for DocuSign JSON we did not validate: REST models and Connect bodies share them. */

export type WireObject = Record<string, unknown>;

export function asObject(value: unknown): WireObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as WireObject) : undefined;
}

/** DocuSign sends scalars as strings, but numbers show up in places (retryCount, configurationId). */
export function readString(obj: WireObject | undefined, key: string): string | undefined {
  const value = obj?.[key];
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function readArray(obj: WireObject | undefined, key: string): unknown[] {
  const value = obj?.[key];
  return Array.isArray(value) ? value : [];
}
