// Custodial platforms from the command line, against the real platform emulator (both response
// shapes): SMS sign-in at a prompt and by flags, several accounts, sync with certificates and
// media through rate limits, 5xx and cut bodies; a session that ends mid-sync and resumes after
// signing in again; media links that have expired; a platform that announces or completes its
// shutdown; and session cookies that never reach the library folder or the output.
// Runs the built CLI (`npm run build` first), asynchronously: the emulator runs in this process.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend } from '../../main/api/backend.js';
import type { ItemDetail } from '../../main/api/contract.js';
import { SHAPE_B_PROFILE } from '../emulator/profiles.js';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { REPO } from '../helpers/cli.js';
import { suiteTempDir } from '../helpers/tmp.js';

const BIN = join(REPO, 'bin', 'holdfast.js');
const PROFILE_A = join(REPO, 'assets', 'platform-profiles', 'emulator-a.json');
let dataDir: string;
const outputs: string[] = [];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI without blocking this process; `answer` replies to prompts as they appear. */
function cli(args: string[], answer?: (prompt: string) => string | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    // HOLDFAST_LIBRARY points nowhere useful: a command that forgets --library must not touch a real library.
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, HOLDFAST_DATA_DIR: dataDir, HOLDFAST_LIBRARY: join(root, 'no-library-given') } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const reply = answer?.(stdout);
      if (reply !== null && reply !== undefined) child.stdin.write(`${reply}\n`);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      outputs.push(stdout, stderr);
      resolve({ status, stdout, stderr });
    });
  });
}

