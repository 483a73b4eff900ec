/** Lean reads return BSON Binary for Buffer fields; this gives the bytes back as a Buffer. */
export function asBuffer(value: Buffer | { buffer: Uint8Array } | Uint8Array): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const bytes = value.buffer;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
