/**
 * The default codec of ConfigWatcher: JSON in UTF-8, the format config centers
 * (and `zkCli set` by hand) use most.
 */
export const jsonCodec = {
  decode: (raw: Buffer): unknown => JSON.parse(raw.toString('utf8')),
  encode: (value: unknown): Buffer => {
    const text = JSON.stringify(value);
    // JSON.stringify returns undefined for undefined, functions and symbols.
    if (text === undefined) throw new TypeError('value has no JSON representation');
    return Buffer.from(text, 'utf8');
  },
} as const;

/** Bytes for what an `encode` function returned. */
export function toBuffer(encoded: Buffer | Uint8Array | string): Buffer {
  if (typeof encoded === 'string') return Buffer.from(encoded, 'utf8');
  if (Buffer.isBuffer(encoded)) return encoded;
  if (encoded instanceof Uint8Array) return Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  throw new TypeError('encode must return a Buffer, Uint8Array or string');
}
