// Proof documents are JSON written in one canonical form (fields in schema order, no spaces,
// lowercase hex). A verifier parses with a strict schema and re-serializes: if that does not give
// back the exact bytes, the document was edited. So any changed byte fails, either a check of
// its meaning or this one.
import { z } from 'zod';

export function writeCanonical<T>(schema: z.ZodType<T>, value: T): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(schema.parse(value)));
}

export function readCanonical<T>(schema: z.ZodType<T>, bytes: Uint8Array | null, what: string): T {
  if (!bytes) throw new Error(`the ${what} document is missing`);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`the ${what} document is not valid JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the ${what} document is malformed at ${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'invalid'}`);
  }
  if (JSON.stringify(parsed.data) !== text) throw new Error(`the ${what} document is not in its canonical form (edited after capture)`);
  return parsed.data;
}

// Field shapes shared by the proof documents (lowercase hex, as nodes return it lowercased).
export const hexBytes = z
  .string()
  .regex(/^0x[0-9a-f]*$/, 'lowercase hex')
  .refine((s) => s.length % 2 === 0, 'an even number of hex digits');
export const hex32 = z.string().regex(/^0x[0-9a-f]{64}$/, '32 bytes of lowercase hex');
export const hexQuantity = z.string().regex(/^0x(0|[1-9a-f][0-9a-f]*)$/, 'a hex quantity');
export const lowerAddress = z.string().regex(/^0x[0-9a-f]{40}$/, 'a lowercase address');
export const decimalInteger = z.string().regex(/^(0|[1-9][0-9]*)$/, 'a decimal integer');
