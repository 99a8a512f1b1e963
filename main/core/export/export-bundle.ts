// Writes a provenance bundle: a BagIt bag (RFC 8493) serialized as a zip, carrying the chosen
// items' metadata (data/holdings.json, checked against the schema it ships), their original
// files byte for byte, the captured evidence, and an offline viewer.
//
// Streamed end to end: one file open at a time, hashes computed in the same read that feeds
// the zip, holdings.json built item by item in a temp file. The zip is written under a temp
// name and renamed when complete, so a cancelled or failed export leaves nothing half-written
// under the chosen name. Same library state in, same bytes out: sorted entries, one fixed
// timestamp (the newest change among the exported items), no export time anywhere.
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { listAccounts, listPlatforms } from '../db/accounts.js';
import { getItem } from '../db/items.js';
import { HoldfastError } from '../errors.js';
import type { Library } from '../library.js';
import { HOLDFAST_VERSION } from '../version.js';
import { workerHasher } from '../bundle/digest-worker.js';
import { digestsOf, type Digests } from '../bundle/digests.js';
import { BundleCancelled, noProgress, throwIfCancelled, type BundleProgress, type ProgressSink } from '../bundle/progress.js';
import { BAGIT_TXT, bagInfoText, comparePaths, humanSize, manifestText, payloadOxum } from './bagit.js';
import {
  HOLDINGS_FORMAT,
  HOLDINGS_JS_PREFIX,
  HOLDINGS_JS_SUFFIX,
  HOLDINGS_VERSION,
  SCHEMA_PATH_IN_DATA,
  schemaText,
  validateHoldingsItem,
  type BundleAccount,
  type BundleItem,
  type BundlePlatform,
  type HoldingsV1,
} from './holdings-format.js';
import { BAG_ROOT, HOLDINGS_JS, HOLDINGS_JSON, evidenceFilePath, isViewableModel, itemFilePath, mimeOfPath, modelScriptPath, shouldDeflate } from './layout.js';
import { gltfResourceFiles, modelScriptSize, modelScriptStream } from './model-script.js';
import { normalizeSelection, selectItems, type ExportSelection } from './select-items.js';
import { viewerAssets } from './viewer-assets.js';
import { ZipWriter } from './zip-writer.js';

export interface ExportOptions extends ExportSelection {
  out: string;
  /** Replace an existing file at `out` (the app's save dialog has already asked). */
  overwrite?: boolean;
  /** Who holds these items, for bag-info.txt (default: the exported accounts' names). */
  holder?: string;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
}

export interface ExportResult {
  path: string;
  items: number;
  /** Payload files (everything under data/). */
  files: number;
  payloadBytes: number;
  zipBytes: number;
}

type Source =
  | { kind: 'blob'; sha256: string; what: string; path: string }
  | { kind: 'model-script'; sha256: string; path: string }
  | { kind: 'bytes'; bytes: Buffer }
  | { kind: 'holdings-json' }
  | { kind: 'holdings-js' };

interface PayloadEntry {
  path: string;
  size: number;
  deflate: boolean;
  source: Source;
}

const EPOCH = '1980-01-01T00:00:00.000Z';

