// The command line a collector uses: add a wallet, sync it from a real chain, verify an item's
// evidence offline (exit 0), tamper with a proof on disk (exit 1, with the reason).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDetail, ItemSummary } from '../../main/api/contract.js';
import { compileFixtures } from '../fixtures/evm/compile.js';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil.js';
import { suiteTempDir } from '../helpers/tmp.js';

const REPO = join(import.meta.dirname, '..', '..');
let anvil: Anvil;
let library = '';
// The CLI bundled once (as `npm run build` does), so each run does not transpile it again; under
// out/ (git- and lint-ignored) so that packages resolve from the repository's node_modules.
const CLI_BUNDLE = join(REPO, 'out', 'test-evm-cli', 'holdfast.mjs');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI_BUNDLE, ...args, '--library', library], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  await build({ entryPoints: [join(REPO, 'main', 'cli', 'holdfast.ts')], outfile: CLI_BUNDLE, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  const artifacts = compileFixtures();
  anvil = await startAnvil();
  const plain = await anvil.deploy(artifacts.Plain721!, []);
  const meta = `data:application/json,${encodeURIComponent(JSON.stringify({ name: 'Command Line Token', description: 'inline' }))}`;
  await anvil.send(plain, artifacts.Plain721!.abi, 'mint', [DEV_ACCOUNTS[1], 42n, meta]);
  library = suiteTempDir('holdfast-evm-cli-');
  // The CLI keeps custom RPC URLs in the account-secrets vault: a test's own, not the user's.
  process.env.HOLDFAST_DATA_DIR = suiteTempDir('holdfast-evm-cli-secrets-');
}, 60_000);

afterAll(async () => {
  await anvil?.stop();
});

describe('holdfast accounts / sync / verify-evidence', () => {
  it('refuses a malformed address with a reason', () => {
    const r = cli('accounts', 'add', 'evm', '--address', '0x1234', '--chain-id', '31337', '--rpc', anvil.url);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/0x followed by 40 hex digits/);
  });

  it('adds a wallet, syncs it, and verifies its evidence offline; a tampered proof fails', () => {
    const add = cli('accounts', 'add', 'evm', '--address', DEV_ACCOUNTS[1]!, '--chain-id', '31337', '--rpc', anvil.url, '--name', 'Test wallet');
    expect(add.status, add.out).toBe(0);
    expect(add.out).toMatch(/added Test wallet/);
    const accounts = cli('accounts', 'list');
    expect(accounts.out).toMatch(/evm-31337-\w+\tevm\tok\t0\/0 held\tTest wallet/);
    expect(cli('accounts').out).toBe(accounts.out);

    const sync = cli('sync');
    expect(sync.status, sync.out).toBe(0);
    const items = JSON.parse(cli('list', '--json').out) as ItemSummary[];
    expect(items.map((i) => [i.name, i.evidenceLevel])).toEqual([['Command Line Token', 3]]);

    const ok = cli('verify-evidence', items[0]!.id);
    expect(ok.status, ok.out).toBe(0);
    expect(ok.out).toMatch(/OK +storage-proof +0x70997970c51812dc3a010c7d01b50e0d17dc79c8 owns token 42/);
    expect(ok.out).toMatch(/OK +receipt-proof/);
    expect(ok.out).toMatch(/all checks passed — evidence level L3/);

    const item = JSON.parse(cli('show', items[0]!.id).out) as ItemDetail;
    const proof = item.evidence.find((e) => e.kind === 'storage-proof')!;
    const path = join(library, 'blobs', proof.file!.sha256.slice(0, 2), proof.file!.sha256.slice(2, 4), proof.file!.sha256);
    const original = readFileSync(path, 'utf8');
    chmodSync(path, 0o644);
    // Claim someone else owns it: the owner slot's value no longer matches.
    writeFileSync(path, original.replace('"owner":"0x70997970', '"owner":"0x70997971'));
    const bad = cli('verify-evidence', items[0]!.id);
    expect(bad.status).toBe(1);
    expect(bad.out).toMatch(/FAIL +storage-proof +.*(not the owner slot|holds)/);
    expect(bad.out).toMatch(/some checks FAILED — evidence level L2/);
  });
});
