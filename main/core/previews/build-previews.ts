// Builds what is missing for each item: its AR pair (GLB + USDZ) and its thumbnails (256 and
// 768 px WebP + a blurred placeholder). A stage is up to date when it was built by this
// pipeline version from the same source file; `rebuild` redoes everything. One item that fails
// is recorded (status 'error' or 'fallback' with a message) and never stops the rest.
import { readFile } from 'node:fs/promises';
import type { FileRole } from '../../api/contract.js';
import {
  previewItemIds,
  previewSourceItem,
  saveStage,
  type GeneratedFile,
  type PreviewRecord,
  type PreviewSourceFile,
  type PreviewSourceItem,
  type PreviewStage,
} from '../db/previews.js';
import type { Library } from '../library.js';
import { GENERATED_SOURCE_PREFIX, thumbnailKey } from '../../common/preview-sources.js';
import { DEFAULT_ARTWORK_LONG_SIDE_M, makeFramedArtwork } from '../ar/framed-artwork.js';
import { modelStats, optimizeForAr, readModel, reasonToOptimize, writeGlb } from '../ar/model-ar.js';
import { gltfToUsdz } from '../ar/usdz-from-gltf.js';
import { ImageRefused } from './image-input.js';
import { acquireChromium } from './render3d/chromium.js';
import { defaultRenderer3D, RendererUnavailable, type Renderer3D, type Renderer3DLease, type Renderer3DSource } from './render3d/renderer.js';
import { makeFallbackThumbnails, makeThumbnails, THUMBNAIL_SIZES, type Thumbnails } from './thumbnails.js';

/** Bump when what a stage produces changes, so existing libraries rebuild it. */
export const PIPELINE_VERSION: Record<PreviewStage, number> = { thumbnail: 1, ar: 1 };

export const USDZ_MIME = 'model/vnd.usdz+zip';
export const GLB_MIME = 'model/gltf-binary';
const RENDER_SIZE = 768;
const NO_BROWSER = '3D thumbnails need a browser';
const PROGRESS_INTERVAL_MS = 150;

export interface PreviewProgress {
  itemsTotal: number;
  itemsDone: number;
  /** Stages built in this run (the rest were up to date). */
  built: number;
  failed: number;
  currentItem: string | null;
  itemsPerSecond: number;
  etaSeconds: number | null;
}

export interface BuildPreviewsOptions {
  /** Only these items (default: every item in the library). */
  itemIds?: readonly string[];
  /** Rebuild even what is up to date. */
  rebuild?: boolean;
  signal?: AbortSignal;
  onProgress?(progress: PreviewProgress): void;
  /** How 3D models are rendered: 'auto' (default, unless HOLDFAST_RENDER3D=off) takes the
   *  process's default renderer on first need (the Electron app's offscreen window, see
   *  setDefaultRenderer3D), else launches Chromium; null skips rendering (thumbnails come from
   *  the poster); or a renderer the caller owns. */
  renderer3d?: Renderer3D | 'auto' | null;
  /** Long side of a framed picture in AR, in metres (default 0.4). */
  artworkLongSideMeters?: number;
}

export interface BuildPreviewsResult {
  items: number;
  built: number;
  upToDate: number;
  cancelled: boolean;
  problems: Array<{ itemId: string; name: string; stage: PreviewStage; status: 'error' | 'fallback' | 'none'; message: string }>;
  /** Which renderer drew the 3D thumbnails, or why none could. */
  renderer: string | null;
  rendererProblem: string | null;
}

const PICTURE = /^image\//;
const isPicture = (f: PreviewSourceFile) => PICTURE.test(f.mime) && !f.sourceUrl?.startsWith(GENERATED_SOURCE_PREFIX);
const isModel = (f: PreviewSourceFile) => f.role === 'model' || f.mime === 'model/gltf-binary' || f.mime === 'model/gltf+json';

/** The picture that stands for an item: its own image for pictures, else a poster or cover. */
export function pictureSource(item: PreviewSourceItem): PreviewSourceFile | null {
  const byRole = (...roles: FileRole[]) => {
    for (const role of roles) {
      const found = item.files.find((f) => f.role === role && isPicture(f));
      if (found) return found;
    }
    return null;
  };
  return item.mediaType === 'image' ? byRole('image', 'animation', 'poster') : byRole('poster', 'image', 'animation');
}

