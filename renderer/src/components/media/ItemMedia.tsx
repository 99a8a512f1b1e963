// The large media of an item page. An item may carry several renditions (a picture and its 3D
// model, a video and its poster, an HTML artwork): each gets a tab, the one matching the item's
// media type first.
//   3D      the three.js viewer (loaded on demand)
//   video   <video> with its poster; audio with its cover
//   image   <img>: PNG/JPEG/WebP/AVIF, animated GIF/WebP, and SVG — an <img> never runs an SVG's
//           scripts or loads what it links to
//   HTML    a sandboxed <iframe> (scripts, but an opaque origin and no network: see
//           main/core/blob/blob-response.ts for the policy the file is served with)
// The item's still — its 768 px preview (a render of the model, or made from the picture or the
// poster) — shows at once while the 3D viewer, the video or a large original loads, and stays
// when the browser cannot show the media itself.
import { Suspense, lazy, useMemo, useRef, useState } from 'react';
import './media.css';
import { useTranslation } from 'react-i18next';
import { generatedSource, thumbnailKey } from '../../../../main/common/preview-sources.js';
import type { ItemDetail, ItemFile } from '../../../../main/api/contract.js';
import { api } from '../../api/index.js';
import { MediaPlaceholder } from '../ItemCard.js';
import { FullscreenIcon } from '../icons.js';

const ModelView = lazy(() => import('../../viewer3d/ModelView.js'));

export type RenditionKind = 'model' | 'video' | 'audio' | 'html' | 'image';
export interface Rendition {
  kind: RenditionKind;
  file: ItemFile;
}

const isModel = (f: ItemFile) => /^model\/gltf/i.test(f.mime) || /\.(glb|gltf)$/i.test(f.fileName ?? '');
const isHtml = (f: ItemFile) => /^(text\/html|application\/xhtml\+xml)/i.test(f.mime);

/** The renditions an item can be shown as, best first. */
export function renditionsOf(item: ItemDetail): Rendition[] {
  const found: Rendition[] = [];
  const add = (kind: RenditionKind, file: ItemFile | undefined) => {
    if (file && !found.some((r) => r.kind === kind)) found.push({ kind, file });
  };
  const media = item.files.filter((f) => !['thumbnail', 'poster', 'metadata', 'certificate', 'ar-glb', 'ar-usdz'].includes(f.role));
  add('model', media.find((f) => (f.role === 'model' || f.role === 'animation' || f.role === 'other') && isModel(f)));
  add('video', media.find((f) => f.mime.startsWith('video/')));
  add('audio', media.find((f) => f.mime.startsWith('audio/')));
  add('html', media.find(isHtml));
  // A model's own textures (stored beside a .gltf) are not a picture of the item.
  const hasModel = found.some((r) => r.kind === 'model');
  add(
    'image',
    media.find((f) => (f.role === 'image' || f.role === 'animation') && f.mime.startsWith('image/')) ??
      (hasModel ? undefined : media.find((f) => f.mime.startsWith('image/'))),
  );
  const first: RenditionKind | null =
    item.mediaType === 'model' ? 'model' : item.mediaType === 'video' ? 'video' : item.mediaType === 'audio' ? 'audio' : item.mediaType === 'html' ? 'html' : item.mediaType === 'image' ? 'image' : null;
  return first ? [...found.filter((r) => r.kind === first), ...found.filter((r) => r.kind !== first)] : found;
}

/** Where the preview pipeline's 768 px thumbnail is recorded. */
const LARGE_PREVIEW_SOURCE = generatedSource(thumbnailKey('large'));

/** The picture that stands for the item while something else loads (or when nothing plays):
 *  the 768 px preview — quick to show, and for a model a render of the model itself — else the
 *  poster, another thumbnail or the image. */
export function stillOf(item: ItemDetail): ItemFile | null {
  const preview = item.files.find((f) => f.role === 'thumbnail' && f.sourceUrl === LARGE_PREVIEW_SOURCE);
  if (preview) return preview;
  const pick = (role: string) => item.files.filter((f) => f.role === role && f.mime.startsWith('image/')).sort((a, b) => b.size - a.size)[0];
  return pick('poster') ?? pick('thumbnail') ?? pick('image') ?? null;
}

/** A picture: the still at once, the original over it once it has loaded; the still with a note
 *  when the browser cannot show the original. */
function ImageView({ url, stillUrl, alt }: { url: string; stillUrl: string | undefined; alt: string }) {
  const { t } = useTranslation();
  const frameRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'shown' | 'failed'>('loading');
  const still = stillUrl && stillUrl !== url ? stillUrl : undefined;
  if (state === 'failed' && still) {
    return (
      <div className="media-frame" ref={frameRef}>
        <img className="detail-image" data-testid="media-still" src={still} alt={alt} />
        <p className="media-note">{t('detail.imageCantShow')}</p>
      </div>
    );
  }
  return (
    <div className={`media-frame${still && state === 'loading' ? ' media-still-frame' : ''}`} ref={frameRef}>
      {still && state === 'loading' ? <img className="detail-image media-still" data-testid="media-still" src={still} alt="" aria-hidden /> : null}
      <img
        className="detail-image"
        data-testid="media-image"
        data-state={state}
        src={url}
        alt={alt}
        decoding="async"
        onLoad={() => setState('shown')}
        onError={() => setState('failed')}
      />
      <FullscreenButton target={frameRef} />
    </div>
  );
}

