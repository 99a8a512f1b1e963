// Block headers: RPC JSON → consensus RLP (whose keccak is the block hash), and back to the
// fields a proof hangs from. Every header form from Frontier to Prague is the same list with
// fields appended by forks (London baseFee, Shanghai withdrawalsRoot, Cancun blob gas and
// beacon root, Prague requestsHash), so the form is decided by which fields the block has.
import { fromHex, toHex } from './bytes.js';
import { RLP } from '@ethereumjs/rlp';
import { keccak256, type Hex } from 'viem';

type FieldKind = 'hash' | 'address' | 'bloom' | 'int' | 'bytes' | 'nonce';

/** Header fields in consensus order; each fork only appends. */
export const HEADER_FIELDS: ReadonlyArray<readonly [string, FieldKind]> = [
  ['parentHash', 'hash'],
  ['sha3Uncles', 'hash'],
  ['miner', 'address'],
  ['stateRoot', 'hash'],
  ['transactionsRoot', 'hash'],
  ['receiptsRoot', 'hash'],
  ['logsBloom', 'bloom'],
  ['difficulty', 'int'],
  ['number', 'int'],
  ['gasLimit', 'int'],
  ['gasUsed', 'int'],
  ['timestamp', 'int'],
  ['extraData', 'bytes'],
  ['mixHash', 'hash'],
  ['nonce', 'nonce'],
  ['baseFeePerGas', 'int'], // London
  ['withdrawalsRoot', 'hash'], // Shanghai
  ['blobGasUsed', 'int'], // Cancun
  ['excessBlobGas', 'int'], // Cancun
  ['parentBeaconBlockRoot', 'hash'], // Cancun
  ['requestsHash', 'hash'], // Prague
];

const BASE_FIELDS = 15;
const SIZES: Partial<Record<FieldKind, number>> = { hash: 32, address: 20, bloom: 256, nonce: 8 };

/** Minimal big-endian bytes of an unsigned integer (RLP's integer form: zero is empty). */
export function intBytes(value: bigint | number | string): Uint8Array {
  let n = BigInt(value);
  if (n < 0n) throw new Error('negative integer in an RLP field');
  const out: number[] = [];
  while (n > 0n) {
    out.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  return Uint8Array.from(out);
}

export const bytesToBigInt = (b: Uint8Array): bigint => (b.length === 0 ? 0n : BigInt(toHex(b)));

/** The RLP of a header as a node returns it from eth_getBlockByNumber. */
export function encodeHeader(block: Record<string, unknown>): Uint8Array {
  const present = HEADER_FIELDS.map(([name]) => block[name] !== undefined && block[name] !== null);
  const count = Math.max(BASE_FIELDS, present.lastIndexOf(true) + 1);
  const values: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const [name, kind] = HEADER_FIELDS[i]!;
    const raw = block[name];
    if (typeof raw !== 'string') throw new Error(`the block has no ${name}, which a header of this form must have`);
    if (kind === 'int') {
      values.push(intBytes(raw));
      continue;
    }
    const bytes = fromHex(raw as Hex);
    const size = SIZES[kind];
    if (size !== undefined && bytes.length !== size) throw new Error(`${name} should be ${size} bytes, not ${bytes.length}`);
    values.push(bytes);
  }
  return RLP.encode(values);
}

export const hashHeader = (rlp: Uint8Array): Hex => keccak256(rlp);

export interface DecodedHeader {
  hash: Hex;
  number: bigint;
  timestamp: bigint;
  stateRoot: Uint8Array;
  transactionsRoot: Uint8Array;
  receiptsRoot: Uint8Array;
  /** Which fork's header form this is (by field count). */
  form: string;
}

const FORMS: Record<number, string> = { 15: 'frontier', 16: 'london', 17: 'shanghai', 20: 'cancun', 21: 'prague' };

// The items of one sync share a few headers: decode (and hash) each distinct header once.
// Keyed by the full content, so a changed byte is a different header.
const decoded = new Map<string, DecodedHeader>();

/** Reads a header's RLP; throws with a reason when it is not a header. */
export function decodeHeader(rlp: Uint8Array): DecodedHeader {
  const key = Buffer.from(rlp.buffer, rlp.byteOffset, rlp.length).toString('latin1');
  const known = decoded.get(key);
  if (known) return known;
  const header = decodeHeaderUncached(rlp);
  if (decoded.size >= 1024) decoded.delete(decoded.keys().next().value!);
  decoded.set(key, header);
  return header;
}

function decodeHeaderUncached(rlp: Uint8Array): DecodedHeader {
  let list: unknown;
  try {
    list = RLP.decode(rlp);
  } catch (error) {
    throw new Error(`the header is not valid RLP (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  if (!Array.isArray(list) || list.some((v) => !(v instanceof Uint8Array))) throw new Error('the header RLP is not a list of byte strings');
  const fields = list as Uint8Array[];
  const form = FORMS[fields.length];
  if (!form) throw new Error(`a header has 15 to 21 fields in a known form, this one has ${fields.length}`);
  for (let i = 0; i < fields.length; i++) {
    const [name, kind] = HEADER_FIELDS[i]!;
    const size = SIZES[kind];
    if (size !== undefined && fields[i]!.length !== size) throw new Error(`header field ${name} should be ${size} bytes, not ${fields[i]!.length}`);
  }
  return {
    hash: hashHeader(rlp),
    number: bytesToBigInt(fields[8]!),
    timestamp: bytesToBigInt(fields[11]!),
    stateRoot: fields[3]!,
    transactionsRoot: fields[4]!,
    receiptsRoot: fields[5]!,
    form,
  };
}