export function modelSource(item: PreviewSourceItem): PreviewSourceFile | null {
  const models = item.files.filter((f) => isModel(f) && f.role !== 'ar-glb');
  return models.find((f) => f.mime === 'model/gltf-binary') ?? models[0] ?? null;
}

export async function buildPreviews(library: Library, options: BuildPreviewsOptions = {}): Promise<BuildPreviewsResult> {
  const ids = previewItemIds(library.db, options.itemIds);
  const signal = options.signal;
  const result: BuildPreviewsResult = { items: ids.length, built: 0, upToDate: 0, cancelled: false, problems: [], renderer: null, rendererProblem: null };
  // HOLDFAST_RENDER3D=off: never start a browser (servers, CI without Chromium); posters are used.
  const defaultRenderer = process.env.HOLDFAST_RENDER3D === 'off' ? null : 'auto';
  const renderer = new RendererSlot(options.renderer3d === undefined ? defaultRenderer : options.renderer3d);
  const artworkSize = options.artworkLongSideMeters ?? DEFAULT_ARTWORK_LONG_SIDE_M;
  const started = Date.now();
  const progress: PreviewProgress = { itemsTotal: ids.length, itemsDone: 0, built: 0, failed: 0, currentItem: null, itemsPerSecond: 0, etaSeconds: null };
  let lastEmit = 0;
  const emit = (force = false) => {
    const now = Date.now();
    if (!options.onProgress || (!force && now - lastEmit < PROGRESS_INTERVAL_MS)) return;
    lastEmit = now;
    const seconds = Math.max((now - started) / 1000, 0.001);
    progress.itemsPerSecond = progress.itemsDone / seconds;
    progress.etaSeconds = progress.itemsDone > 0 ? ((progress.itemsTotal - progress.itemsDone) * seconds) / progress.itemsDone : null;
    options.onProgress({ ...progress });
  };
  emit(true);

  try {
    for (const id of ids) {
      if (signal?.aborted) break;
      const item = previewSourceItem(library.db, id);
      if (!item) continue;
      progress.currentItem = item.name;
      emit();
      const ctx: StageContext = { library, item, rebuild: options.rebuild ?? false, renderer, artworkSize, signal };
      for (const stage of [buildArStage, buildThumbnailStage]) {
        if (signal?.aborted) break;
        const outcome = await stage(ctx);
        if (outcome === 'up-to-date') {
          result.upToDate++;
          continue;
        }
        result.built++;
        progress.built++;
        if (outcome.status !== 'ok') {
          if (outcome.status === 'error') progress.failed++;
          result.problems.push({ itemId: item.id, name: item.name, stage: outcome.stage, status: outcome.status, message: outcome.message ?? '' });
        }
      }
      if (signal?.aborted) break;
      progress.itemsDone++;
      emit();
    }
  } finally {
    result.renderer = renderer.name;
    result.rendererProblem = renderer.problem;
    await renderer.close();
  }
  result.cancelled = Boolean(signal?.aborted);
  progress.currentItem = null;
  emit(true);
  return result;
}

interface StageContext {
  library: Library;
  item: PreviewSourceItem;
  rebuild: boolean;
  renderer: RendererSlot;
  artworkSize: number;
  signal?: AbortSignal;
}

type StageRecord = Omit<PreviewRecord, 'builtAt'>;
type StageOutcome = 'up-to-date' | StageRecord;

function upToDate(ctx: StageContext, stage: PreviewStage, source: string | null, sourceSha256: string | null): boolean {
  const previous = ctx.item.previews[stage];
  return (
    !ctx.rebuild &&
    previous !== undefined &&
    previous.version === PIPELINE_VERSION[stage] &&
    previous.source === source &&
    previous.sourceSha256 === sourceSha256
  );
}

async function readBlob(library: Library, sha256: string): Promise<Buffer> {
  return readFile(library.blobs.pathOf(sha256));
}

