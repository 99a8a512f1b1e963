// The EVM connector: an address (or several) on one chain is the account. Holdings come from
// transfer logs (only blocks not scanned before), are checked against ownerOf / balanceOf at a
// snapshot block, get their metadata from tokenURI / uri, and their chain evidence captured at
// that block. Tokens that did not change since the last sync are listed from the cached state,
// with no requests; tokens whose metadata failed are tried again.
import { createHash } from 'node:crypto';
import type { Hex } from 'viem';
import type { HoldingRecord } from '../../db/items.js';
import { HoldfastError } from '../../errors.js';
import { readContract } from '../../evm/abi.js';
import { RpcClient, RpcTransportError, redactUrl } from '../../evm/rpc.js';
import type { Connector, ConnectorAccount, ListedHolding, SourceFile } from '../connector.js';
import { captureEvidence, newCaptureCache, type CaptureResult, type CaptureTarget, type RpcBlock } from './capture.js';
import { chainLabel, EvmAccountConfig } from './chains.js';
import { forEachLimited } from './limit.js';
import { parseMetadata } from './metadata.js';
import { resolveRpcUrls } from './rpc-secrets.js';
import type { SlotLayout } from './owner-slots.js';
import type { FetchPolicy } from './safe-fetch.js';
import { holdingKey, loadScanState, usableStateDir, saveScanState, type HoldingState, type ScanState } from './scan-state.js';
import { scanTransfers } from './scan.js';
import { downloadSpecFor, fetchResolved, resolveUri, substituteId, type ResolveOptions } from './token-uri.js';

const METADATA_MAX_BYTES = 8 * 1024 * 1024;
const METADATA_TIMEOUT_MS = 20_000;
const METADATA_CONCURRENCY = 8;
const BATCH_SIZE = 200;

/** Counters of the last listing, for benchmarks and the CLI. */
export interface EvmSyncStats {
  rpcCalls: number;
  httpRequests: number;
  blocksScanned: number;
  holdings: number;
  refreshed: number;
}
export let lastSyncStats: EvmSyncStats | null = null;

export const evmConnector: Connector = {
  listHoldings: (account, signal) => listEvmHoldings(account, signal),
};

