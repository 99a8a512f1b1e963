// Real OCR (tesseract.js, Chinese + English models from npm; Debian's once) of certificate
// screenshots rendered from known text: the fields that identify a holding must come out
// exactly on clean pictures, and a bad picture must say it is unsure rather than be confidently
// wrong. One worker serves the whole file.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractCertificate, type CertificateExtraction } from '../../main/core/ocr/extract-certificate.js';
import { LOW_CONFIDENCE } from '../../main/core/ocr/parse-certificate.js';
import { languageData, stopOcr } from '../../main/core/ocr/tesseract.js';
import { renderCertificate, type RenderOptions } from '../fixtures/certificates/render.js';
import { enSample, stackedSample, zhSample, type CertificateSample } from '../fixtures/certificates/samples.js';
import { suiteTempDir } from '../helpers/tmp.js';

let dir: string;

beforeAll(() => {
  dir = suiteTempDir('holdfast-ocr-');
});
afterAll(() => stopOcr());

async function read(name: string, sample: CertificateSample, options: RenderOptions): Promise<CertificateExtraction> {
  const path = join(dir, `${name}.${options.format === 'jpeg' ? 'jpg' : 'png'}`);
  writeFileSync(path, await renderCertificate(sample.text, options));
  return extractCertificate(path);
}

const KEY_FIELDS = ['txHash', 'tokenId', 'serial', 'chain'] as const;

describe('OCR of clean certificate screenshots', () => {
  const clean: Array<[string, CertificateSample, RenderOptions]> = [
    ['zh-inline-1200', zhSample, { width: 1200 }],
    ['zh-inline-700-jpeg', zhSample, { width: 700, format: 'jpeg' }],
    ['en-inline-1600', enSample, { width: 1600 }],
    ['zh-stacked-900', stackedSample, { width: 900, layout: 'stacked' }],
  ];

  it.each(clean)('%s: tx hash, token id, serial and chain come out exactly', async (name, sample, options) => {
    const r = await read(name, sample, options);
    for (const field of KEY_FIELDS) expect({ field, value: r.fields[field].value }).toEqual({ field, value: sample.expected[field] });
    expect(r.fields.issuedAt.value).toBe(sample.expected.issuedAt);
    if (sample.expected.contract && name !== 'zh-stacked-900') expect(r.fields.contract.value).toBe(sample.expected.contract);
    // Where it came from: this file, by hash; each field with a confidence between 0 and 1.
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.text.length).toBeGreaterThan(5);
    for (const f of Object.values(r.fields)) expect(f.confidence >= 0 && f.confidence <= 1).toBe(true);
    // Nothing invented: a field the certificate does not print stays null.
    if (sample === enSample) expect(r.fields.contract).toMatchObject({ value: null, raw: null });
  });
});

describe('OCR of noisy screenshots', () => {
  it.each([
    ['zh-noisy', zhSample, { width: 800, noise: 0.45, seed: 7 }],
    ['en-noisy', enSample, { width: 800, noise: 0.35, seed: 3 }],
  ] as Array<[string, CertificateSample, RenderOptions]>)('%s: flagged as unsure, never confidently wrong', async (name, sample, options) => {
    const r = await read(name, sample, options);
    expect(r.lowConfidence).toBe(true);
    for (const field of KEY_FIELDS) {
      const f = r.fields[field];
      if (f.value !== null && f.value !== sample.expected[field]) expect(f.confidence, `${field} read as ${f.value}`).toBeLessThan(LOW_CONFIDENCE);
    }
  });
});

describe('where the models come from', () => {
  it('uses the models shipped in npm by default, unpacked to a local folder (no download)', () => {
    const data = languageData({});
    expect(data.source).toBe('npm');
    expect(existsSync(join(data.langPath, 'chi_sim.traineddata'))).toBe(true);
    expect(data.gzip).toBe(false);
  });

  const debian = '/usr/share/tesseract-ocr/5/tessdata';
  it.skipIf(!existsSync(join(debian, 'chi_sim.traineddata')))("reads with Debian's tesseract-ocr-chi-sim models when pointed at them", async () => {
    await stopOcr();
    process.env.HOLDFAST_TESSDATA = debian;
    try {
      expect(languageData()).toMatchObject({ source: 'HOLDFAST_TESSDATA', langPath: debian, gzip: false });
      const r = await read('zh-debian', zhSample, { width: 1200 });
      expect(r.fields.txHash.value).toBe(zhSample.expected.txHash);
      expect(r.fields.serial.value).toBe(zhSample.expected.serial);
    } finally {
      delete process.env.HOLDFAST_TESSDATA;
      await stopOcr();
    }
  });
});