async function storeFile(library: Library, bytes: Uint8Array, role: FileRole, mime: string, fileName: string, key: string): Promise<GeneratedFile> {
  const stored = await library.blobs.put(bytes);
  return { role, sha256: stored.sha256, size: stored.size, mime, fileName, key };
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

// ── AR ─────────────────────────────────────────────────────────────────────────────────────

async function buildArStage(ctx: StageContext): Promise<StageOutcome> {
  const { library, item } = ctx;
  const model = modelSource(item);
  const picture = pictureSource(item);
  const framedSource = `framed-artwork@${ctx.artworkSize}m`;
  const base = { itemId: item.id, stage: 'ar' as const, version: PIPELINE_VERSION.ar, placeholder: null };
  const save = (record: StageRecord, files: GeneratedFile[]) => {
    saveStage(library.db, record, ['ar-glb', 'ar-usdz'], files);
    return record;
  };

  if (model) {
    if (upToDate(ctx, 'ar', 'model', model.sha256)) return 'up-to-date';
    try {
      const bytes = await readBlob(library, model.sha256);
      const siblings = new Map<string, Uint8Array>();
      for (const f of item.files) if (f.fileName && f.sha256 !== model.sha256 && !f.sourceUrl?.startsWith(GENERATED_SOURCE_PREFIX)) siblings.set(f.fileName, await readBlob(library, f.sha256));
      const doc = await readModel({ bytes, mime: model.mime, fileName: model.fileName }, siblings);
      const stats = modelStats(doc);
      const reason = reasonToOptimize({ bytes, mime: model.mime, fileName: model.fileName }, stats);
      const files: GeneratedFile[] = [];
      let message: string | null = null;
      if (reason === null) {
        // The original is what phones get: same bytes, same blob, attached in its AR role.
        files.push({ role: 'ar-glb', sha256: model.sha256, size: model.size, mime: GLB_MIME, fileName: model.fileName ?? 'model.glb', key: 'ar/glb-original' });
      } else {
        const done = await optimizeForAr(doc, stats);
        files.push(await storeFile(library, await writeGlb(doc), 'ar-glb', GLB_MIME, 'ar.glb', 'ar/glb'));
        message = `AR-optimized GLB made because ${reason}${done.length ? ` (${done.join('; ')})` : ''}`;
      }
      files.push(await storeFile(library, await gltfToUsdz(doc, { title: item.name }), 'ar-usdz', USDZ_MIME, 'ar.usdz', 'ar/usdz'));
      return save({ ...base, status: 'ok', source: 'model', sourceSha256: model.sha256, message }, files);
    } catch (error) {
      const problem = `the 3D model could not be prepared for AR: ${errorText(error)}`;
      if (!picture) return save({ ...base, status: 'error', source: 'model', sourceSha256: model.sha256, message: problem }, []);
      // Still something to hang on the wall: the poster, framed.
      try {
        const files = await framedArtworkFiles(ctx, picture);
        return save({ ...base, status: 'fallback', source: 'model', sourceSha256: model.sha256, message: `${problem}; the poster is offered as a framed picture instead` }, files);
      } catch (second) {
        return save({ ...base, status: 'error', source: 'model', sourceSha256: model.sha256, message: `${problem}; the poster could not be used either: ${errorText(second)}` }, []);
      }
    }
  }

  if (!picture) {
    if (upToDate(ctx, 'ar', null, null)) return 'up-to-date';
    return save({ ...base, status: 'none', source: null, sourceSha256: null, message: 'the item has no picture or 3D model to place in AR' }, []);
  }
  if (upToDate(ctx, 'ar', framedSource, picture.sha256)) return 'up-to-date';
  try {
    return save({ ...base, status: 'ok', source: framedSource, sourceSha256: picture.sha256, message: null }, await framedArtworkFiles(ctx, picture));
  } catch (error) {
    const message = error instanceof ImageRefused ? error.message : `the framed picture could not be made: ${errorText(error)}`;
    return save({ ...base, status: 'error', source: framedSource, sourceSha256: picture.sha256, message }, []);
  }
}

async function framedArtworkFiles(ctx: StageContext, picture: PreviewSourceFile): Promise<GeneratedFile[]> {
  const framed = await makeFramedArtwork(ctx.library.blobs.pathOf(picture.sha256), { longSideMeters: ctx.artworkSize, title: ctx.item.name });
  return [
    await storeFile(ctx.library, await writeGlb(framed.doc), 'ar-glb', GLB_MIME, 'framed.glb', 'ar/glb'),
    await storeFile(ctx.library, await gltfToUsdz(framed.doc, { title: ctx.item.name, anchoring: 'vertical' }), 'ar-usdz', USDZ_MIME, 'framed.usdz', 'ar/usdz'),
  ];
}

// ── Thumbnails ─────────────────────────────────────────────────────────────────────────────

async function thumbnailFiles(library: Library, t: Omit<Thumbnails, 'width' | 'height'>, prefix = 'thumb'): Promise<GeneratedFile[]> {
  return [
    await storeFile(library, t.small, 'thumbnail', 'image/webp', `${prefix}-${THUMBNAIL_SIZES.small}.webp`, thumbnailKey('small')),
    await storeFile(library, t.large, 'thumbnail', 'image/webp', `${prefix}-${THUMBNAIL_SIZES.large}.webp`, thumbnailKey('large')),
  ];
}

async function buildThumbnailStage(ctx: StageContext): Promise<StageOutcome> {
  const { library, item } = ctx;
  const base = { itemId: item.id, stage: 'thumbnail' as const, version: PIPELINE_VERSION.thumbnail };
  const save = (record: StageRecord, files: GeneratedFile[]) => {
    saveStage(library.db, record, ['thumbnail'], files);
    return record;
  };
  const model = modelSource(item);
  const picture = pictureSource(item);

  const fromPicture = async (source: string, file: PreviewSourceFile, note: string | null): Promise<StageRecord> => {
    try {
      // By path: libvips reads the blob as it decodes, so a 40 MB picture is never held whole in
      // memory (as a Buffer it waited for the garbage collector: bench/thumbnails peak RSS).
      const t = await makeThumbnails(library.blobs.pathOf(file.sha256));
      return save({ ...base, status: note ? 'fallback' : 'ok', source, sourceSha256: file.sha256, message: note, placeholder: t.placeholder }, await thumbnailFiles(library, t));
    } catch (error) {
      // A broken picture gets the neutral placeholder, and the reason is kept for the item page.
      const fallback = await makeFallbackThumbnails();
      const message = `${note ? `${note}; ` : ''}${error instanceof ImageRefused ? error.message : `thumbnail failed: ${errorText(error)}`}`;
      return save(
        { ...base, status: 'error', source, sourceSha256: file.sha256, message, placeholder: fallback.placeholder },
        await thumbnailFiles(library, fallback, 'placeholder'),
      );
    }
  };

  if (model) {
    const previous = item.previews.thumbnail;
    const rendered = previous?.source === 'render3d';
    // A thumbnail that fell back to the poster for want of a browser is retried once one is there.
    const retry = !rendered && (previous?.message?.startsWith(NO_BROWSER) ?? false) && ctx.renderer.mayRender() && (await ctx.renderer.get()) !== null;
    if (!retry && upToDate(ctx, 'thumbnail', rendered ? 'render3d' : (previous?.source ?? null), model.sha256)) return 'up-to-date';
    const arGlb = previewSourceItem(library.db, item.id)?.files.find((f) => f.role === 'ar-glb');
    const renderer = await ctx.renderer.get();
    let why: string;
    if (renderer && arGlb) {
      try {
        const png = await renderer.render({ glb: await readBlob(library, arGlb.sha256), size: RENDER_SIZE }, ctx.signal);
        const t = await makeThumbnails(png);
        return save({ ...base, status: 'ok', source: 'render3d', sourceSha256: model.sha256, message: null, placeholder: t.placeholder }, await thumbnailFiles(library, t));
      } catch (error) {
        if (ctx.signal?.aborted) throw error;
        why = `the 3D model could not be rendered: ${errorText(error)}`;
      }
    } else {
      why = !arGlb ? 'the 3D model could not be read, so it was not rendered' : `${NO_BROWSER}: ${ctx.renderer.problem ?? 'no renderer'}`;
    }
    if (picture) {
      const record = await fromPicture('poster', picture, `${why}; the poster is used instead`);
      // Keyed by the model, so a new poster alone does not hide a later render.
      saveStage(library.db, { ...record, sourceSha256: model.sha256 }, [], []);
      return { ...record, sourceSha256: model.sha256 };
    }
    return save({ ...base, status: 'error', source: 'poster', sourceSha256: model.sha256, message: `${why}; there is no poster either`, placeholder: null }, []);
  }

  const video = picture ? null : item.files.find((f) => f.role === 'video' || (f.role === 'animation' && f.mime.startsWith('video/')));
  if (video) {
    // No poster: a frame of the video itself, grabbed in the browser that renders 3D models.
    const waitingForBrowser =
      (item.previews.thumbnail?.message?.includes('needs a browser') ?? false) && ctx.renderer.mayRender() && (await ctx.renderer.get()) !== null;
    if (upToDate(ctx, 'thumbnail', 'video-frame', video.sha256) && !waitingForBrowser) return 'up-to-date';
    const browser = await ctx.renderer.get();
    let why = `a frame of the video needs a browser: ${ctx.renderer.problem ?? 'no renderer'}`;
    if (browser?.videoFrame) {
      try {
        const png = await browser.videoFrame({ video: await readBlob(library, video.sha256), size: RENDER_SIZE }, ctx.signal);
        const t = await makeThumbnails(png);
        return save({ ...base, status: 'ok', source: 'video-frame', sourceSha256: video.sha256, message: null, placeholder: t.placeholder }, await thumbnailFiles(library, t));
      } catch (error) {
        if (ctx.signal?.aborted) throw error;
        why = `no frame could be taken from the video: ${errorText(error)}`;
      }
    }
    return save(
      { ...base, status: 'none', source: 'video-frame', sourceSha256: video.sha256, message: `the video came without a poster and ${why}; the grid shows a video placeholder`, placeholder: null },
      [],
    );
  }

  if (!picture) {
    if (upToDate(ctx, 'thumbnail', null, null)) return 'up-to-date';
    const message =
      item.mediaType === 'video'
        ? 'the video came without a poster picture; the grid shows a video placeholder (open the item to play it)'
        : item.mediaType === 'audio'
          ? 'the audio came without cover art; the grid shows an audio placeholder'
          : 'the item has no picture to make a thumbnail from';
    return save({ ...base, status: 'none', source: null, sourceSha256: null, message, placeholder: null }, []);
  }
  const source = picture.role === 'poster' ? 'poster' : 'image';
  if (upToDate(ctx, 'thumbnail', source, picture.sha256)) return 'up-to-date';
  return fromPicture(source, picture, null);
}

/** The 3D renderer of one run: made on first need, closed at the end if this run made it. */
class RendererSlot {
  private lease: Promise<Renderer3DLease | null> | null = null;
  problem: string | null = null;
  name: string | null = null;

  constructor(private readonly choice: Renderer3D | 'auto' | null) {
    if (choice === null) this.problem = '3D rendering is turned off for this run';
    if (choice && typeof choice === 'object') this.name = choice.name;
  }

  /** Whether a render may be attempted (not known to be impossible). */
  mayRender(): boolean {
    return this.choice !== null && this.problem === null;
  }

  get(): Promise<Renderer3D | null> {
    if (this.choice === null) return Promise.resolve(null);
    if (typeof this.choice === 'object') return Promise.resolve(this.choice);
    const source: Renderer3DSource = defaultRenderer3D() ?? acquireChromium;
    this.lease ??= source().then(
      (lease) => {
        this.name = lease.renderer.name;
        return lease;
      },
      (error: unknown) => {
        this.problem = error instanceof RendererUnavailable ? error.message : `the 3D renderer failed to start: ${errorText(error)}`;
        return null;
      },
    );
    return this.lease.then((lease) => lease?.renderer ?? null);
  }

  async close(): Promise<void> {
    await (await this.lease)?.release();
  }
}
