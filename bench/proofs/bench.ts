// `npm run bench -- proofs [--verify N] [--sync N]`: offline proof verification throughput on
// one core (N items, default 10,000, minted 10 per transaction and 50 transactions per block,
// each with header + storage proof + receipt proof +
// transaction + receipt), and a full sync of N tokens (default 2,000) from anvil through the
// sync engine, with metadata and an image per token from a local HTTP server.
// Baselines: for verification, hashing each item's header alone (the least any check does);
// for sync, a bare listing (logs + ownerOf + tokenURI per token, batched) with no proofs or media.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Hex } from 'viem';
import { foundry } from 'viem/chains';
import { openBackend } from '../../main/api/backend.js';
import { captureEvidence, type CaptureTarget, type RpcBlock } from '../../main/core/connectors/evm/capture.js';
import { evmConnector, lastSyncStats } from '../../main/core/connectors/evm/evm-connector.js';
import { scanTransfers } from '../../main/core/connectors/evm/scan.js';
import { readContract } from '../../main/core/evm/abi.js';
import { RpcClient } from '../../main/core/evm/rpc.js';
import { verifyEvidence, type EvidenceDocument } from '../../main/core/evidence/verifiers.js';
import '../../main/core/proofs/chain-verifiers.js';
import { hashHeader } from '../../main/core/proofs/header.js';
import { availableParallelism, loadavg } from 'node:os';
import { compileFixtures } from '../../test/fixtures/evm/compile.js';
import { DEV_ACCOUNTS, startAnvil } from '../../test/helpers/anvil.js';
import { printTable } from '../lib.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

