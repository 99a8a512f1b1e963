// The two commands, run in-process on a real library: import-files prints progress and a
// summary naming the problems; import-certificate prints one JSON object per image with each
// field's value, confidence and source, adds with --yes, and without --yes (no terminal) adds nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as importCertificate from '../../main/cli/commands/import-certificate.js';
import * as importFiles from '../../main/cli/commands/import-files.js';
import { listItems } from '../../main/core/db/items.js';
import { Library } from '../../main/core/library.js';
import { stopOcr } from '../../main/core/ocr/tesseract.js';
import { renderCertificate } from '../fixtures/certificates/render.js';
import { enSample } from '../fixtures/certificates/samples.js';
import { suiteTempDir } from '../helpers/tmp.js';

let dir: string;
let libraryDir: string;
let out: string[];
let err: string[];

beforeAll(() => {
  dir = suiteTempDir('holdfast-files-cli-');
  libraryDir = join(dir, 'library');
});
afterAll(() => stopOcr());
afterEach(() => vi.restoreAllMocks());

async function run(...args: string[]): Promise<void> {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const program = new Command().exitOverride();
  importFiles.register(program);
  importCertificate.register(program);
  await program.parseAsync(['node', 'holdfast', ...args, '--library', libraryDir]);
}

function items() {
  const lib = Library.open(libraryDir);
  try {
    return listItems(lib.db, { sort: 'name', order: 'asc', offset: 0, limit: 100 }).items;
  } finally {
    lib.close();
  }
}

describe('holdfast import-files', () => {
  it('imports, shows progress, and names each problem', async () => {
    const folder = join(dir, '藏品');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder);
    writeFileSync(join(folder, '玉兔.png'), await sharp({ create: { width: 8, height: 8, channels: 3, background: '#eee' } }).png().toBuffer());
    writeFileSync(join(folder, '损坏.png'), Buffer.from('89504e470d0a1a0a0000', 'hex'));
    await run('import-files', folder, '--platform', 'TME 数字藏品', '--platform-status', 'stopped');
    expect(out[0]).toMatch(/^done: 1 item \(1 new/);
    expect(out.join('\n')).toMatch(/1 problem .*\n {2}! 损坏\.png: named as image but its bytes are not a known format/);
    expect(err.some((l) => /^importing: \d+\/2 files/.test(l))).toBe(true);
    expect(items().map((i) => i.name)).toEqual(['玉兔']);
    await expect(run('import-files', folder, '--platform-status', 'gone')).rejects.toThrow(/one of active, stopped, closed, unknown/);
  });
});

describe('holdfast import-certificate', () => {
  it('prints JSON per image, adds nothing without --yes off a terminal, adds with --yes', async () => {
    const image = join(dir, 'certificate.png');
    writeFileSync(image, await renderCertificate(enSample.text, { width: 1600 }));
    await run('import-certificate', image, '--json');
    const read = JSON.parse(out[0]!) as { image: string; sha256: string; lowConfidence: boolean; fields: Record<string, { value: string | null; confidence: number; source: { kind: string } }> };
    expect(read.fields.tokenId).toMatchObject({ value: enSample.expected.tokenId, source: { kind: 'ocr' } });
    expect(read.fields.serial!.value).toBe('#301/3000');
    expect(typeof read.fields.txHash!.confidence).toBe('number');
    expect(read.fields.contract!.value).toBeNull();
    expect(items().filter((i) => i.name === 'Silk Road Caravan')).toHaveLength(0);

    await run('import-certificate', image, '--yes', '--platform', '灵境', '--set', '藏品名称=丝路驼队');
    expect(out.join('\n')).toMatch(/added item [0-9a-f]{24}/);
    const added = items().find((i) => i.name === '丝路驼队');
    expect(added).toMatchObject({ serial: '#301/3000', chain: '蚂蚁链', evidenceLevel: 1 });

    await run('import-certificate', join(dir, 'nope.png'));
    expect(err.join('\n')).toMatch(/nope\.png: cannot read/);
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
  });
});