const ok = (r: Run) => {
  if (r.status !== 0) throw new Error(`holdfast failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
};

async function accounts(library: string) {
  return JSON.parse(ok(await cli(['accounts', '--library', library, '--json'])).stdout) as Array<{
    id: string;
    status: string;
    statusMessage: string | null;
    heldCount: number;
    name: string;
  }>;
}

async function items(library: string, account: string) {
  return JSON.parse(ok(await cli(['list', '--library', library, '--account', account, '--json'])).stdout) as Array<{
    id: string;
    name: string;
    held: boolean;
    serial: string;
    chain: string;
    mediaType: string;
    evidenceLevel: number;
  }>;
}

/** `accounts add platform … --send-code`, then finish with `--code` from the emulator's SMS log. */
async function addBySms(emulator: Emulator, library: string, profile: string, phone: string): Promise<string> {
  const sent = ok(await cli(['accounts', 'add', 'platform', '--library', library, '--profile', profile, '--base-url', emulator.url, '--phone', phone, '--send-code']));
  const id = /\((\S+)\)\./.exec(sent.stdout)?.[1];
  expect(id).toBeTruthy();
  const code = emulator.lastCode(phone);
  expect(code).toMatch(/^\d{6}$/);
  ok(await cli(['accounts', 'signin', id!, '--library', library, '--phone', phone, '--code', code!]));
  return id!;
}

/** Every item of a library in full, read in this process (one CLI start per item is slow). */
async function details(library: string, ids: string[]): Promise<ItemDetail[]> {
  const backend = openBackend(library, 'http');
  try {
    return await Promise.all(
      ids.map(async (id) => {
        const r = await backend.call('items.get', { id });
        if (!r.ok) throw new Error(r.error.message);
        return r.result as ItemDetail;
      }),
    );
  } finally {
    await backend.close();
  }
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

let a: Emulator;
let b: Emulator;
let root: string;

beforeAll(async () => {
  root = suiteTempDir('holdfast-platform-cli-');
  dataDir = join(root, 'app-data');
  writeFileSync(join(root, 'emulator-b.json'), JSON.stringify(SHAPE_B_PROFILE, null, 2));
  a = await startEmulator({ shape: 'a', items: 7, log: () => undefined, faults: { rateLimitEvery: 6, serverErrorEvery: 9, truncateMediaEvery: 5 } });
  b = await startEmulator({ shape: 'b', items: 5, log: () => undefined });
});

afterAll(async () => {
  await a?.close();
  await b?.close();
});

// The CLI starts a few dozen times; on a busy machine each start takes seconds.
describe('custodial platforms from the command line', { timeout: 240_000 }, () => {
  it('shape a: signs in at the SMS prompt, syncs every holding with certificate and media, keeps two accounts apart', async () => {
    const library = join(root, 'lib-a');
    const phone = '13800138000';
    const added = ok(
      await cli(['accounts', 'add', 'platform', '--library', library, '--profile', PROFILE_A, '--base-url', a.url, '--phone', phone], (out) =>
        /SMS code sent to 138\*\*\*\*8000: $/.test(out) && !out.includes('Signed in') ? a.lastCode(phone) : null,
      ),
    );
    expect(added.stdout).toMatch(/Signed in to .* as 灵境数藏/);
    const [account] = await accounts(library);
    expect(account).toMatchObject({ status: 'ok' });

    ok(await cli(['sync', '--library', library, '--account', account!.id]));
    const got = await items(library, account!.id);
    const expected = a.holdings(phone);
    expect(got.map((i) => i.name).sort()).toEqual(expected.map((h) => h.name).sort());
    expect(a.stats.rateLimited + a.stats.serverErrors + a.stats.truncated).toBeGreaterThan(0); // the faults happened, and were overcome
    const model = expected.find((h) => h.kind === 'model')!;
    const shown = JSON.parse(ok(await cli(['show', got.find((i) => i.name === model.name)!.id, '--library', library])).stdout) as {
      serial: string;
      chain: string;
      contract: string;
      tokenId: string;
      txHash: string;
      issuedAt: string;
      mediaType: string;
      evidenceLevel: number;
      files: Array<{ role: string; mime: string }>;
      evidence: Array<{ kind: string; level: number; summary: Record<string, unknown> }>;
    };
    expect(shown).toMatchObject({
      serial: `#${model.edition}/${model.supply}`,
      chain: model.chain,
      contract: model.contract,
      tokenId: model.tokenId,
      txHash: model.txHash,
      mediaType: 'model',
      evidenceLevel: 1,
    });
    expect(shown.issuedAt.slice(0, 10)).toBe(model.issuedAt.slice(0, 10));
    // (Previews may add thumbnails and AR files beside what the platform gave.)
    expect(shown.files.map((f) => [f.role, f.mime])).toEqual(expect.arrayContaining([
      ['model', 'model/gltf-binary'],
      ['poster', 'image/jpeg'],
    ]));
    expect(shown.evidence[0]).toMatchObject({ kind: 'certificate', level: 1, summary: { certificateNo: model.certificateNo, serial: `#${model.edition}/${model.supply}` } });

    // A second account on the same platform: its own session and its own holdings.
    const other = await addBySms(a, library, 'emulator-a', '13700001111');
    ok(await cli(['sync', '--library', library, '--account', other]));
    const otherItems = await items(library, other);
    expect(otherItems.map((i) => i.name).sort()).toEqual(a.holdings('13700001111').map((h) => h.name).sort());
    expect((await items(library, account!.id)).length).toBe(7);

    // A second sync downloads nothing again.
    const mediaBefore = a.stats.media;
    ok(await cli(['sync', '--library', library, '--account', account!.id]));
    expect(a.stats.media).toBe(mediaBefore);
  });

  it('shape b: a profile file the user writes, cursor pages, nested fields', async () => {
    const library = join(root, 'lib-b');
    const profileFile = join(root, 'emulator-b.json');
    ok(await cli(['profiles', 'import', profileFile]));
    expect(ok(await cli(['profiles', 'list'])).stdout).toMatch(/emulator-b\timported\tsms/);
    const phone = '15900002222';
    const id = await addBySms(b, library, profileFile, phone);
    ok(await cli(['sync', '--library', library, '--account', id]));
    const got = await items(library, id);
    const expected = b.holdings(phone);
    expect(got.map((i) => [i.name, i.serial, i.chain]).sort()).toEqual(expected.map((h) => [h.name, `#${h.edition}/${h.supply}`, h.chain]).sort());
    expect(new Set(got.map((i) => i.mediaType))).toEqual(new Set(['image', 'model', 'video', 'audio']));
  });

  it('refuses a profile that does not match the schema, naming the field', async () => {
    const bad = join(root, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...SHAPE_B_PROFILE, id: 'Bad Id', holdings: { ...SHAPE_B_PROFILE.holdings, itemsPath: 'result.items' } }));
    const r = await cli(['profiles', 'import', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/id: a profile id is/);
    expect(r.stderr).toMatch(/holdings\.itemsPath: a JSON path starts with \$/);
  });

  it('a session that ends mid-sync: "sign in again", then the sync continues at the saved page without touching what is stored', async () => {
    const library = join(root, 'lib-expiry');
    const phone = '18600003333';
    const id = await addBySms(a, library, 'emulator-a', phone);
    // Signed out part-way through page 2 (pages of 3): the sign-in's check of page 1, then
    // page 1 and its three item pages, page 2 and its first item page.
    a.configure({ sessionMaxRequests: 7 });
    a.resetStats();
    const first = await cli(['sync', '--library', library, '--account', id]);
    expect(first.status).toBe(1);
    const [expired] = await accounts(library);
    expect(expired).toMatchObject({ status: 'signin-required' });
    const partial = await items(library, id);
    expect(partial.length).toBeGreaterThan(3); // part-way through page 2
    expect(partial.length).toBeLessThan(6);
    expect(partial.every((i) => i.held)).toBe(true); // an unfinished listing marks nothing as gone
    const shownBefore = await details(library, partial.map((i) => i.id));
    const fetchedBefore = { ...a.stats.mediaByFile };

    a.configure({ sessionMaxRequests: null });
    // Signing in again at the prompt (the phone number is remembered from the first sign-in).
    ok(await cli(['accounts', 'signin', id, '--library', library], (out) => (/SMS code sent to .*: $/.test(out) ? a.lastCode(phone) : null)));
    a.resetStats();
    ok(await cli(['sync', '--library', library, '--account', id]));
    expect(await accounts(library)).toEqual([expect.objectContaining({ status: 'ok', heldCount: 7 })]);
    // It went on where the first run stopped: its first list request is the page it was on, and
    // the holdings stored before are not asked for again.
    const holdings = a.holdings(phone);
    const done = partial.length;
    const lists = a.stats.requests.filter((r) => r.startsWith('/api/v1/collection/list'));
    const detailIds = a.stats.requests.filter((r) => r.startsWith('/api/v1/collection/detail')).map((r) => new URL(r, a.url).searchParams.get('id'));
    expect(new URL(lists[0]!, a.url).searchParams.get('page')).toBe(String(Math.floor(done / 3) + 1));
    expect(lists.some((r) => new URL(r, a.url).searchParams.get('page') === '1')).toBe(done < 3);
    expect(detailIds[0]).toBe(holdings[done]!.id);
    expect(new Set(detailIds)).toEqual(new Set(holdings.slice(done).map((h) => h.id)));
    // Nothing stored in the first run was fetched again; nothing lost or twice.
    for (const file of Object.keys(fetchedBefore)) expect(a.stats.mediaByFile[file] ?? 0, file).toBe(0);
    const all = await items(library, id);
    expect(all.map((i) => i.name).sort()).toEqual(holdings.map((h) => h.name).sort());

    // That finished the list, so the next sync starts from the first page again and, having
    // listed everything, still holds all seven.
    a.resetStats();
    ok(await cli(['sync', '--library', library, '--account', id]));
    expect(new URL(a.stats.requests.find((r) => r.startsWith('/api/v1/collection/list'))!, a.url).searchParams.get('page')).toBe('1');
    expect(await accounts(library)).toEqual([expect.objectContaining({ status: 'ok', heldCount: 7 })]);
    // Nothing stored in the first run was changed.
    const after = await details(library, partial.map((i) => i.id));
    for (const [n, item] of after.entries()) {
      expect(item.firstSeenAt).toBe(shownBefore[n]!.firstSeenAt);
      expect(item.files).toEqual(expect.arrayContaining(shownBefore[n]!.files));
    }
  });

  it('media links that have expired are refreshed from the item page', async () => {
    const library = join(root, 'lib-refresh');
    const id = await addBySms(b, library, join(root, 'emulator-b.json'), '13100004444');
    b.resetStats();
    b.configure({ expiredMediaLinks: 3 }); // the first list page and two item pages carry dead links
    ok(await cli(['sync', '--library', library, '--account', id]));
    expect(b.stats.expiredMedia).toBeGreaterThan(0);
    expect(b.stats.detail).toBeGreaterThan(5); // item pages asked again for fresh links
    const got = await items(library, id);
    expect(got).toHaveLength(5);
    for (const shown of await details(library, got.map((i) => i.id))) {
      expect(shown.syncError).toBeNull();
      const fromPlatform = shown.files.filter((f) => ['image', 'model', 'video', 'audio', 'poster'].includes(f.role));
      expect(fromPlatform.length).toBe(shown.mediaType === 'image' ? 1 : 2);
    }
  });

  it('a shutdown notice: announced (everything synced, account shows the notice) and closed (HTTP 410, nothing touched)', async () => {
    const library = join(root, 'lib-shutdown');
    const id = await addBySms(b, library, join(root, 'emulator-b.json'), '13200005555');
    b.configure({ shutdown: 'announce', notice: '平台公告：本平台将于 2025 年 12 月 31 日停止运营。' });
    await cli(['sync', '--library', library, '--account', id]);
    expect(await accounts(library)).toEqual([expect.objectContaining({ status: 'platform-closed', statusMessage: '平台公告：本平台将于 2025 年 12 月 31 日停止运营。', heldCount: 5 })]);

    b.configure({ shutdown: 'closed', notice: '本平台已停止运营，感谢陪伴。' });
    const closed = await cli(['sync', '--library', library, '--account', id]);
    expect(closed.status).toBe(1);
    expect(await accounts(library)).toEqual([expect.objectContaining({ status: 'platform-closed', statusMessage: '本平台已停止运营，感谢陪伴。', heldCount: 5 })]);
    expect((await items(library, id)).every((i) => i.held)).toBe(true);
    b.configure({ shutdown: 'off' });
  });

  it('session cookies never appear in plain text in a library folder, the key store or the output', () => {
    const cookies = [...a.sessionCookies(), ...b.sessionCookies()];
    expect(cookies.length).toBeGreaterThanOrEqual(6);
    expect(readdirSync(root)).not.toContain('no-library-given');
    const libraries = readdirSync(root).filter((n) => n.startsWith('lib-')).map((n) => join(root, n));
    const files = [...libraries.flatMap(allFiles), ...allFiles(dataDir)];
    expect(files.some((f) => f.endsWith('holdfast.sqlite'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const c of cookies) expect(bytes.includes(c), `${file} holds a session cookie`).toBe(false);
    }
    for (const out of outputs) for (const c of cookies) expect(out.includes(c)).toBe(false);
    // The key and the sessions are the owner's only.
    expect(statSync(join(dataDir, 'secrets', 'platform-sessions.key')).mode & 0o077).toBe(0);
    for (const f of allFiles(join(dataDir, 'secrets', 'platform-sessions'))) expect(statSync(f).mode & 0o077).toBe(0);
  });
});
