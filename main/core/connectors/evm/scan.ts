// Finding what a wallet holds from transfer logs: ERC-721 Transfer (4 topics; ERC-20's has 3),
// ERC-1155 TransferSingle and TransferBatch, to or from the wallet's addresses. Logs are asked
// for in block ranges that halve when the node refuses a range as too large and grow again
// after successes, so the same code works on a local node and on a rate-limited provider.
import { decodeEventLog, type Hex } from 'viem';
import { addressTopic, tokenAbi, topicAddress, TRANSFER_BATCH_TOPIC, TRANSFER_SINGLE_TOPIC, TRANSFER_TOPIC } from '../../evm/abi.js';
import { RpcError, type RpcClient } from '../../evm/rpc.js';

export interface TransferEvent {
  standard: 'erc721' | 'erc1155';
  event: 'Transfer' | 'TransferSingle' | 'TransferBatch';
  contract: string;
  tokenId: bigint;
  from: string;
  to: string;
  value: bigint;
  blockNumber: number;
  blockHash: string;
  txHash: string;
  txIndex: number;
  logIndex: number;
}

interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
  removed?: boolean;
}

/** Errors providers give for a range or result set that is too large. */
export function isRangeTooLarge(error: unknown): boolean {
  if (!(error instanceof RpcError)) return false;
  if (error.code === -32005) return true;
  return /range|too (many|large|wide|big)|limit|exceed|more than|response size|results/i.test(error.message);
}

export interface ScanProgress {
  fromBlock: number;
  toBlock: number;
  scannedTo: number;
  range: number;
}

export async function scanTransfers(
  rpc: RpcClient,
  owners: string[],
  fromBlock: number,
  toBlock: number,
  options: { initialRange: number; maxRange?: number; signal?: AbortSignal; onProgress?(p: ScanProgress): void },
): Promise<TransferEvent[]> {
  const events: TransferEvent[] = [];
  const ownerTopics = owners.map(addressTopic);
  const filters = [
    [TRANSFER_TOPIC, ownerTopics], // ERC-721 from
    [TRANSFER_TOPIC, null, ownerTopics], // ERC-721 to
    [[TRANSFER_SINGLE_TOPIC, TRANSFER_BATCH_TOPIC], null, ownerTopics], // ERC-1155 from
    [[TRANSFER_SINGLE_TOPIC, TRANSFER_BATCH_TOPIC], null, null, ownerTopics], // ERC-1155 to
  ];
  const maxRange = options.maxRange ?? Math.max(options.initialRange, 1_000_000);
  let range = Math.max(1, options.initialRange);
  let start = fromBlock;
  const seen = new Set<string>();
  while (start <= toBlock) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('cancelled');
    const end = Math.min(toBlock, start + range - 1);
    let batches: RpcLog[][];
    try {
      batches = await Promise.all(
        filters.map((topics) => rpc.request<RpcLog[]>('eth_getLogs', [{ fromBlock: hex(start), toBlock: hex(end), topics }])),
      );
    } catch (error) {
      if (isRangeTooLarge(error) && end > start) {
        range = Math.max(1, Math.floor((end - start + 1) / 2));
        continue;
      }
      throw error;
    }
    for (const log of batches.flat()) {
      if (log.removed) continue;
      const id = `${log.transactionHash}:${log.logIndex}`;
      if (seen.has(id)) continue; // A transfer between two of the wallet's addresses matches twice.
      seen.add(id);
      events.push(...decodeTransfer(log));
    }
    options.onProgress?.({ fromBlock, toBlock, scannedTo: end, range });
    start = end + 1;
    range = Math.min(maxRange, range * 2);
  }
  return events.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
}

function decodeTransfer(log: RpcLog): TransferEvent[] {
  const base = {
    contract: log.address.toLowerCase(),
    blockNumber: Number(log.blockNumber),
    blockHash: log.blockHash.toLowerCase(),
    txHash: log.transactionHash.toLowerCase(),
    txIndex: Number(log.transactionIndex),
    logIndex: Number(log.logIndex),
  };
  const topic0 = log.topics[0];
  if (topic0 === TRANSFER_TOPIC) {
    if (log.topics.length !== 4) return []; // ERC-20 Transfer (value in data), not a token id.
    return [
      { ...base, standard: 'erc721', event: 'Transfer', from: topicAddress(log.topics[1]!), to: topicAddress(log.topics[2]!), tokenId: BigInt(log.topics[3]!), value: 1n },
    ];
  }
  let decoded: { eventName: string; args: Record<string, unknown> };
  try {
    decoded = decodeEventLog({ abi: tokenAbi, topics: log.topics as [Hex, ...Hex[]], data: log.data as Hex, strict: true }) as unknown as typeof decoded;
  } catch {
    return [];
  }
  const from = String(decoded.args.from).toLowerCase();
  const to = String(decoded.args.to).toLowerCase();
  if (decoded.eventName === 'TransferSingle') {
    return [{ ...base, standard: 'erc1155', event: 'TransferSingle', from, to, tokenId: decoded.args.id as bigint, value: decoded.args.value as bigint }];
  }
  if (decoded.eventName === 'TransferBatch') {
    const ids = decoded.args.ids as bigint[];
    const values = decoded.args.values as bigint[];
    return ids.map((id, i) => ({ ...base, standard: 'erc1155' as const, event: 'TransferBatch' as const, from, to, tokenId: id, value: values[i] ?? 0n }));
  }
  return [];
}

const hex = (n: number): string => `0x${n.toString(16)}`;
