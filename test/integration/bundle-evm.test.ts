// A wallet synced from a real local chain (anvil), exported to a bundle: the chain evidence —
// block header, storage proof of the owner slot (L3), receipt proof of the acquiring Transfer
// (L2) — verifies offline from the bundle alone; a forged proof is caught even after a careful
// re-bag; the bundle imports into an empty library and exports again to the same manifests.
import { join } from 'node:path';
import type { Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import type { OperationName, OpInput, OpOutput } from '../../main/api/contract.js';
import { verifyBundle } from '../../main/core/bundle/verify-bundle.js';
import { compileFixtures } from '../fixtures/evm/compile.js';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil.js';
import { ensureViewerBuilt, forge, readZip, unzipTest, writeZip } from '../helpers/bundle.js';
import { suiteTempDir, tempDir } from '../helpers/tmp.js';

const [, WALLET] = DEV_ACCOUNTS as [Hex, Hex];
let anvil: Anvil;
let backend: Backend;
let bundle: string;

async function call<N extends OperationName>(b: Backend, name: N, input?: OpInput<N>): Promise<OpOutput<N>> {
  const r = await b.call(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.result as OpOutput<N>;
}

beforeAll(async () => {
  await ensureViewerBuilt();
  const artifacts = compileFixtures();
  anvil = await startAnvil();
  const plain = await anvil.deploy(artifacts.Plain721!, []);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="teal"/></svg>`;
  for (const [id, name] of [
    [7n, 'Chain Seven'],
    [8n, 'Chain Eight'],
  ] as const) {
    const meta = `data:application/json;base64,${Buffer.from(JSON.stringify({ name, image: `data:image/svg+xml;utf8,${svg}` })).toString('base64')}`;
    await anvil.send(plain, artifacts.Plain721!.abi, 'mint', [WALLET, id, meta]);
  }
  const work = suiteTempDir('holdfast-bundle-evm-');
  // Custom RPC URLs are kept in the account-secrets vault: a test's own, not the user's.
  process.env.HOLDFAST_DATA_DIR = join(work, 'app-data');
  backend = openBackend(join(work, 'library'), 'http');
  const account = await call(backend, 'accounts.add', { kind: 'evm', addresses: [WALLET], chainId: 31337, rpcUrls: [anvil.url], name: 'Anvil wallet' });
  const { runIds } = await call(backend, 'sync.start', { accountId: account.id });
  expect(await backend.ctx.sync.wait(runIds)).toEqual(['done']);
  bundle = join(work, 'wallet.zip');
  await call(backend, 'bundle.export', { out: bundle });
}, 120_000);

afterAll(async () => {
  await backend?.close();
  await anvil?.stop();
});

describe('a synced anvil wallet in a bundle', () => {
  it('is a sound zip whose chain proofs verify offline: L3 for every token', async () => {
    expect(unzipTest(bundle).status).toBe(0);
    const report = await call(backend, 'bundle.verify', { path: bundle });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.rows.map((r) => [r.name, r.claimedLevel, r.verifiedLevel]).sort()).toEqual([
      ['Chain Eight', 3, 3],
      ['Chain Seven', 3, 3],
    ]);
    for (const row of report.rows) {
      const kinds = new Map(row.evidence.map((e) => [e.kind, e.outcome]));
      expect(kinds.get('block-header')).toBe('verified');
      expect(kinds.get('storage-proof')).toBe('verified');
      expect(kinds.get('receipt-proof')).toBe('verified');
    }
  });

  it('catches a forged storage proof even when every checksum was recomputed', async () => {
    const { entries, target } = forge(
      await readZip(bundle),
      (name) => /storage-proof-[0-9a-f]+\.json$/.test(name),
      (data) => Buffer.from(data.toString().replace(/"owner":"0x[0-9a-f]{40}"/i, `"owner":"0x${'11'.repeat(20)}"`)),
    );
    const out = join(tempDir(), 'forged.zip');
    await writeZip(out, entries);
    const report = await verifyBundle(out);
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]!.startsWith(`${target}: storage-proof evidence of item "`)).toBe(true);
    const row = report.items.find((r) => !r.ok)!;
    // The acquiring transaction is still proven: the item drops to L2.
    expect(row.verifiedLevel).toBe(2);
    expect(row.evidence.find((e) => e.kind === 'storage-proof')!.outcome).toBe('failed');
  });

  it('imports into an empty library with its evidence, and exports to the same manifests', async () => {
    const other = openBackend(join(tempDir(), 'restored'), 'http');
    try {
      const r = await call(other, 'bundle.import', { path: bundle });
      expect(r).toMatchObject({ items: 2, added: 2, evidenceFailed: 0 });
      const { items } = await call(other, 'items.list', {});
      expect(items.map((i) => i.evidenceLevel)).toEqual([3, 3]);
      const again = join(tempDir(), 'again.zip');
      await call(other, 'bundle.export', { out: again });
      const manifest = async (zip: string) => (await readZip(zip)).find((e) => e.name.endsWith('/manifest-sha512.txt'))!.data.toString();
      expect(await manifest(again)).toBe(await manifest(bundle));
    } finally {
      await other.close();
    }
  });
});