async function* listEvmHoldings(account: ConnectorAccount, signal: AbortSignal): AsyncIterable<ListedHolding> {
  const parsed = EvmAccountConfig.safeParse(account.config);
  if (!parsed.success) throw new HoldfastError('invalid_input', `account ${account.name} has an invalid EVM configuration: ${parsed.error.issues[0]?.message}`);
  const config = { ...parsed.data, stateDir: usableStateDir(parsed.data.stateDir) };
  // Custom RPC URLs come from the account-secrets vault (they may carry an API key).
  const rpcUrls = resolveRpcUrls(account, config);
  const rpc = new RpcClient({ urls: rpcUrls, signal });
  const chainId = Number(await rpc.request<string>('eth_chainId'));
  if (chainId !== config.chainId)
    throw new HoldfastError('invalid_input', `${redactUrl(rpcUrls[0]!)} serves chain ${chainId}, but account ${account.name} is on chain ${config.chainId}`);

  const latest = Number(await rpc.request<string>('eth_blockNumber'));
  const snapshot = await rpc.request<RpcBlock>('eth_getBlockByNumber', [hex(latest), false]);
  const addresses = [...config.addresses].sort();

  let state = await loadScanState(config.stateDir, account.id);
  if (state && !(await stateStillValid(rpc, state, chainId, addresses, config.fromBlock, latest))) state = null;
  const fresh: ScanState = state ?? {
    v: 1, chainId, addresses, fromBlock: config.fromBlock, scannedTo: config.fromBlock - 1, scannedToHash: '', holdings: {}, layouts: {}, collections: {},
  };

  // 1. New transfers since the last scan.
  const scanFrom = fresh.scannedTo + 1;
  const events = await scanTransfers(rpc, addresses, scanFrom, latest, { initialRange: config.logRange, signal });
  const owners = new Set(addresses);
  const changed = new Set<string>();
  for (const e of events) {
    for (const side of ['from', 'to'] as const) {
      const owner = e[side];
      if (!owners.has(owner)) continue;
      const key = holdingKey(owner, e.contract, e.tokenId);
      const h = (fresh.holdings[key] ??= {
        standard: e.standard, contract: e.contract, tokenId: e.tokenId.toString(), owner, balance: '0', acquired: null,
        record: null, tokenUri: null, files: [], metadataError: null, evidenceBlock: null,
      });
      let balance = BigInt(h.balance);
      if (side === 'to') {
        balance = e.standard === 'erc721' ? 1n : balance + e.value;
        h.acquired = {
          event: e.event, from: e.from, value: e.value.toString(), blockNumber: e.blockNumber, blockHash: e.blockHash,
          txHash: e.txHash, txIndex: e.txIndex, logIndex: e.logIndex,
        };
      } else balance = e.standard === 'erc721' ? 0n : balance - e.value;
      h.balance = (balance < 0n ? 0n : balance).toString();
      changed.add(key);
    }
  }

  // 2. Changed holdings checked against the contract at the snapshot block.
  const block = hex(latest) as Hex;
  await Promise.all([...changed].map(async (key) => {
    const h = fresh.holdings[key]!;
    if (BigInt(h.balance) > 0n) {
      try {
        if (h.standard === 'erc721') {
          const owner = (await readContract<string>(rpc, h.contract as Hex, 'ownerOf', [BigInt(h.tokenId)], block)).toLowerCase();
          if (owner !== h.owner) h.balance = '0';
        } else {
          h.balance = (await readContract<bigint>(rpc, h.contract as Hex, 'balanceOf', [h.owner, BigInt(h.tokenId)], block)).toString();
        }
      } catch (error) {
        // ownerOf reverts for a burned token: not held. A node that cannot be reached says nothing
        // about the token, and a listing that stops here must fail rather than mark it gone.
        if (error instanceof RpcTransportError || signal.aborted) throw error;
        h.balance = '0';
      }
    }
    if (BigInt(h.balance) === 0n) delete fresh.holdings[key];
    else {
      h.evidenceBlock = null;
      h.record = null;
    }
  }));

  const held = Object.entries(fresh.holdings);
  // 3. Collection names, once per contract.
  const newContracts = [...new Set(held.map(([, h]) => h.contract))].filter((c) => !(c in fresh.collections));
  await forEachLimited(newContracts, 8, async (contract) => {
    const [name, symbol] = await Promise.all(
      (['name', 'symbol'] as const).map((fn) => readContract<string>(rpc, contract as Hex, fn, [], block).catch(() => null)),
    );
    fresh.collections[contract] = { name: name ?? null, symbol: symbol ?? null };
  });

  // 4–6. In batches (so the library fills and progress moves while a big wallet syncs): metadata
  // for new or changed tokens and those whose metadata failed before, evidence for holdings that
  // have none at their current state, then every holding — unchanged ones from the state alone.
  const resolveOptions: ResolveOptions = { ipfsGateways: config.ipfsGateways, arweaveGateway: config.arweaveGateway, allowLocalNetwork: config.allowLocalNetwork };
  const policy: FetchPolicy = { allowLocalNetwork: config.allowLocalNetwork, maxBytes: METADATA_MAX_BYTES, timeoutMs: METADATA_TIMEOUT_MS, signal };
  const layouts = new Map<string, SlotLayout | null>(
    Object.entries(fresh.layouts).map(([c, l]) => [c, l ? { layout: l.layout, baseSlot: BigInt(l.baseSlot) } : null]),
  );
  const cache = newCaptureCache();
  // Tokens acquired in the same block share its receipt trie: keep them in the same batch.
  held.sort(([, a], [, b]) => (a.acquired?.blockNumber ?? 0) - (b.acquired?.blockNumber ?? 0));
  let refreshed = 0;
  for (let at = 0; at < held.length; at += BATCH_SIZE) {
    const batch = held.slice(at, at + BATCH_SIZE);
    const metadataBytes = new Map<string, Uint8Array>();
    const needMetadata = batch.filter(([, h]) => h.record === null || h.metadataError !== null);
    // All token URIs of the batch in one go (the RPC client batches them), then the documents.
    const uris = await Promise.all(needMetadata.map(([, h]) => readTokenUri(rpc, h, block)));
    await forEachLimited(
      needMetadata.map((entry, i) => [entry, uris[i]!] as const),
      METADATA_CONCURRENCY,
      async ([[key, h], uri]) => {
        if (signal.aborted) return;
        await refreshMetadata(uri, h, chainId, fresh, resolveOptions, policy, (bytes) => metadataBytes.set(key, bytes));
      },
    );
    const targets: CaptureTarget[] = batch
      .filter(([, h]) => h.evidenceBlock === null)
      .map(([key, h]) => ({
        key, standard: h.standard, contract: h.contract, tokenId: BigInt(h.tokenId), owner: h.owner, balance: BigInt(h.balance), acquired: h.acquired,
      }));
    refreshed += targets.length;
    const captured = targets.length ? await captureEvidence(rpc, chainId, snapshot, targets, layouts, cache) : new Map<string, CaptureResult>();
    for (const [key, h] of batch) {
      if (signal.aborted) return;
      const capture = captured.get(key);
      if (capture) {
        // Evidence that could not be captured whole is tried again next sync.
        if (capture.problems.length === 0) h.evidenceBlock = latest;
        if (capture.acquiredAt && h.record) h.record.acquiredAt = capture.acquiredAt;
      }
      const record = h.record ?? fallbackRecord(h, chainId, fresh);
      if (capture?.problems.length) record.metadata = { ...record.metadata, evidenceProblems: capture.problems };
      yield {
        record,
        files: await sourceFiles(h, resolveOptions, policy, metadataBytes.get(key)),
        evidence: capture?.evidence ?? [],
      };
    }
  }
  for (const [contract, l] of layouts) fresh.layouts[contract] = l ? { layout: l.layout, baseSlot: `0x${l.baseSlot.toString(16)}` } : null;

  fresh.scannedTo = latest;
  fresh.scannedToHash = (snapshot.hash as string).toLowerCase();
  await saveScanState(config.stateDir, account.id, fresh);
  lastSyncStats = { rpcCalls: rpc.calls, httpRequests: rpc.httpRequests, blocksScanned: latest - scanFrom + 1, holdings: held.length, refreshed };
}

