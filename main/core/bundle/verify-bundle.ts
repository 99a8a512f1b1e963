// Checks a provenance bundle without the library it came from and without the network:
//   1. the bag: every payload file against manifest-sha256.txt and manifest-sha512.txt, the tag
//      files against the tag manifests, nothing missing, nothing extra, Payload-Oxum;
//   2. holdings.json against the schema it is versioned by, and against the files (every path
//      it names is there, with the hash and size it states; holdings.js and the viewer's model
//      scripts carry exactly the same bytes);
//   3. every item's evidence through the offline verifier registered for its kind (certificate
//      hashes, block headers, Merkle proofs…); a kind nobody can check is reported as captured,
//      not independently verifiable.
// Every problem names the file it is about. Reading is one sequential pass in the order the
// zip stores things, plus the evidence documents, which are small.
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { itemId } from '../db/items.js';
import { verifyEvidence, type EvidenceDocument } from '../evidence/verifiers.js';
import { ALGORITHMS, parseBagInfo, parseManifest, type Algorithm } from '../export/bagit.js';
import {
  HOLDINGS_JS_PREFIX,
  HOLDINGS_JS_SUFFIX,
  HOLDINGS_VERSION,
  SCHEMA_PATH_IN_DATA,
  schemaText,
  validateHoldings,
  type BundleItem,
  type HoldingsV1,
} from '../export/holdings-format.js';
import { HOLDINGS_JS, HOLDINGS_JSON, MODEL_SCRIPTS_DIR } from '../export/layout.js';
import { ModelScriptCheck } from '../export/model-script.js';
import { openBag, type BagEntry, type BagLimits, type BagSource } from './bag-source.js';
import { workerHasher } from './digest-worker.js';
import type { Digests } from './digests.js';
import './load-verifiers.js';
import { noProgress, throwIfCancelled, type BundleProgress, type ProgressSink } from './progress.js';

export type EvidenceOutcome = 'verified' | 'failed' | 'unverifiable';

export interface EvidenceRow {
  kind: string;
  level: number;
  outcome: EvidenceOutcome;
  detail: string;
}

export interface ItemRow {
  id: string;
  name: string;
  platform: string;
  files: number;
  /** The level the exporting library recorded. */
  claimedLevel: number;
  /** The best level this check proved now (L1 for a certificate whose hashes tie, …). */
  verifiedLevel: number;
  evidence: EvidenceRow[];
  ok: boolean;
  problems: string[];
}

export interface BundleReport {
  ok: boolean;
  path: string;
  /** Bag, schema and files are sound (import needs this; failing evidence alone does not stop it). */
  intact: boolean;
  problems: string[];
  items: ItemRow[];
  bag: { files: number; bytes: number; bagInfo: Array<[string, string]>; holdfastVersion: string | null };
  summary: {
    items: number;
    validItems: number;
    invalidItems: number;
    evidenceVerified: number;
    evidenceFailed: number;
    evidenceUnverifiable: number;
    /** Items by the level this check proved. */
    levels: { l3: number; l2: number; l1: number; l0: number };
  };
}

export interface VerifyOptions {
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  limits?: BagLimits;
}

/** What import needs besides the report: the parsed holdings and the open bag. */
export interface VerifiedBundle {
  report: BundleReport;
  holdings: HoldingsV1 | null;
  source: BagSource;
  entryByPath: Map<string, BagEntry>;
}

const MAX_TEXT_BYTES = 1 << 30;
const MAX_EVIDENCE_DOC_BYTES = 64 << 20;
const TAG_FILE = /^(bagit\.txt|bag-info\.txt|(tag)?manifest-[a-z0-9]+\.txt)$/;

export async function verifyBundle(path: string, options: VerifyOptions = {}): Promise<BundleReport> {
  const verified = await verifyBundleKeepingOpen(path, options);
  verified.source.close();
  return verified.report;
}

