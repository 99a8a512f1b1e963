// Custom RPC URLs are secrets. A wallet synced from a real chain (anvil) through a provider-like
// proxy that requires its API key (in the path and the query, or as user info) works from the
// command line, while the key never reaches the library folder, an exported bundle, the app's
// answers or the output; the vault holds only ciphertext. A lost or undecryptable secret fails
// the sync naming the account and `holdfast accounts set-rpc`, which fixes it. A library from
// before (plain URL in the catalog) has it moved into the vault and scrubbed from its files.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, ItemSummary } from '../../main/api/contract.js';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { Library } from '../../main/core/library.js';
import { compileFixtures } from '../fixtures/evm/compile.js';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil.js';
import { ensureViewerBuilt, unzipTo } from '../helpers/bundle.js';
import { REPO } from '../helpers/cli.js';
import { suiteTempDir } from '../helpers/tmp.js';

const PATH_KEY = `alchemyKey${randomBytes(8).toString('hex')}`;
const QUERY_KEY = `apiKey${randomBytes(8).toString('hex')}`;
const PASS_KEY = `basicPass${randomBytes(8).toString('hex')}`;
const KEYS = [PATH_KEY, QUERY_KEY, PASS_KEY];
const WALLET = DEV_ACCOUNTS[1]!;

let anvil: Anvil;
let proxy: { port: number; served: number; refused: number; stop(): Promise<void> };
let root = '';
let dataDir = '';
// The CLI bundled from the sources, under node_modules/.cache (packages resolve, nothing in out/).
const cliFile = join(REPO, 'node_modules', '.cache', 'holdfast-rpc-secrets-tests', `holdfast-${process.pid}.mjs`);
const outputs: string[] = [];

/** A JSON-RPC endpoint that, like a hosted provider, answers only with its key: /v2/<key>?apikey=<key>
 *  or /basic with HTTP Basic user `holdfast` and the password key; anything else gets 401. */
