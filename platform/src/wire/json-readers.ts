/** Defensive readers for JSON from outside that we did not validate (DocuSign, Partner Center): scalars come as strings or numbers, depending on the endpoint. */

export type WireObject = Record<string, unknown>;

export function asObject(value: unknown): WireObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as WireObject) : undefined;
}

export function readString(obj: WireObject | undefined, key: string): string | undefined {
  const value = obj?.[key];
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  // Error codes come as numbers (600061) in some answers and strings in others.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function readNumber(obj: WireObject | undefined, key: string): number | undefined {
  const value = obj?.[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

export function readBoolean(obj: WireObject | undefined, key: string): boolean | undefined {
  const value = obj?.[key];
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

export function readDate(obj: WireObject | undefined, key: string): Date | undefined {
  const text = readString(obj, key);
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function readArray(obj: WireObject | undefined, key: string): unknown[] {
  const value = obj?.[key];
  return Array.isArray(value) ? value : [];
}

/** JSON as Partner Center sends it: UTF-8, sometimes with a BOM; anything else is kept as text for error messages. */
export function decodeJson(bytes: Buffer): unknown {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