async function stateStillValid(rpc: RpcClient, state: ScanState, chainId: number, addresses: string[], fromBlock: number, latest: number): Promise<boolean> {
  if (state.chainId !== chainId || state.fromBlock !== fromBlock || state.addresses.join() !== addresses.join()) return false;
  if (state.scannedTo > latest || state.scannedTo < fromBlock) return false;
  const block = await rpc.request<{ hash: string } | null>('eth_getBlockByNumber', [hex(state.scannedTo), false]);
  return block?.hash.toLowerCase() === state.scannedToHash;
}

/** tokenURI / uri of a token at the block (ERC-1155's {id} substituted), or why there is none. */
async function readTokenUri(rpc: RpcClient, h: HoldingState, block: Hex): Promise<{ uri: string } | { error: string }> {
  try {
    const raw = await readContract<string>(rpc, h.contract as Hex, h.standard === 'erc721' ? 'tokenURI' : 'uri', [BigInt(h.tokenId)], block);
    return { uri: h.standard === 'erc1155' ? substituteId(raw, BigInt(h.tokenId)) : raw };
  } catch (error) {
    if (error instanceof RpcTransportError) throw error;
    return { error: `no token URI: ${message(error)}` };
  }
}

async function refreshMetadata(
  tokenUri: { uri: string } | { error: string },
  h: HoldingState,
  chainId: number,
  state: ScanState,
  resolveOptions: ResolveOptions,
  policy: FetchPolicy,
  keepBytes: (bytes: Uint8Array) => void,
): Promise<void> {
  const record = fallbackRecord(h, chainId, state);
  h.files = [];
  h.metadataError = null;
  h.tokenUri = 'uri' in tokenUri ? tokenUri.uri : null;
  if ('error' in tokenUri) h.metadataError = tokenUri.error;
  if (h.tokenUri) {
    try {
      const resolved = resolveUri(h.tokenUri, resolveOptions);
      h.files.push({ role: 'metadata', uri: h.tokenUri, fileName: 'metadata.json' });
      const fetched = await fetchResolved(resolved, policy);
      keepBytes(fetched.bytes);
      const meta = parseMetadata(fetched.bytes);
      record.name = meta.name ?? record.name;
      record.description = meta.description;
      record.creator = meta.creator;
      record.attributes = meta.attributes;
      record.mediaType = meta.mediaType;
      record.metadata = { ...record.metadata, token: meta.json, ...(fetched.cid ? { metadataCid: fetched.cid } : {}) };
      for (const m of meta.media) h.files.push({ role: m.role, uri: m.uri, fileName: null });
      if (meta.imageData) h.files.push({ role: 'image', uri: `data:image/svg+xml,${encodeURIComponent(meta.imageData)}`, fileName: 'image.svg' });
    } catch (error) {
      h.metadataError = `metadata from ${h.tokenUri.slice(0, 200)}: ${message(error)}`;
    }
  }
  record.metadata = { ...record.metadata, tokenUri: h.tokenUri, metadataError: h.metadataError };
  h.record = record;
}