export async function exportBundle(library: Library, options: ExportOptions): Promise<ExportResult> {
  const onProgress = options.onProgress ?? noProgress;
  const out = resolve(options.out);
  if (!out.toLowerCase().endsWith('.zip')) throw new HoldfastError('invalid_input', `a bundle is a .zip file; ${out} does not end in .zip`);
  if (existsSync(out) && !options.overwrite) throw new HoldfastError('conflict', `${out} already exists; choose another name or allow replacing it`);
  if (existsSync(out) && statSync(out).isDirectory()) throw new HoldfastError('invalid_input', `${out} is a folder`);
  mkdirSync(dirname(out), { recursive: true });

  const progress: BundleProgress = { phase: 'preparing', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, current: null };
  onProgress({ ...progress });

  const selection = normalizeSelection(options);
  const summaries = selectItems(library.db, selection);
  if (summaries.length === 0) throw new HoldfastError('invalid_input', 'nothing to export: no item matches the selection');

  const tag = randomBytes(6).toString('hex');
  const holdingsTmp = join(dirname(out), `.${basename(out)}.${tag}.holdings.tmp`);
  const partial = join(dirname(out), `.${basename(out)}.${tag}.partial`);
  try {
    const plan = await planPayload(library, summaries, selection, holdingsTmp, options.signal);
    throwIfCancelled(options.signal);
    const entries = plan.entries;
    progress.phase = 'writing';
    progress.filesTotal = entries.length;
    progress.bytesTotal = entries.reduce((n, e) => n + e.size, 0);
    onProgress({ ...progress });

    const zip = new ZipWriter(partial, new Date(plan.newest));
    const hasher = workerHasher();
    const digests = { sha256: new Map<string, string>(), sha512: new Map<string, string>() };
    const hashed: Array<Promise<void>> = [];
    const damaged: string[] = [];
    const check = (entry: PayloadEntry, d: Digests) => {
      if (d.size !== entry.size || (entry.source.kind === 'blob' && d.sha256 !== entry.source.sha256)) {
        if (entry.source.kind !== 'blob') throw new Error(`${entry.path} changed while it was being exported (${d.size} bytes, ${entry.size} expected)`);
        damaged.push(`${entry.source.what} (${d.size} bytes with SHA-256 ${d.sha256}, expected ${entry.size} bytes with ${entry.source.sha256})`);
      }
      digests.sha256.set(entry.path, d.sha256);
      digests.sha512.set(entry.path, d.sha512);
    };
    let lastReport = 0;
    const report = (force = false) => {
      const now = Date.now();
      if (force || now - lastReport >= 100) {
        lastReport = now;
        onProgress({ ...progress });
      }
    };
    try {
      await zip.add(`${BAG_ROOT}/bagit.txt`, Buffer.from(BAGIT_TXT), { deflate: true });
      for (const entry of entries) {
        throwIfCancelled(options.signal);
        progress.current = entry.path;
        const tap = hasher.tap((n) => {
          progress.bytesDone += n;
          report();
        });
        const source = openSource(entry.source, holdingsTmp);
        source.once('error', (error) => tap.stream.destroy(error));
        await zip.add(`${BAG_ROOT}/${entry.path}`, source.pipe(tap.stream), { deflate: entry.deflate });
        // The hashing thread may still be on this file; the zip goes on to the next.
        hashed.push(tap.digests.then((d) => check(entry, d)));
        progress.filesDone++;
        report();
      }
      await Promise.all(hashed);
      await hasher.close();
      if (damaged.length) {
        throw new HoldfastError(
          'corrupt_blob',
          `the library's copy of ${damaged.length === 1 ? 'a file is' : `${damaged.length} files are`} damaged: ${damaged.slice(0, 5).join('; ')}${damaged.length > 5 ? '; …' : ''}. Sync the affected items again before exporting.`,
        );
      }
      const bagInfo = Buffer.from(
        bagInfoText([
          ['Source-Organization', options.holder?.trim() || plan.holder],
          ['Bagging-Date', plan.newest.slice(0, 10)],
          ['Payload-Oxum', payloadOxum(progress.bytesTotal, entries.length)],
          ['Bag-Size', humanSize(progress.bytesTotal)],
          ['Bag-Software-Agent', `Holdfast ${HOLDFAST_VERSION}`],
          ['External-Description', `Provenance bundle of ${summaries.length} digital collectible${summaries.length === 1 ? '' : 's'}: open data/index.html in a browser to look through them; data/holdings.json lists every item, file and piece of evidence.`],
          ['Holdfast-Version', HOLDFAST_VERSION],
          ['Holdfast-Holdings-Format', `${HOLDINGS_FORMAT} ${HOLDINGS_VERSION} (${SCHEMA_PATH_IN_DATA})`],
          ['Holdfast-Items', String(summaries.length)],
        ]),
      );
      const tagFiles = new Map<string, Buffer>([
        ['bagit.txt', Buffer.from(BAGIT_TXT)],
        ['bag-info.txt', bagInfo],
        ['manifest-sha256.txt', Buffer.from(manifestText(digests.sha256))],
        ['manifest-sha512.txt', Buffer.from(manifestText(digests.sha512))],
      ]);
      for (const [name, bytes] of tagFiles) if (name !== 'bagit.txt') await zip.add(`${BAG_ROOT}/${name}`, bytes, { deflate: true });
      const tagDigests = new Map([...tagFiles].map(([name, bytes]) => [name, digestsOf(bytes)]));
      for (const algorithm of ['sha256', 'sha512'] as const) {
        const listing = new Map([...tagDigests].map(([name, d]) => [name, d[algorithm]]));
        await zip.add(`${BAG_ROOT}/tagmanifest-${algorithm}.txt`, Buffer.from(manifestText(listing)), { deflate: true });
      }
      const zipBytes = await zip.finish();
      throwIfCancelled(options.signal);
      await rename(partial, out);
      progress.phase = 'done';
      progress.current = null;
      report(true);
      return { path: out, items: summaries.length, files: entries.length, payloadBytes: progress.bytesTotal, zipBytes };
    } catch (error) {
      await zip.abort();
      await hasher.close();
      throw error;
    }
  } catch (error) {
    progress.phase = error instanceof BundleCancelled ? 'cancelled' : 'failed';
    onProgress({ ...progress });
    throw error;
  } finally {
    await rm(partial, { force: true });
    await rm(holdingsTmp, { force: true });
  }
}