/** Verifies and leaves the bag open (import reads the files next, from the same checked source). */
export async function verifyBundleKeepingOpen(path: string, options: VerifyOptions = {}): Promise<VerifiedBundle> {
  const onProgress = options.onProgress ?? noProgress;
  const source = await openBag(path, options.limits);
  try {
    return await check(source, options.signal, onProgress);
  } catch (error) {
    source.close();
    throw error;
  }
}

async function check(source: BagSource, signal: AbortSignal | undefined, onProgress: ProgressSink): Promise<VerifiedBundle> {
  const problems: string[] = [];
  const entries = [...source.entries].sort((a, b) => a.offset - b.offset);
  const entryByPath = new Map(entries.map((e) => [e.path, e]));
  const progress: BundleProgress = {
    phase: 'checking',
    filesDone: 0,
    filesTotal: entries.length,
    bytesDone: 0,
    bytesTotal: entries.reduce((n, e) => n + e.size, 0),
    current: null,
  };
  let lastReport = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (force || now - lastReport >= 100) {
      lastReport = now;
      onProgress({ ...progress });
    }
  };
  report(true);
  for (const name of source.outside) problems.push(`${name}: extra file outside the bag's folder`);

  // 1. One pass over every file: digests, plus the contents of the few files read as text.
  const digests = new Map<string, Digests>();
  const texts = new Map<string, Buffer>();
  const modelChecks = new Map<string, ModelScriptCheck>();
  const unreadable = new Set<string>();
  const hasher = workerHasher();
  const hashed: Array<Promise<void>> = [];
  try {
    for (const entry of entries) {
      throwIfCancelled(signal);
      progress.current = entry.path;
      const keepText = TAG_FILE.test(entry.path) || entry.path === HOLDINGS_JSON || entry.path === `data/${SCHEMA_PATH_IN_DATA}`;
      const modelSha = new RegExp(`^${MODEL_SCRIPTS_DIR}/([0-9a-f]{64})\\.js$`).exec(entry.path)?.[1];
      if (keepText && entry.size > MAX_TEXT_BYTES) {
        problems.push(`${entry.path}: ${entry.size} bytes is too large to be read`);
        continue;
      }
      const tap = hasher.tap((n) => {
        progress.bytesDone += n;
        report();
      });
      const chunks: Buffer[] = [];
      const modelCheck = modelSha ? new ModelScriptCheck(modelSha) : null;
      const sink = new Writable({
        highWaterMark: 1 << 20,
        write(chunk: Buffer, _encoding, callback) {
          if (keepText) chunks.push(chunk);
          callback();
        },
      });
      try {
        const stream = await source.open(entry);
        if (modelCheck) await pipeline(stream, tap.stream, modelCheck, sink);
        else await pipeline(stream, tap.stream, sink);
        hashed.push(tap.digests.then((d) => void digests.set(entry.path, d)));
        if (keepText) texts.set(entry.path, Buffer.concat(chunks));
        if (modelCheck) modelChecks.set(entry.path, modelCheck);
      } catch (error) {
        unreadable.add(entry.path);
        problems.push(`${entry.path}: cannot be read (${(error as Error).message}); the file is damaged or truncated`);
      }
      progress.filesDone++;
      report();
    }
    await Promise.all(hashed);
  } finally {
    await hasher.close();
  }

  // 2. The bag.
  const bagitTxt = texts.get('bagit.txt')?.toString('utf8');
  if (bagitTxt === undefined) problems.push('bagit.txt: missing');
  else {
    const fields = new Map(parseBagInfo(bagitTxt));
    if (!/^(0\.97|1\.\d+)$/.test(fields.get('BagIt-Version') ?? '')) problems.push(`bagit.txt: BagIt-Version is ${JSON.stringify(fields.get('BagIt-Version') ?? null)}, not 1.0`);
    if ((fields.get('Tag-File-Character-Encoding') ?? '').toUpperCase() !== 'UTF-8') problems.push('bagit.txt: Tag-File-Character-Encoding is not UTF-8');
  }
  const payload = entries.filter((e) => e.path.startsWith('data/'));
  const manifests = new Map<Algorithm, Map<string, string>>();
  for (const algorithm of ALGORITHMS) {
    const name = `manifest-${algorithm}.txt`;
    const text = texts.get(name);
    if (text === undefined) {
      problems.push(`${name}: missing`);
      continue;
    }
    const parsed = parseManifest(text.toString('utf8'), algorithm, name);
    problems.push(...parsed.problems);
    manifests.set(algorithm, parsed.digests);
    for (const [listed, expected] of parsed.digests) {
      if (!listed.startsWith('data/')) problems.push(`${name}: lists ${listed}, which is not under data/`);
      const actual = digests.get(listed);
      if (!entryByPath.has(listed)) problems.push(`${listed}: listed in ${name} but missing from the bundle (removed?)`);
      else if (actual && actual[algorithm] !== expected) {
        problems.push(`${listed}: ${algorithm.toUpperCase()} does not match ${name} (the file was changed or truncated; it is now ${actual.size} bytes)`);
      }
    }
    for (const entry of payload) {
      if (!parsed.digests.has(entry.path)) problems.push(`${entry.path}: not listed in ${name} (added after the bundle was made?)`);
    }
  }
  const tagListed = new Set<string>();
  for (const algorithm of ALGORITHMS) {
    const name = `tagmanifest-${algorithm}.txt`;
    const text = texts.get(name);
    if (text === undefined) continue;
    const parsed = parseManifest(text.toString('utf8'), algorithm, name);
    problems.push(...parsed.problems);
    for (const [listed, expected] of parsed.digests) {
      tagListed.add(listed);
      const actual = digests.get(listed);
      if (!entryByPath.has(listed)) problems.push(`${listed}: listed in ${name} but missing from the bundle`);
      else if (actual && actual[algorithm] !== expected) problems.push(`${listed}: ${algorithm.toUpperCase()} does not match ${name} (the file was changed)`);
    }
  }
  for (const entry of entries) {
    if (entry.path.startsWith('data/') || /^tagmanifest-[a-z0-9]+\.txt$/.test(entry.path) || tagListed.has(entry.path)) continue;
    problems.push(`${entry.path}: extra file, not covered by any manifest (added after the bundle was made?)`);
  }
  const bagInfo = parseBagInfo(texts.get('bag-info.txt')?.toString('utf8') ?? '');
  const oxum = bagInfo.find(([label]) => label === 'Payload-Oxum')?.[1];
  if (oxum !== undefined) {
    const actual = `${payload.reduce((n, e) => n + (digests.get(e.path)?.size ?? e.size), 0)}.${payload.length}`;
    if (oxum !== actual) problems.push(`bag-info.txt: Payload-Oxum says ${oxum} (bytes.files) but the payload is ${actual}`);
  }

  // 3. holdings.json: schema, then agreement with the files.
  let holdings: HoldingsV1 | null = null;
  const itemProblems = new Map<string, string[]>();
  const holdingsBytes = texts.get(HOLDINGS_JSON);
  if (holdingsBytes === undefined) {
    if (!unreadable.has(HOLDINGS_JSON)) problems.push(`${HOLDINGS_JSON}: missing`);
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(holdingsBytes.toString('utf8'));
    } catch (error) {
      problems.push(`${HOLDINGS_JSON}: not valid JSON (${(error as Error).message})`);
    }
    if (parsed !== undefined) {
      const version = (parsed as { version?: unknown } | null)?.version;
      if (typeof version === 'number' && version > HOLDINGS_VERSION) {
        problems.push(`${HOLDINGS_JSON}: format version ${version} was made by a newer Holdfast; update Holdfast to check this bundle`);
      } else {
        const schemaProblems = validateHoldings(parsed);
        problems.push(...schemaProblems);
        if (schemaProblems.length === 0) holdings = parsed as HoldingsV1;
      }
    }
    const expectedJs = createHash('sha256').update(HOLDINGS_JS_PREFIX).update(holdingsBytes).update(HOLDINGS_JS_SUFFIX).digest('hex');
    const js = digests.get(HOLDINGS_JS);
    if (!js && !unreadable.has(HOLDINGS_JS)) problems.push(`${HOLDINGS_JS}: missing (the offline viewer needs it)`);
    else if (js && js.sha256 !== expectedJs) problems.push(`${HOLDINGS_JS}: is not exactly data/holdings.json for the viewer, so the viewer would show something else`);
  }
  const schemaCopy = texts.get(`data/${SCHEMA_PATH_IN_DATA}`);
  if (schemaCopy === undefined) {
    if (!unreadable.has(`data/${SCHEMA_PATH_IN_DATA}`)) problems.push(`data/${SCHEMA_PATH_IN_DATA}: missing`);
  } else if (!sameJson(schemaCopy, schemaText)) {
    problems.push(`data/${SCHEMA_PATH_IN_DATA}: differs from the published holdings v1 schema`);
  }
  for (const [path, modelCheck] of modelChecks) {
    const result = modelCheck.result();
    if (!result.ok) problems.push(`${path}: ${result.reason}`);
  }

  const fileOk = (path: string, sha256: string, size: number, what: string, out: string[]) => {
    const full = `data/${path}`;
    const actual = digests.get(full);
    if (!entryByPath.has(full)) out.push(`${full}: the ${what} is missing from the bundle`);
    else if (!actual) out.push(`${full}: the ${what} cannot be read`);
    else if (actual.sha256 !== sha256 || actual.size !== size) {
      out.push(`${full}: the ${what} is not the file holdings.json describes (SHA-256 ${actual.sha256}, ${actual.size} bytes; expected ${sha256}, ${size} bytes)`);
    } else return true;
    return false;
  };
  if (holdings) {
    const accounts = new Set(holdings.accounts.map((a) => a.id));
    const platforms = new Set(holdings.platforms.map((p) => p.id));
    const seenIds = new Set<string>();
    for (const item of holdings.items) {
      const mine: string[] = [];
      const label = `item "${item.name}" (${item.id})`;
      if (seenIds.has(item.id)) mine.push(`${HOLDINGS_JSON}: ${label} appears twice`);
      seenIds.add(item.id);
      if (itemId(item.accountId, item.externalId) !== item.id) mine.push(`${HOLDINGS_JSON}: ${label} has an id that does not belong to its account and external id`);
      if (!accounts.has(item.accountId)) mine.push(`${HOLDINGS_JSON}: ${label} names account ${item.accountId}, which is not in the accounts list`);
      if (!platforms.has(item.platform)) mine.push(`${HOLDINGS_JSON}: ${label} names platform ${item.platform}, which is not in the platforms list`);
      for (const f of item.files) {
        fileOk(f.path, f.sha256, f.size, `${f.role} file of ${label}`, mine);
        if (f.viewerScript && !entryByPath.has(`data/${f.viewerScript}`)) mine.push(`data/${f.viewerScript}: the 3D viewer's copy of the model of ${label} is missing`);
      }
      for (const e of item.evidence) if (e.file) fileOk(e.file.path, e.file.sha256, e.file.size, `${e.kind} evidence of ${label}`, mine);
      itemProblems.set(item.id, mine);
      problems.push(...mine);
    }
  }
  const intact = problems.length === 0;

  // 4. Evidence, item by item, through the offline verifiers.
  const rows: ItemRow[] = [];
  if (holdings) {
    progress.phase = 'evidence';
    progress.filesDone = 0;
    progress.filesTotal = holdings.items.length;
    progress.bytesDone = progress.bytesTotal;
    report(true);
    for (const item of holdings.items) {
      throwIfCancelled(signal);
      progress.current = item.name;
      const mine = itemProblems.get(item.id) ?? [];
      const evidence = await checkEvidence(item, source, entryByPath, digests, mine);
      problems.push(...mine.filter((p) => !problems.includes(p)));
      const verifiedLevel = Math.max(0, ...evidence.filter((e) => e.outcome === 'verified').map((e) => e.level));
      rows.push({
        id: item.id,
        name: item.name,
        platform: item.platform,
        files: item.files.length,
        claimedLevel: item.evidenceLevel,
        verifiedLevel,
        evidence,
        ok: mine.length === 0,
        problems: mine,
      });
      progress.filesDone++;
      report();
    }
  }

  const all = rows.flatMap((r) => r.evidence);
  const levelCount = (l: number) => rows.filter((r) => r.verifiedLevel === l).length;
  const report_: BundleReport = {
    ok: problems.length === 0,
    path: source.label,
    intact,
    problems,
    items: rows,
    bag: {
      files: payload.length,
      bytes: payload.reduce((n, e) => n + e.size, 0),
      bagInfo,
      holdfastVersion: bagInfo.find(([label]) => label === 'Holdfast-Version')?.[1] ?? null,
    },
    summary: {
      items: rows.length,
      validItems: rows.filter((r) => r.ok).length,
      invalidItems: rows.filter((r) => !r.ok).length,
      evidenceVerified: all.filter((e) => e.outcome === 'verified').length,
      evidenceFailed: all.filter((e) => e.outcome === 'failed').length,
      evidenceUnverifiable: all.filter((e) => e.outcome === 'unverifiable').length,
      levels: { l3: levelCount(3), l2: levelCount(2), l1: levelCount(1), l0: levelCount(0) },
    },
  };
  progress.phase = 'done';
  progress.current = null;
  report(true);
  return { report: report_, holdings, source, entryByPath };
}