function fallbackRecord(h: HoldingState, chainId: number, state: ScanState): HoldingRecord {
  const collection = state.collections[h.contract];
  const label = collection?.name ?? `${h.contract.slice(0, 6)}…${h.contract.slice(-4)}`;
  return {
    externalId: `eip155:${chainId}/${h.standard}:${h.contract}/${h.tokenId}@${h.owner}`,
    name: `${label} #${h.tokenId}`,
    collection: collection?.name ?? null,
    chain: chainLabel(chainId),
    contract: h.contract,
    tokenId: h.tokenId,
    txHash: h.acquired?.txHash ?? null,
    standard: h.standard === 'erc721' ? 'ERC-721' : 'ERC-1155',
    mediaType: 'other',
    metadata: { owner: h.owner, balance: h.balance, symbol: collection?.symbol ?? null },
  };
}

/** The files of a holding as the sync engine wants them; a refused or failed one throws its reason when read. */
async function sourceFiles(h: HoldingState, options: ResolveOptions, policy: FetchPolicy, metadataBytes: Uint8Array | undefined): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  for (const f of h.files) {
    const base = { role: f.role, fileName: f.fileName };
    try {
      const resolved = resolveUri(f.uri, options);
      if (f.role === 'metadata') {
        const error = h.metadataError;
        files.push({
          ...base,
          sourceUrl: resolved.sourceUrl,
          read: async () => {
            if (error) throw new Error(error);
            return metadataBytes ?? (await fetchResolved(resolved, policy)).bytes;
          },
        });
      } else if (resolved.kind === 'data') {
        files.push({ ...base, sourceUrl: resolved.sourceUrl, read: async () => resolved.bytes });
      } else {
        files.push({ ...base, sourceUrl: resolved.sourceUrl, download: await downloadSpecFor(resolved, options.allowLocalNetwork) });
      }
    } catch (error) {
      const reason = message(error);
      files.push({ ...base, sourceUrl: `refused:${createHash('sha256').update(f.uri).digest('hex').slice(0, 16)}`, read: async () => Promise.reject(new Error(reason)) });
    }
  }
  // Metadata that could not even be named (no tokenURI) is still reported on the item.
  if (h.metadataError && !h.files.some((f) => f.role === 'metadata')) {
    const reason = h.metadataError;
    files.push({ role: 'metadata', sourceUrl: null, read: async () => Promise.reject(new Error(reason)) });
  }
  return files;
}

const hex = (n: number): string => `0x${n.toString(16)}`;
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
