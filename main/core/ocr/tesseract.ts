// One tesseract.js worker (Chinese + English) for the whole process, started on first use and
// stopped after a quiet minute. Everything it loads is on this machine: the worker script and
// the wasm core ship in npm, and the trained data comes from Debian's tesseract-ocr-chi-sim /
// tesseract-ocr-eng packages when they are installed, else from the @tesseract.js-data npm
// packages. Nothing is ever fetched from a CDN, and nothing is cached into the working folder.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page, PSM, Worker } from 'tesseract.js';
import { HoldfastError } from '../errors.js';
import type { Box, OcrLine } from './parse-certificate.js';

const require = createRequire(import.meta.url);
const LANGS = ['chi_sim', 'eng'] as const;
const IDLE_MS = 60_000;
const NPM_MODEL = '4.0.0_best_int';
// tesseract's page segmentation modes (the enum's values; importing it would load tesseract.js).
const PAGE_AUTO = '3' as PSM;
const PAGE_SINGLE_LINE = '7' as PSM;

/** Folders Debian (and Ubuntu) install traineddata into, newest tesseract first. */
const SYSTEM_TESSDATA = ['/usr/share/tesseract-ocr/5/tessdata', '/usr/share/tesseract-ocr/4.00/tessdata', '/usr/share/tessdata'];

export interface LanguageData {
  langPath: string;
  gzip: boolean;
  source: 'HOLDFAST_TESSDATA' | 'system' | 'npm';
}

/** Where the Chinese and English models come from: $HOLDFAST_TESSDATA (a folder of
 *  .traineddata or .traineddata.gz), else the @tesseract.js-data npm packages that ship with
 *  Holdfast ("best_int" models: markedly better on Chinese than the "fast" ones distributions
 *  package), else the system's tessdata folder (Debian: tesseract-ocr-chi-sim + -eng). */
export function languageData(env: NodeJS.ProcessEnv = process.env): LanguageData {
  const has = (dir: string, ext: string) => LANGS.every((l) => existsSync(join(dir, `${l}.traineddata${ext}`)));
  if (env.HOLDFAST_TESSDATA) {
    if (has(env.HOLDFAST_TESSDATA, '')) return { langPath: env.HOLDFAST_TESSDATA, gzip: false, source: 'HOLDFAST_TESSDATA' };
    if (has(env.HOLDFAST_TESSDATA, '.gz')) {
      const files = LANGS.map((l) => join(env.HOLDFAST_TESSDATA!, `${l}.traineddata.gz`));
      return { langPath: unpack(files, `custom-${createHash('sha256').update(env.HOLDFAST_TESSDATA).digest('hex').slice(0, 12)}`), gzip: false, source: 'HOLDFAST_TESSDATA' };
    }
    throw new HoldfastError('invalid_input', `HOLDFAST_TESSDATA=${env.HOLDFAST_TESSDATA} has no ${LANGS.join(' and ')} .traineddata files`);
  }
  try {
    const files = LANGS.map((l) => join(dirname(require.resolve(`@tesseract.js-data/${l}/package.json`)), NPM_MODEL, `${l}.traineddata.gz`));
    if (files.every((f) => existsSync(f))) return { langPath: unpack(files, `${NPM_MODEL}-v1`), gzip: false, source: 'npm' };
  } catch {
    // not installed: try the system's models
  }
  const system = SYSTEM_TESSDATA.find((d) => has(d, ''));
  if (system) return { langPath: system, gzip: false, source: 'system' };
  throw new HoldfastError(
    'not_implemented',
    'no Chinese OCR model found: install the npm packages @tesseract.js-data/chi_sim and @tesseract.js-data/eng, or Debian/Ubuntu tesseract-ocr-chi-sim and tesseract-ocr-eng',
  );
}

/** The npm packages keep each language in its own folder, but tesseract.js reads every
 *  language from one folder: unpack both once into a shared cache folder (atomically). The
 *  worker also reads plain files faster than it inflates gzip. */
function unpack(files: string[], name: string): string {
  const dir = join(tmpdir(), 'holdfast-tessdata', name);
  mkdirSync(dir, { recursive: true });
  LANGS.forEach((lang, i) => {
    const target = join(dir, `${lang}.traineddata`);
    if (existsSync(target)) return;
    const part = `${target}.${process.pid}.part`;
    writeFileSync(part, withoutSublanguages(gunzipSync(readFileSync(files[i]!))));
    renameSync(part, target);
  });
  return dir;
}