/** A video with the still as its poster; the still with a note when it cannot be played here. */
function VideoView({ url, stillUrl, alt }: { url: string; stillUrl: string | undefined; alt: string }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  if (failed && stillUrl) {
    return (
      <div className="media-frame">
        <img className="detail-image" data-testid="media-still" src={stillUrl} alt={alt} />
        <p className="media-note">{t('detail.videoCantPlay')}</p>
      </div>
    );
  }
  return (
    <div className="media-frame">
      <video className="detail-video" data-testid="media-video" controls preload="metadata" playsInline src={url} poster={stillUrl} onError={() => setFailed(true)} />
    </div>
  );
}

/** A .gltf names its buffers and textures by relative path; the library keeps them as the
 *  item's other files, by file name (the viewer matches the two: model-scene.ts). */
function filesByName(item: ItemDetail): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of item.files) if (f.fileName) files[f.fileName] = api.mediaUrl(f.sha256);
  return files;
}

function FullscreenButton({ target }: { target: React.RefObject<HTMLElement | null> }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="media-fullscreen"
      title={t('viewer.fullscreen')}
      aria-label={t('viewer.fullscreen')}
      onClick={() => {
        if (document.fullscreenElement) void document.exitFullscreen();
        else void target.current?.requestFullscreen().catch(() => undefined);
      }}
    >
      <FullscreenIcon />
    </button>
  );
}

function RenditionView({ item, rendition, still }: { item: ItemDetail; rendition: Rendition; still: ItemFile | null }) {
  const { t } = useTranslation();
  const frameRef = useRef<HTMLDivElement>(null);
  const url = api.mediaUrl(rendition.file.sha256);
  const posterUrl = still ? api.mediaUrl(still.sha256) : undefined;
  const files = useMemo(() => filesByName(item), [item]);
  const alt = t('detail.mediaAlt', { name: item.name });
  switch (rendition.kind) {
    case 'model':
      return (
        <Suspense
          fallback={
            <div className="model-view model-loading">
              {posterUrl ? <img className="model-poster" src={posterUrl} alt="" /> : null}
              <div className="model-overlay" role="status">
                <span className="spinner" aria-hidden />
                <span>{t('viewer.loading')}</span>
              </div>
            </div>
          }
        >
          <ModelView url={url} posterUrl={posterUrl} files={files} label={alt} />
        </Suspense>
      );
    case 'video':
      return <VideoView url={url} stillUrl={posterUrl} alt={alt} />;
    case 'audio':
      return (
        <div className="detail-audio" data-testid="media-audio">
          {posterUrl ? <img className="detail-image" src={posterUrl} alt={t('detail.coverAlt', { name: item.name })} decoding="async" /> : <MediaPlaceholder item={item} size={64} />}
          <audio controls preload="metadata" src={url} />
        </div>
      );
    case 'html':
      return (
        <div className="media-frame media-html" ref={frameRef}>
          <iframe
            data-testid="media-html"
            title={alt}
            src={`${url}?frame=1`}
            sandbox="allow-scripts"
            referrerPolicy="no-referrer"
            allow=""
            loading="lazy"
          />
          <p className="media-note">{t('detail.htmlNote')}</p>
          <FullscreenButton target={frameRef} />
        </div>
      );
    default:
      return <ImageView url={url} stillUrl={posterUrl} alt={alt} />;
  }
}

export function ItemMedia({ item }: { item: ItemDetail }) {
  const { t } = useTranslation();
  const renditions = useMemo(() => renditionsOf(item), [item]);
  const still = useMemo(() => stillOf(item), [item]);
  const [chosen, setChosen] = useState<RenditionKind | null>(null);
  const current = renditions.find((r) => r.kind === chosen) ?? renditions[0] ?? null;

  if (!current) {
    return (
      <div className="media-empty">
        {still ? (
          <img className="detail-image" data-testid="media-still" src={api.mediaUrl(still.sha256)} alt={t('detail.mediaAlt', { name: item.name })} />
        ) : (
          <MediaPlaceholder item={item} size={64} />
        )}
        <p className="media-note">{item.files.length ? t('detail.mediaNote') : t('detail.noMedia')}</p>
      </div>
    );
  }
  return (
    <div className="item-media">
      {renditions.length > 1 ? (
        <div className="segmented media-tabs" role="tablist" aria-label={t('detail.renditions')}>
          {renditions.map((r) => (
            <button
              key={r.kind}
              type="button"
              role="tab"
              data-testid={`rendition-${r.kind}`}
              aria-selected={r.kind === current.kind}
              className={r.kind === current.kind ? 'active' : undefined}
              onClick={() => setChosen(r.kind)}
            >
              {t(`detail.rendition.${r.kind}`)}
            </button>
          ))}
        </div>
      ) : null}
      <RenditionView key={current.kind} item={item} rendition={current} still={still} />
    </div>
  );
}