function openSource(source: Source, holdingsTmp: string): Readable {
  const chunked = { highWaterMark: 512 << 10 };
  switch (source.kind) {
    case 'bytes':
      return Readable.from([source.bytes]);
    case 'holdings-json':
      return createReadStream(holdingsTmp, chunked);
    case 'holdings-js':
      return Readable.from(
        (async function* () {
          yield Buffer.from(HOLDINGS_JS_PREFIX);
          yield* createReadStream(holdingsTmp, chunked);
          yield Buffer.from(HOLDINGS_JS_SUFFIX);
        })(),
      );
    case 'blob':
      return createReadStream(source.path, chunked);
    case 'model-script':
      return modelScriptStream(source.sha256, createReadStream(source.path, { highWaterMark: 3 << 18 }));
  }
}

interface Plan {
  entries: PayloadEntry[];
  /** The newest change among the exported items: the bag's date and every entry's timestamp. */
  newest: string;
  holder: string;
}

/** Builds holdings.json (into a temp file, item by item) and the sorted list of payload files. */
async function planPayload(
  library: Library,
  summaries: Array<{ id: string; accountId: string; platform: string }>,
  selection: HoldingsV1['selection'],
  holdingsTmp: string,
  signal: AbortSignal | undefined,
): Promise<Plan> {
  const { db, blobs } = library;
  const accountIds = new Set(summaries.map((s) => s.accountId));
  const platformIds = new Set(summaries.map((s) => s.platform));
  const accounts: BundleAccount[] = listAccounts(db)
    .filter((a) => accountIds.has(a.id))
    .map((a) => ({ id: a.id, kind: a.kind, platform: a.platform, name: a.name }))
    .sort((a, b) => comparePaths(a.id, b.id));
  const platforms: BundlePlatform[] = listPlatforms(db)
    .filter((p) => platformIds.has(p.id))
    .map((p) => ({ id: p.id, name: p.name, nameZh: p.nameZh, kind: p.kind, status: p.status, exitDate: p.exitDate }))
    .sort((a, b) => comparePaths(a.id, b.id));

  const head: Omit<HoldingsV1, 'items'> & { items: [] } = {
    $schema: SCHEMA_PATH_IN_DATA,
    format: HOLDINGS_FORMAT,
    version: HOLDINGS_VERSION,
    generator: { name: 'Holdfast', version: HOLDFAST_VERSION },
    selection,
    platforms,
    accounts,
    items: [],
  };
  const headText = JSON.stringify(head, null, 2);
  const closing = '"items": []\n}';
  if (!headText.endsWith(closing)) throw new Error('unexpected holdings header layout');

  const entries = new Map<string, PayloadEntry>();
  const missing: string[] = [];
  let newest = EPOCH;
  const later = (t: string | null | undefined) => {
    if (t && t > newest) newest = t;
  };
  const handle = await open(holdingsTmp, 'wx');
  let jsonBytes = 0;
  const write = async (text: string) => {
    const bytes = Buffer.from(text);
    jsonBytes += bytes.length;
    await handle.write(bytes);
  };
  try {
    await write(`${headText.slice(0, -closing.length)}"items": [\n`);
    for (const [index, summary] of summaries.entries()) {
      throwIfCancelled(signal);
      const detail = getItem(db, summary.id, (sha) => blobs.pathOf(sha));
      if (!detail) throw new HoldfastError('conflict', `item ${summary.id} disappeared from the library during the export`);
      const blobEntry = (path: string, sha256: string, size: number, mime: string, what: string) => {
        const onDisk = blobs.size(sha256);
        if (onDisk === null) missing.push(what);
        else if (onDisk !== size) missing.push(`${what} (${onDisk} bytes on disk, ${size} expected)`);
        entries.set(path, { path, size, deflate: shouldDeflate(mime), source: { kind: 'blob', sha256, what, path: blobs.pathOf(sha256) } });
      };
      // A .gltf's separate buffers and textures travel as scripts too, for the offline viewer.
      const modelResources = await gltfResourceFiles(detail.files, (sha) => blobs.pathOf(sha));
      const files = [...detail.files]
        .sort((a, b) => comparePaths(`${a.role}/${a.sha256}`, `${b.role}/${b.sha256}`))
        .map((f) => {
          const path = itemFilePath(detail.platform, detail.id, f.role, f.sha256, f.mime, f.fileName);
          blobEntry(path, f.sha256, f.size, f.mime, `${f.role} file of "${detail.name}"`);
          const file: BundleItem['files'][number] = {
            role: f.role,
            path: path.slice('data/'.length),
            sha256: f.sha256,
            size: f.size,
            mime: f.mime,
            fileName: f.fileName,
            sourceUrl: f.sourceUrl,
          };
          if (isViewableModel(f.role, f.mime, f.size) || modelResources.has(f.sha256)) {
            const scriptPath = modelScriptPath(f.sha256);
            entries.set(scriptPath, {
              path: scriptPath,
              size: modelScriptSize(f.sha256, f.size),
              // Base64 of an already-compressed file: deflate would win back a quarter at a
              // high CPU cost, so it is stored like the model itself.
              deflate: false,
              source: { kind: 'model-script', sha256: f.sha256, path: blobs.pathOf(f.sha256) },
            });
            file.viewerScript = scriptPath.slice('data/'.length);
          }
          return file;
        });
      const evidence = [...detail.evidence]
        .sort((a, b) => comparePaths(`${a.kind}/${a.file?.sha256 ?? ''}/${a.capturedAt}`, `${b.kind}/${b.file?.sha256 ?? ''}/${b.capturedAt}`))
        .map((e) => {
          later(e.capturedAt);
          let file: BundleItem['evidence'][number]['file'] = null;
          if (e.file) {
            const path = evidenceFilePath(detail.platform, detail.id, e.kind, e.file.sha256, e.file.mime);
            blobEntry(path, e.file.sha256, e.file.size, e.file.mime, `${e.kind} evidence of "${detail.name}"`);
            file = { path: path.slice('data/'.length), sha256: e.file.sha256, size: e.file.size, mime: e.file.mime };
          }
          return { kind: e.kind, level: e.level, capturedAt: e.capturedAt, summary: e.summary, file, verified: e.verified, verifyMessage: e.verifyMessage };
        });
      later(detail.firstSeenAt);
      later(detail.lastSeenAt);
      const item: BundleItem = {
        id: detail.id,
        accountId: detail.accountId,
        platform: detail.platform,
        externalId: detail.externalId,
        name: detail.name,
        description: detail.description,
        creator: detail.creator,
        issuer: detail.issuer,
        collection: detail.collection,
        serial: detail.serial,
        chain: detail.chain,
        contract: detail.contract,
        tokenId: detail.tokenId,
        txHash: detail.txHash,
        standard: detail.standard,
        mediaType: detail.mediaType,
        attributes: detail.attributes.map((a) => ({ trait: String(a.trait), value: String(a.value) })),
        metadata: detail.metadata,
        issuedAt: detail.issuedAt,
        acquiredAt: detail.acquiredAt,
        held: detail.held,
        evidenceLevel: detail.evidenceLevel,
        firstSeenAt: detail.firstSeenAt,
        lastSeenAt: detail.lastSeenAt,
        files,
        evidence,
      };
      const problems = validateHoldingsItem(item, index);
      if (problems.length) throw new HoldfastError('invalid_input', `item "${detail.name}" (${detail.id}) cannot be exported: ${problems.join('; ')}`);
      const text = JSON.stringify(item, null, 2).replace(/\n/g, '\n    ');
      await write(`    ${text}${index < summaries.length - 1 ? ',' : ''}\n`);
    }
    await write('  ]\n}\n');
  } finally {
    await handle.close();
  }
  if (missing.length) {
    throw new HoldfastError(
      'corrupt_blob',
      `${missing.length} file${missing.length === 1 ? ' is' : 's are'} missing from the library's blob store: ${missing.slice(0, 5).join('; ')}${missing.length > 5 ? '; …' : ''}. Sync the affected accounts again, then export.`,
    );
  }

  entries.set(HOLDINGS_JSON, { path: HOLDINGS_JSON, size: jsonBytes, deflate: true, source: { kind: 'holdings-json' } });
  entries.set(HOLDINGS_JS, {
    path: HOLDINGS_JS,
    size: Buffer.byteLength(HOLDINGS_JS_PREFIX) + jsonBytes + Buffer.byteLength(HOLDINGS_JS_SUFFIX),
    deflate: true,
    source: { kind: 'holdings-js' },
  });
  const schemaBytes = Buffer.from(schemaText);
  entries.set(`data/${SCHEMA_PATH_IN_DATA}`, { path: `data/${SCHEMA_PATH_IN_DATA}`, size: schemaBytes.length, deflate: true, source: { kind: 'bytes', bytes: schemaBytes } });
  // Read now (they are small): a rebuild of the viewer during a long export cannot mix versions.
  for (const asset of viewerAssets()) {
    const bytes = await readFile(asset.source);
    entries.set(asset.path, { path: asset.path, size: bytes.length, deflate: shouldDeflate(mimeOfPath(asset.path)), source: { kind: 'bytes', bytes } });
  }

  const holder = [...new Set(accounts.map((a) => a.name))].join(', ') || 'Holdfast user';
  return { entries: [...entries.values()].sort((a, b) => comparePaths(a.path, b.path)), newest, holder };
}