let shared: Promise<Worker> | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let queue: Promise<unknown> = Promise.resolve();

/** The chi_sim "best" model asks to also load chi_sim_vert (vertical text), which no package
 *  ships; tesseract then prints an error on every start. Comment the request out in the
 *  model's config (same length, so the archive's offsets stay right). */
function withoutSublanguages(model: Buffer): Buffer {
  const line = Buffer.from('tessedit_load_sublangs chi_sim_vert');
  const at = model.indexOf(line);
  if (at >= 0) model[at] = '#'.charCodeAt(0);
  return model;
}

/** In the packaged desktop app, what a worker thread loads is unpacked beside the asar archive
 *  (electron-builder.yml: asarUnpack). */
const unpacked = (path: string) => path.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');

async function startWorker(): Promise<Worker> {
  const data = languageData();
  const { createWorker, OEM } = (await import('tesseract.js')).default;
  return createWorker([...LANGS], OEM.LSTM_ONLY, {
    // Local files only: the Node worker script and the wasm core from npm, never a CDN.
    workerPath: unpacked(require.resolve('tesseract.js/src/worker-script/node/index.js')),
    corePath: unpacked(dirname(require.resolve('tesseract.js-core/package.json'))),
    langPath: data.langPath,
    gzip: data.gzip,
    // tesseract.js would otherwise write a copy of each model into the current folder.
    cacheMethod: 'none',
  });
}

function worker(): Promise<Worker> {
  if (idleTimer) clearTimeout(idleTimer);
  if (!shared) {
    shared = startWorker();
    shared.catch(() => (shared = null));
  }
  return shared;
}

function scheduleIdleStop(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void stopOcr(), IDLE_MS);
  idleTimer.unref();
}

/** What a second, closer reading of one value may contain. */
export type RegionKind = 'hex' | 'serial' | 'id' | 'text';

const WHITELIST: Record<RegionKind, string> = {
  hex: '0123456789abcdefABCDEFx',
  serial: '0123456789#/',
  id: '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.:-',
  text: '',
};

export interface OcrSession {
  /** Every line of the page, with each word's confidence and box. */
  readPage(image: Buffer): Promise<{ lines: OcrLine[]; confidence: number }>;
  /** One line of the page again, alone and limited to the characters its field can hold. */
  readRegion(image: Buffer, box: Box, kind: RegionKind): Promise<OcrLine | null>;
}

function toLines(data: Page): OcrLine[] {
  const lines: OcrLine[] = [];
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        lines.push({ text: line.text.trim(), words: line.words.map((w) => ({ text: w.text, confidence: w.confidence, bbox: w.bbox })) });
      }
    }
  }
  return lines;
}

/** Runs `work` with the worker to itself (calls from elsewhere wait their turn). */
export function withOcr<T>(work: (session: OcrSession) => Promise<T>): Promise<T> {
  const run = queue.then(async () => {
    const w = await worker();
    const session: OcrSession = {
      async readPage(image) {
        await w.setParameters({ tessedit_pageseg_mode: PAGE_AUTO, tessedit_char_whitelist: '' });
        const { data } = await w.recognize(image, {}, { text: true, blocks: true });
        return { lines: toLines(data), confidence: data.confidence / 100 };
      },
      async readRegion(image, box, kind) {
        const pad = Math.round((box.y1 - box.y0) * 0.35);
        const rectangle = { left: Math.max(0, box.x0 - pad), top: Math.max(0, box.y0 - pad), width: box.x1 - box.x0 + 2 * pad, height: box.y1 - box.y0 + 2 * pad };
        await w.setParameters({ tessedit_pageseg_mode: PAGE_SINGLE_LINE, tessedit_char_whitelist: WHITELIST[kind] });
        const { data } = await w.recognize(image, { rectangle }, { text: true, blocks: true });
        const words = toLines(data).flatMap((l) => l.words);
        return words.length ? { text: words.map((x) => x.text).join(' '), words } : null;
      },
    };
    try {
      return await work(session);
    } finally {
      scheduleIdleStop();
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Ends the worker (the CLI calls this before exiting; the app lets the idle timer do it). */
export async function stopOcr(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const current = shared;
  shared = null;
  if (current) await (await current.catch(() => null))?.terminate();
}