async function startKeyedProxy(upstream: string): Promise<typeof proxy> {
  const state = { served: 0, refused: 0 };
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const basic = `Basic ${Buffer.from(`holdfast:${PASS_KEY}`).toString('base64')}`;
    const ok = (url.pathname === `/v2/${PATH_KEY}` && url.searchParams.get('apikey') === QUERY_KEY) || (url.pathname === '/basic' && req.headers.authorization === basic);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (!ok) {
      state.refused++;
      res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid API key');
      return;
    }
    state.served++;
    const r = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) });
    res.writeHead(r.status, { 'content-type': 'application/json' }).end(Buffer.from(await r.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return Object.assign(state, { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

const keyedUrl = () => `http://127.0.0.1:${proxy.port}/v2/${PATH_KEY}?apikey=${QUERY_KEY}`;
const basicUrl = () => `http://holdfast:${PASS_KEY}@127.0.0.1:${proxy.port}/basic`;

/** Runs the built CLI without blocking this process: the keyed proxy answers from here. */
async function run(library: string, ...args: string[]): Promise<{ status: number | null; out: string; stdout: string }> {
  const child = spawn(process.execPath, [cliFile, ...args, '--library', library], {
    cwd: REPO,
    env: { ...process.env, HOLDFAST_VIEWER_DIR: join(REPO, 'out', 'viewer'), HOLDFAST_DATA_DIR: dataDir },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [status] = (await once(child, 'close')) as [number | null];
  outputs.push(stdout + stderr);
  return { status, out: stdout + stderr, stdout };
}

const allFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)]));

function filesHoldingAKey(dir: string): string[] {
  return allFiles(dir).filter((file) => {
    const bytes = readFileSync(file);
    return KEYS.some((k) => bytes.includes(k));
  });
}

beforeAll(async () => {
  mkdirSync(dirname(cliFile), { recursive: true });
  await Promise.all([
    build({ entryPoints: [join(REPO, 'main', 'cli', 'holdfast.ts')], outfile: cliFile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' }),
    ensureViewerBuilt(),
  ]);
  const artifacts = compileFixtures();
  anvil = await startAnvil();
  const plain = await anvil.deploy(artifacts.Plain721!, []);
  const meta = `data:application/json,${encodeURIComponent(JSON.stringify({ name: 'Keyed Token', description: 'fetched through a keyed RPC' }))}`;
  await anvil.send(plain, artifacts.Plain721!.abi, 'mint', [WALLET, 5n, meta]);
  proxy = await startKeyedProxy(anvil.url);
  root = suiteTempDir('holdfast-rpc-secrets-');
  dataDir = join(root, 'app-data');
}, 120_000);

afterAll(async () => {
  rmSync(cliFile, { force: true });
  await proxy?.stop();
  await anvil?.stop();
});

describe('custom RPC URLs are kept as secrets', async () => {
  const library = () => join(root, 'lib-new');
  let accountId = '';

  it('a wallet added with a keyed RPC URL syncs through it; the catalog shows scheme://host/…', async () => {
    const add = await run(library(), 'accounts', 'add', 'evm', '--address', WALLET, '--chain-id', '31337', '--rpc', keyedUrl(), '--name', 'Keyed wallet');
    expect(add.status, add.out).toBe(0);
    const [account] = JSON.parse((await run(library(), 'accounts', '--json')).stdout) as Account[];
    accountId = account!.id;
    expect(account!.rpc).toEqual({ urls: [`http://127.0.0.1:${proxy.port}/…`], secret: true });

    const served = proxy.served;
    const sync = await run(library(), 'sync', '--no-previews');
    expect(sync.status, sync.out).toBe(0);
    expect(proxy.served).toBeGreaterThan(served);
    expect(proxy.refused).toBe(0);
    const items = JSON.parse((await run(library(), 'list', '--json')).stdout) as ItemSummary[];
    expect(items.map((i) => [i.name, i.evidenceLevel])).toEqual([['Keyed Token', 3]]);
  });

  it('the key is in no file of the library, of an exported bundle, or of the output; the vault holds ciphertext', async () => {
    const zip = join(root, 'keyed.zip');
    const exported = await run(library(), 'export', zip);
    expect(exported.status, exported.out).toBe(0);
    unzipTo(zip, join(root, 'unzipped'));
    const [item] = JSON.parse((await run(library(), 'list', '--json')).stdout) as ItemSummary[];
    // What the app and the CLI show: the item with its evidence, past syncs, failures, the library.
    for (const args of [['show', item!.id], ['sync', 'history', '--json'], ['sync', 'failures'], ['info', '--json'], ['accounts', '--json']]) {
      const r = await run(library(), ...args);
      expect(r.status, r.out).toBe(0);
    }
    expect(allFiles(join(root, 'unzipped')).some((f) => f.endsWith('holdings.json'))).toBe(true);
    expect(filesHoldingAKey(library())).toEqual([]);
    expect(filesHoldingAKey(join(root, 'unzipped'))).toEqual([]);
    const vault = allFiles(dataDir);
    expect(vault.some((f) => /account-secrets\/rpc-urls\.[0-9a-f]{32}\.bin$/.test(f))).toBe(true);
    expect(filesHoldingAKey(dataDir)).toEqual([]);
    for (const out of outputs) for (const k of KEYS) expect(out.includes(k)).toBe(false);
  });

  it('a lost or undecryptable secret fails the sync naming the account and set-rpc; set-rpc (user info as Basic auth) fixes it', async () => {
    const secretFile = allFiles(dataDir).find((f) => f.includes('rpc-urls.'))!;
    const expected = new RegExp(`RPC URLs of account Keyed wallet .*holdfast accounts set-rpc ${accountId} --rpc URL`);

    // Another key (a copied vault, a new machine): the file no longer decrypts.
    const keyFile = join(dataDir, 'secrets', 'platform-sessions.key');
    chmodSync(keyFile, 0o600);
    writeFileSync(keyFile, randomBytes(32));
    let sync = await run(library(), 'sync', '--no-previews');
    expect(sync.status).toBe(1);
    expect(sync.out).toMatch(expected);
    expect(sync.out).toMatch(/can't be decrypted/);

    rmSync(secretFile);
    sync = await run(library(), 'sync', '--no-previews');
    expect(sync.status).toBe(1);
    expect(sync.out).toMatch(expected);
    const [failed] = JSON.parse((await run(library(), 'accounts', '--json')).stdout) as Account[];
    expect(failed!.status).toBe('error');
    expect(failed!.statusMessage).toMatch(expected);
    // Nothing stored was lost: the item is still there and held.
    expect((JSON.parse((await run(library(), 'list', '--json')).stdout) as ItemSummary[]).map((i) => [i.name, i.held])).toEqual([['Keyed Token', true]]);

    const set = await run(library(), 'accounts', 'set-rpc', accountId, '--rpc', basicUrl());
    expect(set.status, set.out).toBe(0);
    expect(set.out).toContain(`http://127.0.0.1:${proxy.port}/…`);
    const refused = proxy.refused;
    sync = await run(library(), 'sync', '--no-previews');
    expect(sync.status, sync.out).toBe(0);
    expect(proxy.refused).toBe(refused);
    const [fixed] = JSON.parse((await run(library(), 'accounts', '--json')).stdout) as Account[];
    expect([fixed!.status, fixed!.heldCount]).toEqual(['ok', 1]);

    const wrong = await run(library(), 'accounts', 'set-rpc', 'no-such-account', '--rpc', keyedUrl());
    expect(wrong.status).toBe(1);
    expect(wrong.out).toMatch(/no-such-account/);
    for (const out of outputs) for (const k of KEYS) expect(out.includes(k)).toBe(false);
    expect(filesHoldingAKey(library())).toEqual([]);
  });

  it('a library from before: the plain URL moves into the vault when opened, and is scrubbed from the catalog files', async () => {
    const dir = join(root, 'lib-old');
    const old = Library.open(dir);
    upsertPlatform(old.db, { id: 'evm-31337', name: 'EVM chain 31337', kind: 'chain', status: 'active' });
    const config = { chainId: 31337, addresses: [WALLET.toLowerCase()], rpcUrls: [keyedUrl()], allowLocalNetwork: false };
    upsertAccount(old.db, { id: 'evm-31337-old', kind: 'evm', platformId: 'evm-31337', name: 'Old wallet', config });
    // Rewritten once more, as the old version did on each add: a copy now sits in freed space too.
    upsertAccount(old.db, { id: 'evm-31337-old', kind: 'evm', platformId: 'evm-31337', name: 'Old wallet', config: { ...config, fromBlock: 0 } });
    old.close();
    expect(filesHoldingAKey(dir).length).toBeGreaterThan(0); // the check below can see it

    const [account] = JSON.parse((await run(dir, 'accounts', '--json')).stdout) as Account[];
    expect(account!.rpc).toEqual({ urls: [`http://127.0.0.1:${proxy.port}/…`], secret: true });
    expect(filesHoldingAKey(dir)).toEqual([]);
    const sync = await run(dir, 'sync', '--no-previews');
    expect(sync.status, sync.out).toBe(0);
    expect((JSON.parse((await run(dir, 'list', '--json')).stdout) as ItemSummary[]).map((i) => i.name)).toEqual(['Keyed Token']);
    expect(filesHoldingAKey(dir)).toEqual([]);
    for (const out of outputs) for (const k of KEYS) expect(out.includes(k)).toBe(false);
  });
});
