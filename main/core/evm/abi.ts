// The parts of ERC-721 and ERC-1155 Holdfast reads, and typed helpers to call them.
import { decodeFunctionResult, encodeFunctionData, parseAbi, toEventSelector, type Hex } from 'viem';
import type { RpcClient } from './rpc.js';

export const tokenAbi = parseAbi([
  'function ownerOf(uint256 tokenId) view returns (address)',
  'function tokenURI(uint256 tokenId) view returns (string)',
  'function name() view returns (string)',
  'function symbol() view returns (string)',
  'function balanceOf(address account, uint256 id) view returns (uint256)',
  'function uri(uint256 id) view returns (string)',
  'event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)',
  'event TransferSingle(address indexed operator, address indexed from, address indexed to, uint256 id, uint256 value)',
  'event TransferBatch(address indexed operator, address indexed from, address indexed to, uint256[] ids, uint256[] values)',
]);

export const TRANSFER_TOPIC = toEventSelector('Transfer(address,address,uint256)');
export const TRANSFER_SINGLE_TOPIC = toEventSelector('TransferSingle(address,address,address,uint256,uint256)');
export const TRANSFER_BATCH_TOPIC = toEventSelector('TransferBatch(address,address,address,uint256[],uint256[])');

type ReadName = 'ownerOf' | 'tokenURI' | 'name' | 'symbol' | 'balanceOf' | 'uri';

/** eth_call of one view function at a block; decodes the result or throws the node's error. */
export async function readContract<T>(rpc: RpcClient, address: Hex, functionName: ReadName, args: readonly unknown[], block: Hex): Promise<T> {
  const data = encodeFunctionData({ abi: tokenAbi, functionName, args } as never);
  const result = await rpc.request<Hex>('eth_call', [{ to: address, data }, block]);
  if (result === '0x') throw new Error(`${functionName} returned nothing (not an ERC-721/1155 contract?)`);
  return decodeFunctionResult({ abi: tokenAbi, functionName, data: result } as never) as T;
}

/** A 32-byte topic for an address (for log filters). */
export const addressTopic = (address: string): Hex => `0x${address.slice(2).toLowerCase().padStart(64, '0')}`;

export const topicAddress = (topic: string): Hex => `0x${topic.slice(26).toLowerCase()}`;
