// Hex ↔ bytes on Node's Buffer: proofs convert megabytes of hex per thousand items, and this is
// several times faster than the generic converters.
export const fromHex = (hex: string): Uint8Array => {
  const b = Buffer.from(hex.startsWith('0x') ? hex.slice(2) : hex, 'hex');
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
};

export const toHex = (bytes: Uint8Array): `0x${string}` => `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')}`;