async function checkEvidence(
  item: BundleItem,
  source: BagSource,
  entryByPath: Map<string, BagEntry>,
  digests: Map<string, Digests>,
  problems: string[],
): Promise<EvidenceRow[]> {
  const label = `item "${item.name}" (${item.id})`;
  // Only documents whose bytes are the ones the manifest and holdings.json name are given to a
  // verifier; a damaged one is already reported as damaged.
  const docs: Array<{ doc: EvidenceDocument; path: string | null; damaged: boolean }> = [];
  for (const e of item.evidence) {
    let bytes: Uint8Array | null = null;
    let damaged = false;
    if (e.file) {
      const full = `data/${e.file.path}`;
      const entry = entryByPath.get(full);
      const d = digests.get(full);
      if (!entry || !d || d.sha256 !== e.file.sha256 || entry.size > MAX_EVIDENCE_DOC_BYTES) damaged = true;
      else bytes = await readAll(source, entry);
    }
    docs.push({ doc: { kind: e.kind, level: e.level, summary: e.summary, bytes }, path: e.file ? `data/${e.file.path}` : null, damaged });
  }
  const fileHashes = item.files.map((f) => ({ role: f.role, sha256: f.sha256 }));
  const siblings = docs.map((d) => d.doc);
  const rows: EvidenceRow[] = [];
  for (const { doc, path, damaged } of docs) {
    const where = path ?? `${HOLDINGS_JSON} (${doc.kind} summary)`;
    if (damaged) {
      rows.push({ kind: doc.kind, level: doc.level, outcome: 'failed', detail: `${where} is missing or damaged` });
      continue;
    }
    const outcome = await verifyEvidence(doc, { siblings, fileHashes });
    if (outcome === null) rows.push({ kind: doc.kind, level: doc.level, outcome: 'unverifiable', detail: 'captured, not independently verifiable' });
    else if (outcome.ok) rows.push({ kind: doc.kind, level: doc.level, outcome: 'verified', detail: outcome.detail });
    else {
      rows.push({ kind: doc.kind, level: doc.level, outcome: 'failed', detail: outcome.reason });
      problems.push(`${where}: ${doc.kind} evidence of ${label} fails: ${outcome.reason}`);
    }
  }
  return rows;
}

async function readAll(source: BagSource, entry: BagEntry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await source.open(entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sameJson(bytes: Buffer, text: string): boolean {
  try {
    return JSON.stringify(JSON.parse(bytes.toString('utf8'))) === JSON.stringify(JSON.parse(text));
  } catch {
    return false;
  }
}
