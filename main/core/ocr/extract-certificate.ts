// A certificate screenshot in, its fields out: each with a value (or null), the OCR's confidence
// and where it came from (this file, by hash). Nothing here writes to a library.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { HoldfastError } from '../errors.js';
import type { CertificateField } from './certificate-fields.js';
import { canonicalChain } from './chains.js';
import { LOW_CONFIDENCE, judge, parseCertificateLines, type ExtractedField, type ExtractedFields, type OcrLine } from './parse-certificate.js';
import { withOcr, type OcrSession, type RegionKind } from './tesseract.js';

export interface CertificateExtraction {
  path: string;
  fileName: string;
  sha256: string;
  size: number;
  mime: string;
  width: number;
  height: number;
  fields: ExtractedFields;
  /** Tesseract's confidence for the whole page, 0–1. */
  pageConfidence: number;
  /** True when any field that was read is below LOW_CONFIDENCE, or the page itself is. */
  lowConfidence: boolean;
  /** Everything OCR read, line by line, so a person can see what the fields came from. */
  text: string[];
}

const MAX_IMAGE_BYTES = 40 * 1024 * 1024;
/** Tesseract reads best with text about 30 px high; phone screenshots are often smaller. */
const TARGET_WIDTH = 1800;

/** Grey, upright, contrast-stretched, scaled to a width tesseract reads well. */
async function prepare(bytes: Buffer, file: string): Promise<{ png: Buffer; width: number; height: number; mime: string }> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch (error) {
    throw new HoldfastError('invalid_input', `${file} is not an image Holdfast can read (${(error as Error).message})`);
  }
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (!width || !height) throw new HoldfastError('invalid_input', `${file} has no picture in it`);
  const scale = width < TARGET_WIDTH * 0.75 || width > TARGET_WIDTH * 2 ? TARGET_WIDTH / width : 1;
  try {
    const png = await sharp(bytes, { failOn: 'truncated' })
      .rotate()
      .resize({ width: Math.round(width * scale), kernel: 'lanczos3' })
      .grayscale()
      .normalise()
      .withDensity(300)
      .png()
      .toBuffer();
    return { png, width, height, mime: `image/${meta.format ?? 'unknown'}` };
  } catch (error) {
    throw new HoldfastError('invalid_input', `${file} is damaged or cut short (${(error as Error).message})`);
  }
}

/** The fields that must come out exactly, and the characters each can hold. */
const REREAD: Array<[CertificateField, RegionKind]> = [
  ['txHash', 'hex'],
  ['contract', 'hex'],
  ['tokenId', 'id'],
  ['serial', 'serial'],
  ['chain', 'text'],
];

/** A second reading this unsure is noise, not a reading. */
const MIN_REREAD_CONFIDENCE = 0.3;

function confidenceOfLine(line: OcrLine): number {
  const c = line.words.map((w) => w.confidence);
  return c.length ? (c.reduce((a, b) => a + b, 0) / c.length + Math.min(...c)) / 200 : 0;
}

/** A second reading of one value, alone on its line and limited to the characters it can hold
 *  (a hash cannot contain "l" or "O"). The better of the two readings that checks is kept. */
async function reread(ocr: OcrSession, png: Buffer, field: CertificateField, kind: RegionKind, first: ExtractedField): Promise<ExtractedField> {
  if (!first.box || first.line === null) return first;
  if (field === 'contract' && first.value !== null && !first.value.startsWith('0x')) return first;
  const line = await ocr.readRegion(png, first.box, kind);
  if (!line) return first;
  const second = judge(field, line.text, confidenceOfLine(line), first.line);
  if (second.value === null || second.confidence < MIN_REREAD_CONFIDENCE) return first;
  // A chain name is only worth a second opinion when that opinion is a chain we know.
  if (field === 'chain' && !canonicalChain(second.value)) return first;
  if (first.value === null || (kind !== 'text' && second.confidence >= first.confidence * 0.9) || second.confidence > first.confidence) {
    // Two independent readings that agree are worth more than either alone.
    const agree = first.value === second.value;
    return { ...second, confidence: agree ? Math.max(first.confidence, second.confidence) : second.confidence, problem: agree ? first.problem : second.problem };
  }
  return first;
}

export async function extractCertificate(path: string): Promise<CertificateExtraction> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new HoldfastError('not_found', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (bytes.length > MAX_IMAGE_BYTES) throw new HoldfastError('invalid_input', `${path} is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB; a certificate screenshot is much smaller`);
  const { png, width, height, mime } = await prepare(bytes, path);
  const { lines, confidence, fields } = await withOcr(async (ocr) => {
    const page = await ocr.readPage(png);
    const parsed = parseCertificateLines(page.lines);
    for (const [field, kind] of REREAD) parsed[field] = await reread(ocr, png, field, kind, parsed[field]);
    for (const f of Object.values(parsed)) delete f.box;
    return { ...page, fields: parsed };
  });
  const read = Object.values(fields).filter((f) => f.raw !== null);
  return {
    path,
    fileName: basename(path),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    mime,
    width,
    height,
    fields,
    pageConfidence: confidence,
    // Nothing read at all is as doubtful as a bad reading: the page may not be a certificate.
    lowConfidence: confidence < LOW_CONFIDENCE || read.length === 0 || read.some((f) => f.value === null || f.confidence < LOW_CONFIDENCE),
    text: lines.map((l) => l.text).filter(Boolean),
  };
}
