/** MongoDB's (and FerretDB's) answer to an insert that a unique index refused. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/**
 * The rows an unordered `insertMany` refused, when each refusal was a unique index's (rows there
 * already: a retry, a racing writer); undefined for any other failure, which the caller throws on.
 */
export function duplicatesRefused(err: unknown): Set<number> | undefined {
  const writeErrors = (err as { writeErrors?: unknown } | null)?.writeErrors;
  if (!Array.isArray(writeErrors) || !writeErrors.every(isDuplicateKey)) return undefined;
  return new Set(writeErrors.map((e) => (e as { index: number }).index));
}
