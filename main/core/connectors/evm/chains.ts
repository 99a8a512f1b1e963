// Chains Holdfast knows by name, and the configuration an EVM account keeps. Any other
// EVM-compatible chain (a consortium chain, a test network) is added by chain id + RPC URLs.
import { z } from 'zod';

export interface ChainPreset {
  id: 'ethereum' | 'polygon' | 'base' | 'arbitrum';
  chainId: number;
  name: string;
  /** Public endpoints used when the user gives none; users with their own node should pass it. */
  rpcUrls: string[];
}

export const CHAIN_PRESETS: readonly ChainPreset[] = [
  { id: 'ethereum', chainId: 1, name: 'Ethereum', rpcUrls: ['https://ethereum-rpc.publicnode.com', 'https://eth.llamarpc.com'] },
  { id: 'polygon', chainId: 137, name: 'Polygon', rpcUrls: ['https://polygon-rpc.com', 'https://polygon-bor-rpc.publicnode.com'] },
  { id: 'base', chainId: 8453, name: 'Base', rpcUrls: ['https://mainnet.base.org', 'https://base-rpc.publicnode.com'] },
  { id: 'arbitrum', chainId: 42161, name: 'Arbitrum One', rpcUrls: ['https://arb1.arbitrum.io/rpc', 'https://arbitrum-one-rpc.publicnode.com'] },
];

export const presetByName = (name: string): ChainPreset | undefined => CHAIN_PRESETS.find((p) => p.id === name);
export const presetByChainId = (chainId: number): ChainPreset | undefined => CHAIN_PRESETS.find((p) => p.chainId === chainId);

export const chainName = (chainId: number): string => presetByChainId(chainId)?.name ?? `EVM chain ${chainId}`;
/** Platform id of a chain in the catalog (one platform per chain). */
export const chainPlatformId = (chainId: number): string => `evm-${chainId}`;
/** What items show as their chain. */
export const chainLabel = (chainId: number): string => presetByChainId(chainId)?.id ?? `evm-${chainId}`;

export const DEFAULT_IPFS_GATEWAYS = ['https://ipfs.io', 'https://dweb.link'];
export const DEFAULT_ARWEAVE_GATEWAY = 'https://arweave.net';

export const EvmAccountConfig = z.object({
  chainId: z.number().int().positive(),
  addresses: z.array(z.string().regex(/^0x[0-9a-f]{40}$/)).min(1),
  /** Public endpoints only (a preset's). Custom RPC URLs are secrets (they often carry an API
   *  key): they live in the account-secrets vault, and the catalog keeps `rpcSecret` instead.
   *  Libraries from before that may still hold them here until opened (see rpc-secrets.ts). */
  rpcUrls: z.array(z.string().url()).default([]),
  rpcSecret: z
    .object({
      /** Name of the vault entry with the full URLs (random, so two libraries never share one). */
      id: z.string().regex(/^[0-9a-f]{32}$/),
      /** The URLs as shown: scheme://host/… (public preset URLs in full). */
      redacted: z.array(z.string()).min(1),
    })
    .optional(),
  /** Metadata and media on loopback / private addresses are refused unless this is set. */
  allowLocalNetwork: z.boolean().default(false),
  ipfsGateways: z.array(z.string().url()).min(1).default(DEFAULT_IPFS_GATEWAYS),
  arweaveGateway: z.string().url().default(DEFAULT_ARWEAVE_GATEWAY),
  /** First block to scan (e.g. the wallet's first activity); 0 scans the whole chain. */
  fromBlock: z.number().int().nonnegative().default(0),
  /** Blocks per eth_getLogs at the start; halves when the node says a range is too large. */
  logRange: z.number().int().positive().default(50_000),
  /** Where the scan state is cached between syncs (a file per account; rebuilt when missing). */
  stateDir: z.string().optional(),
});
export type EvmAccountConfig = z.infer<typeof EvmAccountConfig>;
