// From the lines OCR read off a certificate to its fields: find each label (Chinese or English),
// take the value after it (or on the next line), check and normalize it, and say how sure we are.
// A value that does not pass its check is not kept (null) — its raw text is, so a person can fix it.
import {
  CERTIFICATE_FIELDS,
  checkField,
  labelAtStart,
  type CertificateField,
} from './certificate-fields.js';
import { canonicalChain } from './chains.js';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrWord {
  text: string;
  /** 0–100, as tesseract reports it. */
  confidence: number;
  bbox?: Box;
}

export interface OcrLine {
  text: string;
  words: OcrWord[];
}

export interface ExtractedField {
  /** The checked, normalized value; null when none was read or what was read did not check. */
  value: string | null;
  /** The text OCR read for this field, before checking. */
  raw: string | null;
  /** 0–1: how far to trust the value (the OCR's own certainty, lowered for repairs and guesses). */
  confidence: number;
  /** Why the value is missing or doubtful, in words a person can act on. */
  problem: string | null;
  /** Index of the OCR line it came from. */
  line: number | null;
  /** Where the value is in the image (when the OCR said), for a closer second reading. */
  box?: Box;
}

export type ExtractedFields = Record<CertificateField, ExtractedField>;

/** Below this a field is shown as "check this" and the CLI asks before trusting it. */
export const LOW_CONFIDENCE = 0.8;

const REPAIR_PENALTY = 0.85;
const UNLABELLED_PENALTY = 0.8;
const SEPARATORS = /^[\s:：;；,，.。\-—–=|]+/;

const squash = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** Per character of the squashed line, the confidence of the word it came from. */
function charConfidences(line: OcrLine): number[] {
  const out: number[] = [];
  for (const w of line.words) for (const _ of squash(w.text)) out.push(w.confidence);
  return out;
}

/** The box around the words that hold characters from `from` on (the value, not the label). */
function boxFrom(line: OcrLine, from: number): Box | undefined {
  let at = 0;
  let box: Box | undefined;
  for (const w of line.words) {
    const n = squash(w.text).length;
    if (at + n > from && w.bbox) {
      box = box ? { x0: Math.min(box.x0, w.bbox.x0), y0: Math.min(box.y0, w.bbox.y0), x1: Math.max(box.x1, w.bbox.x1), y1: Math.max(box.y1, w.bbox.y1) } : { ...w.bbox };
    }
    at += n;
  }
  return box;
}

function confidenceOf(conf: number[], from: number, to = conf.length): number {
  const part = conf.slice(from, to);
  if (!part.length) return 0;
  const mean = part.reduce((a, b) => a + b, 0) / part.length;
  // A hash is only as good as its worst character: weigh the weakest word as much as the mean.
  return Math.max(0, Math.min(1, (mean + Math.min(...part)) / 200));
}

/** Remove the first `n` non-space characters of `text` (the label) and the separator after it. */
function dropLeading(text: string, n: number): string {
  let seen = 0;
  let i = 0;
  const t = text.normalize('NFKC');
  for (; i < t.length && seen < n; i++) if (!/\s/.test(t[i]!)) seen++;
  return t.slice(i).replace(SEPARATORS, '');
}

/** OCR puts spaces between Chinese characters; a value keeps only spaces between Latin words. */
function tidyText(value: string): string {
  return value
    .replace(/(?<=[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF])\s+|\s+(?=[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF])/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const empty = (): ExtractedField => ({ value: null, raw: null, confidence: 0, problem: null, line: null });

export function judge(field: CertificateField, raw: string, confidence: number, line: number): ExtractedField {
  const checked = checkField(field, raw);
  if (!checked.ok) return { value: null, raw, confidence, problem: checked.message, line };
  const c = checked.repaired ? confidence * REPAIR_PENALTY : confidence;
  return {
    value: checked.value,
    raw,
    confidence: Math.round(c * 1000) / 1000,
    problem: checked.repaired ? 'read with look-alike characters corrected; compare with the screenshot' : null,
    line,
  };
}

/** Fields from OCR lines. Every field is present in the result; unknown ones are null. */
export function parseCertificateLines(lines: readonly OcrLine[]): ExtractedFields {
  const fields = Object.fromEntries(CERTIFICATE_FIELDS.map((f) => [f, empty()])) as ExtractedFields;
  const taken = (f: CertificateField) => fields[f].value !== null;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const sq = squash(line.text);
    const label = labelAtStart(sq);
    if (!label || taken(label.field)) continue;
    let raw = dropLeading(line.text, label.length);
    let conf = charConfidences(line);
    let from = sq.length - squash(raw).length;
    let at = i;
    // Label above its value (common on phone screenshots): the value is the next line.
    if (!squash(raw) && i + 1 < lines.length && !labelAtStart(squash(lines[i + 1]!.text))) {
      at = i + 1;
      raw = lines[at]!.text.normalize('NFKC');
      conf = charConfidences(lines[at]!);
      from = 0;
    }
    raw = tidyText(raw);
    if (!raw) continue;
    const candidate = { ...judge(label.field, raw, confidenceOf(conf, from), at), box: boxFrom(lines[at]!, from) };
    // Keep the first reading that checks; a failed one only until a better one turns up.
    if (candidate.value !== null || fields[label.field].raw === null) fields[label.field] = candidate;
  }

  // Values printed without a label we could read (the label garbled, or a layout without one).
  const patterns: Array<[CertificateField, RegExp]> = [
    ['txHash', /0[xX][0-9a-fA-FlIoO]{64}(?![0-9a-fA-F])/],
    ['contract', /0[xX][0-9a-fA-F]{40}(?![0-9a-fA-F])/],
    ['serial', /#\s*\d{1,12}\s*\/\s*\d{1,12}/],
  ];
  lines.forEach((line, i) => {
    const text = line.text.normalize('NFKC');
    const conf = charConfidences(line);
    for (const [field, re] of patterns) {
      if (taken(field)) continue;
      const m = re.exec(text.replace(/\s+/g, ''));
      if (!m) continue;
      const judged = judge(field, m[0], confidenceOf(conf, m.index, m.index + m[0].length) * UNLABELLED_PENALTY, i);
      if (judged.value !== null) fields[field] = { ...judged, problem: judged.problem ?? 'found without its label' };
    }
    if (!taken('chain') && !labelAtStart(squash(line.text))) {
      const chain = canonicalChain(text);
      if (chain?.exact) fields.chain = { value: chain.name, raw: text.trim(), confidence: confidenceOf(conf, 0) * UNLABELLED_PENALTY, problem: 'found without its label', line: i };
    }
  });
  return fields;
}
