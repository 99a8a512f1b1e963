// EVM wallets on a real local chain: anvil, OpenZeppelin 5 contracts compiled with solc-js
// (plain ERC-721, upgradeable ERC-721 behind a proxy with ERC-7201 storage, ERC-1155), metadata
// and media from a local HTTP server and a local content-addressed IPFS "gateway".
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import sharp from 'sharp';
import { encodeFunctionData, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import type { ItemDetail, ItemSummary, OpInput, OpOutput, OperationName } from '../../main/api/contract.js';
import { cidsOf } from '../../main/core/connectors/evm/cid.js';
import { lastSyncStats } from '../../main/core/connectors/evm/evm-connector.js';
import { compileFixtures, type Artifact } from '../fixtures/evm/compile.js';
import { DEV_ACCOUNTS, startAnvil, startRangeLimitedProxy, type Anvil } from '../helpers/anvil.js';
import { suiteTempDir } from '../helpers/tmp.js';

const [, WALLET, OTHER, WALLET_B] = DEV_ACCOUNTS as [Hex, Hex, Hex, Hex];

let anvil: Anvil;
let server: Server;
let base = '';
const hits = new Map<string, number>();
const routes = new Map<string, { type: string; body: Uint8Array }>();
let artifacts: Record<string, Artifact>;
let backend: Backend;
let plain: Hex;
let upgradeable: Hex;
let multi: Hex;

async function call<N extends OperationName>(name: N, input?: OpInput<N>): Promise<OpOutput<N>> {
  const r = await backend.call(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.result as OpOutput<N>;
}

async function sync(accountId: string) {
  const { runIds } = await call('sync.start', { accountId });
  await backend.ctx.sync.wait(runIds);
  const [run] = await call('sync.runs', { accountId, limit: 1 });
  return run!;
}

async function items(accountId: string): Promise<ItemSummary[]> {
  return (await call('items.list', { accountId, limit: 500, sort: 'name', order: 'asc' })).items;
}

const detail = (id: string) => call('items.get', { id }) as Promise<ItemDetail>;
const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const serve = (path: string, type: string, body: Uint8Array) => routes.set(path, { type, body });
/** Roles of the files the connector gave (previews and AR files are added by the engine). */
const sourceRoles = (d: ItemDetail) => d.files.map((f) => f.role).filter((r) => !['thumbnail', 'poster', 'ar-glb', 'ar-usdz'].includes(r)).sort();

beforeAll(async () => {
  artifacts = compileFixtures();
  anvil = await startAnvil();
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes.get(path);
    if (!route) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': route.type, 'content-length': route.body.length }).end(route.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  // Media and metadata: plain HTTP, and content-addressed through the local gateway.
  const png = new Uint8Array(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c33' } }).png().toBuffer());
  const png2 = new Uint8Array(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#33c' } }).png().toBuffer());
  serve('/media/1.png', 'image/png', png);
  serve('/meta/1.json', 'application/json', json({ name: 'Plain One', description: 'over http', image: `${base}/media/1.png`, attributes: [{ trait_type: 'Colour', value: 'red' }] }));
  const pngCid = (await cidsOf(png2)).raw;
  serve(`/ipfs/${pngCid}`, 'image/png', png2);
  const meta2 = json({ name: 'Plain Two', image: `ipfs://${pngCid}` });
  const meta2Cid = (await cidsOf(meta2)).dagPbV0;
  serve(`/ipfs/${meta2Cid}`, 'application/json', meta2);
  // A CID whose gateway answers with other bytes: must be rejected.
  const honest = json({ name: 'Honest Four' });
  const meta4Cid = (await cidsOf(honest)).dagPbV0;
  serve(`/ipfs/${meta4Cid}`, 'application/json', json({ name: 'Forged Four' }));
  for (const [n, name] of [[5, 'Plain Five'], [6, 'Plain Six'], [7, 'Plain Seven']] as const) serve(`/meta/${n}.json`, 'application/json', json({ name, image: `${base}/media/1.png` }));
  serve('/up/1', 'application/json', json({ name: 'Upgradeable One', image: `${base}/media/1.png`, animation_url: `${base}/media/model.glb` }));
  serve('/up/2', 'application/json', json({ name: 'Upgradeable Two', image: `${base}/media/1.png` }));
  serve('/media/model.glb', 'model/gltf-binary', new Uint8Array(readFileSync(new URL('../fixtures/evm/Plain721.sol', import.meta.url))));
  for (const id of [1, 2, 3, 4]) serve(`/1155/${id.toString(16).padStart(64, '0')}.json`, 'application/json', json({ name: `Edition ${id}`, image: `${base}/media/1.png` }));

  plain = await anvil.deploy(artifacts.Plain721!, []);
  const impl = await anvil.deploy(artifacts.Upgradeable721!, []);
  const init = encodeFunctionData({ abi: artifacts.Upgradeable721!.abi, functionName: 'initialize', args: [`${base}/up/`] });
  upgradeable = await anvil.deploy(artifacts.FixtureProxy!, [impl, init]);
  multi = await anvil.deploy(artifacts.Multi1155!, [`${base}/1155/{id}.json`]);

  const P = artifacts.Plain721!.abi;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="green"/></svg>`;
  const dataMeta = `data:application/json;base64,${Buffer.from(JSON.stringify({ name: 'Plain Three', image: `data:image/svg+xml;utf8,${svg}` })).toString('base64')}`;
  await anvil.send(plain, P, 'mint', [WALLET, 1n, `${base}/meta/1.json`]);
  await anvil.send(plain, P, 'mint', [WALLET, 2n, `ipfs://${meta2Cid}`]);
  await anvil.send(plain, P, 'mint', [WALLET, 3n, dataMeta]);
  await anvil.send(plain, P, 'mint', [WALLET, 4n, `ipfs://${meta4Cid}`]);
  await anvil.send(plain, P, 'mint', [WALLET, 5n, `${base}/meta/5.json`]);
  await anvil.send(plain, P, 'mint', [WALLET, 6n, `${base}/meta/6.json`]);
  // Wallet B holds a token whose metadata sits on a private address (never contacted).
  await anvil.send(plain, P, 'mint', [WALLET_B, 20n, 'http://10.11.12.13/meta/20.json']);
  await anvil.send(upgradeable, artifacts.Upgradeable721!.abi, 'mint', [WALLET, 1n]);
  await anvil.send(upgradeable, artifacts.Upgradeable721!.abi, 'mint', [WALLET, 2n]);
  const M = artifacts.Multi1155!.abi;
  await anvil.send(multi, M, 'mint', [WALLET, 1n, 10n]);
  await anvil.send(multi, M, 'mintBatch', [WALLET, [2n, 3n, 4n], [5n, 2n, 7n]]);

  // Custom RPC URLs are kept in the account-secrets vault: a test's own, not the user's.
  process.env.HOLDFAST_DATA_DIR = suiteTempDir('holdfast-evm-secrets-');
  backend = openBackend(suiteTempDir('holdfast-evm-'), 'http');
}, 90_000);

afterAll(async () => {
  await backend?.close();
  await anvil?.stop();
  await new Promise((r) => server?.close(r));
});

describe('EVM wallet sync on anvil', () => {
  let accountId = '';

  it('adds the wallet and lists exactly what it holds, with metadata, media and proofs', async () => {
    const account = await call('accounts.add', { kind: 'evm', addresses: [WALLET], chainId: 31337, rpcUrls: [anvil.url], allowLocalNetwork: true, ipfsGateways: [base] });
    accountId = account.id;
    expect(account.kind).toBe('evm');
    const run = await sync(accountId);
    expect(run.status).toBe('done');
    const list = await items(accountId);
    const ids = list.map((i) => i.name).sort();
    expect(ids).toEqual(
      ['Edition 1', 'Edition 2', 'Edition 3', 'Edition 4', 'Plain Fixture #4', 'Plain Five', 'Plain Six', 'Plain One', 'Plain Three', 'Plain Two', 'Upgradeable One', 'Upgradeable Two'].sort(),
    );
    expect(list.every((i) => i.held)).toBe(true);

    // Every token whose contract follows a known layout is proven at L3, including the proxy's ERC-7201 storage.
    for (const i of list) expect(i.evidenceLevel, i.name).toBe(3);
    const one = await detail(list.find((i) => i.name === 'Plain One')!.id);
    expect(sourceRoles(one)).toEqual(['image', 'metadata']);
    expect(one.attributes).toEqual([{ trait: 'Colour', value: 'red' }]);
    expect(one.evidence.map((e) => e.kind).sort()).toEqual(['block-header', 'block-header', 'receipt', 'receipt-proof', 'storage-proof', 'transaction']);
    expect(one.evidence.every((e) => e.verified === true)).toBe(true);
    const storage = one.evidence.find((e) => e.kind === 'storage-proof')!;
    expect(storage.summary.layout).toBe('mapping@3'); // Ownable's _owner pushed _owners from 2 to 3.
    const up = await detail(list.find((i) => i.name === 'Upgradeable One')!.id);
    expect(up.evidence.find((e) => e.kind === 'storage-proof')!.summary.layout).toBe('erc7201:openzeppelin.storage.ERC721+2');
    expect(up.mediaType).toBe('model');
    expect(sourceRoles(up)).toEqual(['image', 'metadata', 'model']);

    // IPFS through the local gateway: CID-checked metadata and image; a forged CID answer refused.
    const two = await detail(list.find((i) => i.name === 'Plain Two')!.id);
    expect(sourceRoles(two)).toEqual(['image', 'metadata']);
    expect((two.metadata.metadataCid as { verified: boolean }).verified).toBe(true);
    const four = await detail(list.find((i) => i.name === 'Plain Fixture #4')!.id);
    expect(four.syncError).toMatch(/do not match CID/);
    // data: metadata with an inline SVG image.
    const three = await detail(list.find((i) => i.name === 'Plain Three')!.id);
    expect(three.files.find((f) => f.role === 'image')!.mime).toBe('image/svg+xml');

    // ERC-1155 balances from TransferSingle/TransferBatch, checked against balanceOf.
    const ed2 = await detail(list.find((i) => i.name === 'Edition 2')!.id);
    expect(ed2.metadata.balance).toBe('5');
    expect(ed2.evidence.find((e) => e.kind === 'storage-proof')!.summary.layout).toBe('mapping@0');
    expect(ed2.evidence.find((e) => e.kind === 'receipt-proof')!.summary.event).toBe('TransferBatch');
  });

  it('verifies every item offline; a flipped byte in any document kind fails with a reason', async () => {
    const list = await items(accountId);
    for (const i of list) {
      const v = await call('evidence.verify', { itemId: i.id });
      expect(v.ok, `${i.name}: ${v.checks.filter((c) => !c.ok).map((c) => c.message).join('; ')}`).toBe(true);
      expect(v.level).toBe(3);
    }
    const item = await detail(list.find((i) => i.name === 'Upgradeable Two')!.id);
    const kinds = [...new Set(item.evidence.map((e) => e.kind))];
    expect(kinds.sort()).toEqual(['block-header', 'receipt', 'receipt-proof', 'storage-proof', 'transaction']);
    for (const e of item.evidence) {
      const path = backend.ctx.library.blobs.pathOf(e.file!.sha256);
      const original = readFileSync(path);
      const tampered = Buffer.from(original);
      // Flip one hex digit in the middle of a JSON document, or one byte of a binary header.
      let at = Math.floor(tampered.length / 2);
      if (e.kind !== 'block-header') while (!/[0-9a-f]/.test(String.fromCharCode(tampered[at]!))) at++;
      tampered[at] = e.kind === 'block-header' ? tampered[at]! ^ 0x01 : tampered[at] === 0x30 ? 0x31 : 0x30;
      chmodSync(path, 0o644);
      writeFileSync(path, tampered);
      try {
        const v = await call('evidence.verify', { itemId: item.id });
        expect(v.ok).toBe(false);
        const failed = v.checks.find((c) => c.evidenceId === e.id)!;
        expect(failed.ok, `${e.kind} with a flipped byte`).toBe(false);
        expect(failed.message.length).toBeGreaterThan(10);
        if (e.kind === 'storage-proof') expect(v.level).toBeLessThan(3);
      } finally {
        writeFileSync(path, original);
      }
    }
    const restored = await call('evidence.verify', { itemId: item.id });
    expect(restored.ok).toBe(true);
    expect(restored.level).toBe(3);
  });

  it('after transfers, a burn, a batch transfer and a new mint, re-sync fetches only what changed', async () => {
    const P = artifacts.Plain721!.abi;
    const M = artifacts.Multi1155!.abi;
    await anvil.send(plain, P, 'transferFrom', [WALLET, OTHER, 5n], WALLET);
    await anvil.send(plain, P, 'burn', [6n], WALLET);
    await anvil.send(multi, M, 'safeTransferFrom', [WALLET, OTHER, 1n, 3n, '0x'], WALLET);
    await anvil.send(multi, M, 'safeBatchTransferFrom', [WALLET, OTHER, [3n, 4n], [2n, 1n], '0x'], WALLET);
    await anvil.send(plain, P, 'mint', [WALLET, 7n, `${base}/meta/7.json`]);
    const before = { meta1: hits.get('/meta/1.json') ?? 0, up1: hits.get('/up/1') ?? 0 };
    const beforeItems = await items(accountId);

    const run = await sync(accountId);
    expect(run.status).toBe('done');
    const list = await items(accountId);
    const held = list.filter((i) => i.held).map((i) => i.name).sort();
    expect(held).toEqual(['Edition 1', 'Edition 2', 'Edition 4', 'Plain Fixture #4', 'Plain One', 'Plain Seven', 'Plain Three', 'Plain Two', 'Upgradeable One', 'Upgradeable Two'].sort());
    // Transferred away, burned, or sent in a batch: kept, marked no longer held.
    const gone = list.filter((i) => !i.held).map((i) => i.name).sort();
    expect(gone).toEqual(['Edition 3', 'Plain Five', 'Plain Six']);
    expect(list.length).toBe(beforeItems.length + 1);
    const ed1 = await detail(list.find((i) => i.name === 'Edition 1')!.id);
    expect(ed1.metadata.balance).toBe('7');

    // Only the 5 blocks since the last sync were scanned; only the 3 changed holdings refreshed
    // (token 7 new, editions 1 and 4 changed balance); unchanged metadata was not fetched again.
    expect(lastSyncStats!.blocksScanned).toBe(5);
    expect(lastSyncStats!.refreshed).toBe(3);
    expect(hits.get('/up/1') ?? 0).toBe(before.up1);
    expect(hits.get('/meta/1.json')).toBe(before.meta1);
    expect(hits.get('/meta/7.json')).toBe(1);
    // The retried forged CID still fails, and says so.
    expect((await detail(list.find((i) => i.name === 'Plain Fixture #4')!.id)).syncError).toMatch(/do not match CID/);
  });

  it('refuses metadata on private addresses by default, still lists the token, and copes with a picky node', async () => {
    // The node refuses log ranges over 4 blocks and has no eth_getBlockReceipts.
    const proxy = await startRangeLimitedProxy(anvil.url, 4, ['eth_getBlockReceipts']);
    try {
      const account = await call('accounts.add', { kind: 'evm', addresses: [WALLET_B], chainId: 31337, rpcUrls: [proxy.url], name: 'Wallet B' });
      const run = await sync(account.id);
      expect(run.status).toBe('done');
      const list = await items(account.id);
      expect(list.map((i) => i.name)).toEqual(['Plain Fixture #20']);
      const d = await detail(list[0]!.id);
      expect(d.syncError).toMatch(/refused http:\/\/10\.11\.12\.13: 10\.11\.12\.13 is a private or reserved address/);
      expect(d.evidenceLevel).toBe(3);
      expect(proxy.refused).toBeGreaterThan(0);
      // The receipt trie was rebuilt from per-transaction receipts instead.
      expect(proxy.calls.get('eth_getTransactionReceipt')).toBeGreaterThan(0);
      expect(d.evidence.find((e) => e.kind === 'receipt-proof')?.verified).toBe(true);
    } finally {
      await proxy.stop();
    }
  });
});