export async function run(): Promise<void> {
  const verifyCount = arg('verify', 10_000);
  const syncCount = arg('sync', 2_000);
  const artifacts = compileFixtures();
  const anvil = await startAnvil(['--gas-limit', '300000000']);
  const png = new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#4a7' } }).png().toBuffer());
  const server = createServer((req, res) => {
    const m = /^\/meta\/(\d+)$/.exec(req.url ?? '');
    if (m) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: `Bench #${m[1]}`, image: `${base}/img/${m[1]}.png` }));
    if (req.url?.startsWith('/img/')) return void res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-bench-proofs-'));
  try {
    const [, verifyWallet, syncWallet] = DEV_ACCOUNTS as [Hex, Hex, Hex];
    const plain = await anvil.deploy(artifacts.Plain721!, []);
    // Realistic blocks: 10 mints per transaction, 50 transactions per block.
    const mint = async (to: Hex, firstId: number, count: number) => {
      await anvil.pub.request({ method: 'evm_setAutomine' as never, params: [false] as never });
      let pending = 0;
      for (let first = 0; first < count; first += 10) {
        await anvil.wallet.writeContract({
          address: plain, abi: artifacts.Plain721!.abi, functionName: 'mintMany', account: DEV_ACCOUNTS[0]!, chain: foundry, gas: 3_000_000n,
          args: [to, BigInt(firstId + first), BigInt(Math.min(10, count - first)), `${base}/meta/`],
        });
        if (++pending === 50) {
          await anvil.pub.request({ method: 'evm_mine' as never });
          pending = 0;
        }
      }
      await anvil.pub.request({ method: 'evm_mine' as never });
      await anvil.pub.request({ method: 'evm_setAutomine' as never, params: [true] as never });
    };
    process.stdout.write(`minting ${verifyCount} + ${syncCount} tokens on anvil…\n`);
    await mint(verifyWallet, 1_000_000, verifyCount);
    await mint(syncWallet, 0, syncCount);

    // --- Verification: capture the evidence of verifyCount items, then verify it offline. ---
    const rpc = new RpcClient({ urls: [anvil.url] });
    const latest = Number(await rpc.request<string>('eth_blockNumber'));
    const snapshot = await rpc.request<RpcBlock>('eth_getBlockByNumber', [`0x${latest.toString(16)}`, false]);
    const events = await scanTransfers(rpc, [verifyWallet.toLowerCase()], 0, latest, { initialRange: 100_000 });
    const targets: CaptureTarget[] = events.map((e) => ({
      key: `${e.tokenId}`, standard: 'erc721', contract: e.contract, tokenId: e.tokenId, owner: e.to, balance: 1n,
      acquired: { event: 'Transfer', from: e.from, value: '1', blockNumber: e.blockNumber, blockHash: e.blockHash, txHash: e.txHash, txIndex: e.txIndex, logIndex: e.logIndex },
    }));
    const captureStarted = performance.now();
    const captured = await captureEvidence(rpc, 31337, snapshot, targets, new Map());
    const captureSeconds = (performance.now() - captureStarted) / 1000;
    const items: EvidenceDocument[][] = [...captured.values()].map((r) => r.evidence.map((e) => ({ kind: e.kind, level: e.level, summary: e.summary, bytes: e.bytes ?? null })));
    if (items.length !== verifyCount) throw new Error(`captured ${items.length} items, expected ${verifyCount}`);

    const t0 = performance.now();
    for (const docs of items) for (const d of docs) if (d.kind === 'block-header') hashHeader(d.bytes!);
    const headerSeconds = (performance.now() - t0) / 1000;
    const byKind = new Map<string, number>();
    let failures = 0;
    const t1 = performance.now();
    for (const docs of items) {
      for (const d of docs) {
        const k0 = performance.now();
        const outcome = await verifyEvidence(d, { siblings: docs, fileHashes: [] });
        byKind.set(d.kind, (byKind.get(d.kind) ?? 0) + performance.now() - k0);
        if (!outcome?.ok) failures++;
      }
    }
    const verifySeconds = (performance.now() - t1) / 1000;
    if (failures) throw new Error(`${failures} documents failed to verify`);

    // --- The connector alone (listing, metadata, proofs; no downloads or catalog writes). ---
    const connectorOnly = await (async () => {
      const dirOnly = join(dir, 'connector-only');
      const c0 = performance.now();
      let n = 0;
      for await (const h of evmConnector.listHoldings(
        { id: 'bench', kind: 'evm', platformId: 'evm-31337', name: 'bench', config: { chainId: 31337, addresses: [syncWallet.toLowerCase()], rpcUrls: [anvil.url], allowLocalNetwork: true, stateDir: dirOnly } },
        new AbortController().signal,
      ))
        if (h.record) n++;
      if (n !== syncCount) throw new Error(`connector listed ${n}`);
      return { seconds: (performance.now() - c0) / 1000, stats: { ...lastSyncStats! } };
    })();

    // --- Sync: syncCount tokens through the engine (metadata + image each), then a no-change re-sync. ---
    // The custom RPC URL is kept in the account-secrets vault: the benchmark's own, not the user's.
    process.env.HOLDFAST_DATA_DIR ??= join(dir, 'app-data');
    const backend = openBackend(join(dir, 'library'), 'http');
    const call = async <T>(name: string, input: unknown): Promise<T> => {
      const r = await backend.call(name, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.result as T;
    };
    const account = await call<{ id: string }>('accounts.add', { kind: 'evm', addresses: [syncWallet], chainId: 31337, rpcUrls: [anvil.url], allowLocalNetwork: true });
    // The sync's own work ends at its 'done' progress event; the engine then builds previews
    // (thumbnails, AR files), timed separately.
    let doneAt = 0;
    const unsubscribe = backend.ctx.events.subscribe((e) => {
      if (e.type === 'sync.progress' && e.phase === 'done' && !doneAt) doneAt = performance.now();
    });
    const s0 = performance.now();
    const { runIds } = await call<{ runIds: number[] }>('sync.start', { accountId: account.id });
    await backend.ctx.sync.wait(runIds);
    unsubscribe();
    const withPreviewsSeconds = (performance.now() - s0) / 1000;
    const syncSeconds = ((doneAt || performance.now()) - s0) / 1000;
    const first = { ...lastSyncStats! };
    const runs = await call<Array<{ itemsSeen: number; status: string; errors: unknown[] }>>('sync.runs', { accountId: account.id, limit: 1 });
    if (runs[0]!.itemsSeen !== syncCount || runs[0]!.status !== 'done') throw new Error(`sync saw ${runs[0]!.itemsSeen} items (${runs[0]!.status}): ${JSON.stringify(runs[0]!.errors).slice(0, 2000)}`);
    const r0 = performance.now();
    await backend.ctx.sync.wait((await call<{ runIds: number[] }>('sync.start', { accountId: account.id })).runIds);
    const resyncSeconds = (performance.now() - r0) / 1000;
    const second = { ...lastSyncStats! };
    await backend.close();

    // Baseline: the bare listing any wallet viewer does (logs, ownerOf, tokenURI), batched the same way.
    const bare = new RpcClient({ urls: [anvil.url] });
    const b0 = performance.now();
    const head = Number(await bare.request<string>('eth_blockNumber'));
    const bareEvents = await scanTransfers(bare, [syncWallet.toLowerCase()], 0, head, { initialRange: 100_000 });
    await Promise.all(
      bareEvents.map(async (e) => {
        await readContract(bare, e.contract as Hex, 'ownerOf', [e.tokenId], `0x${head.toString(16)}`);
        await readContract(bare, e.contract as Hex, 'tokenURI', [e.tokenId], `0x${head.toString(16)}`);
      }),
    );
    const bareSeconds = (performance.now() - b0) / 1000;

    const itemsPerSecond = verifyCount / verifySeconds;
    console.log(`\nProof verification, one core, ${verifyCount} items (${items[0]!.length} documents each); baseline: header hashing alone`);
    printTable([
      { step: 'header hashing only (baseline)', seconds: headerSeconds, items_per_s: verifyCount / headerSeconds, ratio: 1 },
      ...[...byKind.entries()].map(([kind, ms]) => ({ step: `  ${kind}`, seconds: ms / 1000, items_per_s: verifyCount / (ms / 1000), ratio: ms / 1000 / headerSeconds })),
      { step: 'full verification (all documents)', seconds: verifySeconds, items_per_s: itemsPerSecond, ratio: verifySeconds / headerSeconds },
      { step: '(capture from anvil, for reference)', seconds: captureSeconds, items_per_s: verifyCount / captureSeconds, ratio: captureSeconds / headerSeconds },
    ]);
    const requestsPerItem = first.rpcCalls / syncCount;
    console.log(`\nSync of ${syncCount} tokens from anvil (metadata + image from a local server); baseline: bare listing (logs + ownerOf + tokenURI)`);
    printTable([
      { run: 'bare listing (baseline)', seconds: bareSeconds, rpc_calls: bare.calls, http_requests: bare.httpRequests, rpc_per_item: bare.calls / syncCount, ratio: 1 },
      { run: 'connector alone (listing, metadata, proofs)', seconds: connectorOnly.seconds, rpc_calls: connectorOnly.stats.rpcCalls, http_requests: connectorOnly.stats.httpRequests, rpc_per_item: connectorOnly.stats.rpcCalls / syncCount, ratio: connectorOnly.seconds / bareSeconds },
      { run: 'first sync (proofs, metadata, media)', seconds: syncSeconds, rpc_calls: first.rpcCalls, http_requests: first.httpRequests, rpc_per_item: requestsPerItem, ratio: syncSeconds / bareSeconds },
      { run: '  + previews built after it (issue 7)', seconds: withPreviewsSeconds, rpc_calls: first.rpcCalls, http_requests: first.httpRequests, rpc_per_item: requestsPerItem, ratio: withPreviewsSeconds / bareSeconds },
      { run: 're-sync, nothing changed', seconds: resyncSeconds, rpc_calls: second.rpcCalls, http_requests: second.httpRequests, rpc_per_item: second.rpcCalls / syncCount, ratio: resyncSeconds / bareSeconds },
    ]);
    console.log(`(load average while running: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} shared cores — other work on the machine slows every figure)`);
    console.log(
      `proofs: items_per_s=${itemsPerSecond.toFixed(0)} sync_s=${syncSeconds.toFixed(1)} requests_per_item=${requestsPerItem.toFixed(3)} http_requests_per_item=${(first.httpRequests / syncCount).toFixed(3)} resync_s=${resyncSeconds.toFixed(2)} ratio=${(syncSeconds / bareSeconds).toFixed(2)}`,
    );
  } finally {
    server.close();
    await anvil.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
