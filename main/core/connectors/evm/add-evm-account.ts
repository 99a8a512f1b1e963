// Adding an EVM wallet: one or more addresses on one chain (a preset or any chain id with its
// RPC URLs). The same addresses on the same chain are the same account: adding them again
// updates its settings. Custom RPC URLs are kept as a secret (rpc-secrets.ts).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Account, AddEvmAccountInput } from '../../../api/contract.js';
import { getAccount, upsertAccount, upsertPlatform } from '../../db/accounts.js';
import { HoldfastError } from '../../errors.js';
import type { Library } from '../../library.js';
import { chainName, chainPlatformId, EvmAccountConfig, presetByChainId, presetByName } from './chains.js';
import { accountView, keepRpcUrls } from './rpc-secrets.js';

/** Where EVM scan state is cached inside a library (rebuildable; see scan-state.ts). */
export const evmStateDir = (libraryDir: string): string => join(libraryDir, '.cache', 'evm');

export function addEvmAccount(library: Library, input: z.output<typeof AddEvmAccountInput>): Account {
  const preset = input.chain ? presetByName(input.chain) : input.chainId !== undefined ? presetByChainId(input.chainId) : undefined;
  if (input.chain && input.chainId !== undefined && preset!.chainId !== input.chainId)
    throw new HoldfastError('invalid_input', `chain ${input.chain} has chain id ${preset!.chainId}, not ${input.chainId}`);
  const chainId = preset?.chainId ?? input.chainId;
  if (chainId === undefined) throw new HoldfastError('invalid_input', 'say which chain: a preset (ethereum, polygon, base, arbitrum) or a chain id with its RPC URLs');
  const addresses = [...new Set(input.addresses.map((a) => a.toLowerCase()))].sort();
  const id = `evm-${chainId}-${createHash('sha256').update(addresses.join(',')).digest('hex').slice(0, 10)}`;
  const short = `${addresses[0]!.slice(0, 6)}…${addresses[0]!.slice(-4)}${addresses.length > 1 ? ` +${addresses.length - 1}` : ''}`;
  const existing = getAccount(library.db, id);
  const before = existing ? EvmAccountConfig.safeParse(existing.config).data : undefined;
  // Added again without URLs: the ones it has stay (a secret's included).
  const keep = input.rpcUrls.length === 0 && before && (before.rpcSecret || before.rpcUrls.length > 0);
  const rpcUrls = input.rpcUrls.length ? input.rpcUrls : (preset?.rpcUrls ?? []);
  if (!keep && rpcUrls.length === 0) throw new HoldfastError('invalid_input', `chain ${chainId} is not a preset: give at least one RPC URL for it`);
  // Custom URLs go to the account-secrets vault before anything is written to the catalog.
  const rpc = keep ? { rpcUrls: before.rpcUrls, rpcSecret: before.rpcSecret } : keepRpcUrls(library, chainId, rpcUrls, before?.rpcSecret);
  const config = EvmAccountConfig.parse({
    ...(existing?.config ?? {}),
    chainId,
    addresses,
    ...rpc,
    allowLocalNetwork: input.allowLocalNetwork,
    ...(input.ipfsGateways ? { ipfsGateways: input.ipfsGateways } : {}),
    ...(input.fromBlock !== undefined ? { fromBlock: input.fromBlock } : {}),
    stateDir: evmStateDir(library.dir),
  });
  upsertPlatform(library.db, { id: chainPlatformId(chainId), name: chainName(chainId), kind: 'chain', status: 'active' });
  upsertAccount(library.db, { id, kind: 'evm', platformId: chainPlatformId(chainId), name: input.name ?? existing?.name ?? `${chainName(chainId)} ${short}`, config });
  return accountView(getAccount(library.db, id)!);
}
