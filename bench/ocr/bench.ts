// `npm run bench -- ocr`: reading certificate screenshots. Six certificates rendered from known
// text (Chinese and English, 700/1200/1800 px wide) read by `holdfast import-certificate --json`
// with the npm models (the default) and with Debian's models (HOLDFAST_TESSDATA), against
// Debian's native `tesseract` command (apt-get install tesseract-ocr) reading the same pictures
// with the same languages — the baseline (it extracts text only: no second reading, no fields).
// Also counts the identifying fields (tx hash, token id, serial, chain) that came out exactly.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, printTable } from '../lib.js';
import { renderCertificate } from '../../test/fixtures/certificates/render.js';
import { enSample, zhSample, type CertificateSample } from '../../test/fixtures/certificates/samples.js';

const KEY = ['txHash', 'tokenId', 'serial', 'chain'] as const;
const DEBIAN = '/usr/share/tesseract-ocr/5/tessdata';

export async function run(): Promise<void> {
  const dir = join(tmpdir(), `holdfast-bench-ocr-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    const images: Array<{ path: string; sample: CertificateSample }> = [];
    for (const [name, sample] of [['zh', zhSample], ['en', enSample]] as const) {
      for (const width of [700, 1200, 1800]) {
        const path = join(dir, `${name}-${width}.png`);
        writeFileSync(path, await renderCertificate(sample.text, { width }));
        images.push({ path, sample });
      }
    }
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'holdfast.js');
    const library = join(dir, 'library');
    const exact = (stdout: string) => {
      let n = 0;
      stdout
        .trim()
        .split('\n')
        .forEach((line, i) => {
          const fields = (JSON.parse(line) as { fields: Record<string, { value: string | null }> }).fields;
          for (const k of KEY) if (fields[k]?.value === images[i]!.sample.expected[k]) n++;
        });
      return n;
    };
    const rows: Array<Record<string, string | number>> = [];
    let baselineMs: number | null = null;
    if (existsSync('/usr/bin/tesseract')) {
      const native = await measure('sh', ['-c', images.map((i) => `tesseract "${i.path}" stdout -l chi_sim+eng > /dev/null 2>&1`).join(' && ')]);
      baselineMs = native.ms;
      rows.push({ reader: 'baseline: native tesseract CLI (Debian models)', seconds: native.ms / 1000, 'per image s': native.ms / 1000 / images.length, 'peak RSS MB': native.peakRssMb, 'exact key fields': '— (text only)', ratio: 1 });
    }
    const runs: Array<[string, NodeJS.ProcessEnv]> = [['holdfast, npm best_int models (default)', {}]];
    if (existsSync(join(DEBIAN, 'chi_sim.traineddata'))) runs.push(["holdfast, Debian's models", { HOLDFAST_TESSDATA: DEBIAN }]);
    const summary: string[] = [];
    for (const [label, env] of runs) {
      const r = await measure(process.execPath, [bin, 'import-certificate', ...images.map((i) => i.path), '--json', '--library', library], { env });
      if (r.status !== 0) throw new Error(`${label} failed: ${r.stderr}`);
      const n = exact(r.stdout);
      rows.push({ reader: label, seconds: r.ms / 1000, 'per image s': r.ms / 1000 / images.length, 'peak RSS MB': r.peakRssMb, 'exact key fields': `${n}/${images.length * KEY.length}`, ratio: baselineMs ? r.ms / baselineMs : 'n/a' });
      summary.push(`${env.HOLDFAST_TESSDATA ? 'debian' : 'npm'}_seconds=${(r.ms / 1000).toFixed(2)} ${env.HOLDFAST_TESSDATA ? 'debian' : 'npm'}_exact=${n}`);
    }
    console.log(`\n${images.length} certificate screenshots (zh and en at 700, 1200, 1800 px)\n`);
    printTable(rows);
    console.log(`ocr: images=${images.length} ${summary.join(' ')}${baselineMs ? ` native_seconds=${(baselineMs / 1000).toFixed(2)}` : ''}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
