// The acquiring transaction and its receipt as captured, in canonical JSON. Neither proves
// anything alone: the transaction's hash is its bytes' keccak and its sender is recovered from
// its signature; the receipt must encode to exactly the receipt the receipt proof proves.
import { toHex } from './bytes.js';
import { keccak256, parseTransaction, recoverTransactionAddress, type Hex, type TransactionSerialized } from 'viem';
import { z } from 'zod';
import { hex32, hexBytes as hex, hexQuantity as quantity, lowerAddress as address, readCanonical, writeCanonical } from './canonical-json.js';
import { encodeReceipt, type ReceiptProofDoc } from './receipt-proof.js';


export const TransactionDoc = z
  .object({ v: z.literal(1), hash: hex32, raw: hex, from: address, blockHash: hex32, blockNumber: quantity, txIndex: quantity })
  .strict();
export type TransactionDoc = z.infer<typeof TransactionDoc>;
export const encodeTransactionDoc = (doc: TransactionDoc): Uint8Array => writeCanonical(TransactionDoc, doc);

export const ReceiptDoc = z
  .object({
    v: z.literal(1),
    transactionHash: hex32,
    transactionIndex: quantity,
    blockHash: hex32,
    blockNumber: quantity,
    type: quantity,
    status: quantity,
    cumulativeGasUsed: quantity,
    logsBloom: hex,
    logs: z.array(z.object({ address, topics: z.array(hex32), data: hex }).strict()),
    depositNonce: quantity.optional(),
    depositReceiptVersion: quantity.optional(),
  })
  .strict();
export type ReceiptDoc = z.infer<typeof ReceiptDoc>;
export const encodeReceiptDoc = (doc: ReceiptDoc): Uint8Array => writeCanonical(ReceiptDoc, doc);

// Recovering a signer is the slowest check (elliptic-curve math), and items minted together share
// one transaction: remember the signer of the exact bytes already recovered (bounded).
const signers = new Map<string, string>();
async function signerOf(raw: string): Promise<string> {
  const known = signers.get(raw);
  if (known) return known;
  const sender = (await recoverTransactionAddress({ serializedTransaction: raw as TransactionSerialized })).toLowerCase();
  if (signers.size >= 4096) signers.delete(signers.keys().next().value!);
  signers.set(raw, sender);
  return sender;
}

export async function verifyTransactionDoc(bytes: Uint8Array | null, receiptProofs: ReceiptProofDoc[]): Promise<string> {
  const doc = readCanonical(TransactionDoc, bytes, 'transaction');
  if (keccak256(doc.raw as Hex) !== doc.hash) throw new Error(`the transaction bytes hash to ${keccak256(doc.raw as Hex)}, not ${doc.hash}`);
  let sender: string;
  try {
    sender = await signerOf(doc.raw);
  } catch {
    throw new Error('the transaction signature cannot be read');
  }
  if (sender !== doc.from) throw new Error(`the transaction was signed by ${sender}, not ${doc.from}`);
  const proof = receiptProofs.find((p) => p.txHash === doc.hash);
  if (!proof) throw new Error(`no receipt proof of transaction ${doc.hash} among the item's evidence`);
  if (proof.blockHash !== doc.blockHash || proof.txIndex !== doc.txIndex) throw new Error('the transaction names a different block or index than its receipt proof');
  const to = parseTransaction(doc.raw as TransactionSerialized).to ?? '(contract creation)';
  return `transaction ${doc.hash} from ${sender} to ${to.toLowerCase()}, index ${BigInt(doc.txIndex)} of block ${BigInt(doc.blockNumber)}`;
}

export function verifyReceiptDoc(bytes: Uint8Array | null, receiptProofs: ReceiptProofDoc[]): string {
  const doc = readCanonical(ReceiptDoc, bytes, 'receipt');
  const proof = receiptProofs.find((p) => p.txHash === doc.transactionHash);
  if (!proof) throw new Error(`no receipt proof of transaction ${doc.transactionHash} among the item's evidence`);
  if (proof.blockHash !== doc.blockHash || proof.txIndex !== doc.transactionIndex) throw new Error('the receipt names a different block or index than its proof');
  const encoded = toHex(encodeReceipt(doc));
  if (encoded !== proof.receipt) throw new Error('the receipt does not encode to the receipt the trie proves');
  return `receipt of ${doc.transactionHash}: status ${BigInt(doc.status)}, ${doc.logs.length} logs, matches the proven receipt`;
}
