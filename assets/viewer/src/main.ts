// The offline viewer inside every provenance bundle: a grid of the items, a page per item with
// its media (pictures, video, audio, 3D), its details, files and evidence. It runs from the
// unzipped folder over file:// with no network: holdings arrive through holdings.js, media
// through plain <img>/<video>/<audio> tags, 3D models through per-model scripts.
import type { BundleEvidence, BundleFile, BundleItem, HoldingsV1 } from '../../../main/core/export/holdings-format.js';
import { initialLang, rememberLang, translator, type Key, type Lang, type T } from './i18n.js';
import { showModel, type ModelView } from './model-view.js';

declare global {
  interface Window {
    HOLDFAST_HOLDINGS?: HoldingsV1;
  }
}

type Child = Node | string | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

const holdings = window.HOLDFAST_HOLDINGS;
const app = document.getElementById('app')!;
let lang: Lang = initialLang();
let t: T = translator(lang);
let query = '';
let modelView: ModelView | null = null;

const platformName = (id: string) => {
  const p = holdings?.platforms.find((x) => x.id === id);
  if (!p) return id;
  return lang === 'zh-CN' && p.nameZh ? p.nameZh : p.name;
};
const accountName = (id: string) => holdings?.accounts.find((a) => a.id === id)?.name ?? id;

const PREVIEW_ROLES = ['thumbnail', 'image', 'poster', 'animation'];
function previewOf(item: BundleItem): BundleFile | undefined {
  for (const role of PREVIEW_ROLES) {
    const file = item.files.find((f) => f.role === role && f.mime.startsWith('image/'));
    if (file) return file;
  }
  return undefined;
}

function levelBadge(level: number): HTMLElement {
  return h('span', { class: `level level-${level}`, title: t(`level${level}` as Key) }, `L${level}`);
}

function matches(item: BundleItem, q: string): boolean {
  if (!q) return true;
  const hay = [item.name, item.creator, item.issuer, item.collection, item.serial, item.tokenId, item.contract, item.txHash, platformName(item.platform)]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => hay.includes(term));
}

function header(): HTMLElement {
  const search = h('input', { type: 'search', class: 'search', placeholder: t('search'), 'aria-label': t('search') });
  search.value = query;
  search.addEventListener('input', () => {
    query = search.value;
    renderGrid(false);
  });
  const switchLang = h('button', { type: 'button', class: 'lang', 'data-testid': 'lang' }, t('language'));
  switchLang.addEventListener('click', () => {
    lang = lang === 'en' ? 'zh-CN' : 'en';
    rememberLang(lang);
    t = translator(lang);
    route();
  });
  return h(
    'header',
    { class: 'top' },
    h('a', { href: '#/', class: 'brand' }, h('strong', {}, 'Holdfast'), ' ', t('title')),
    h('span', { class: 'count' }, t('items', { n: holdings?.items.length ?? 0 })),
    location.hash.startsWith('#/item/') ? null : search,
    switchLang,
  );
}

function footer(): HTMLElement {
  return h(
    'footer',
    { class: 'foot' },
    h('details', {}, h('summary', {}, t('howToVerify')), h('p', {}, t('howToVerifyText'))),
    h('p', { class: 'muted' }, t('generatedBy', { version: holdings?.generator.version ?? '' })),
  );
}

function card(item: BundleItem): HTMLElement {
  const preview = previewOf(item);
  return h(
    'a',
    { class: 'card', href: `#/item/${item.id}`, 'data-testid': 'item-card' },
    h('div', { class: 'thumb' }, preview ? h('img', { src: preview.path, alt: '', loading: 'lazy' }) : h('span', { class: 'kind' }, item.mediaType)),
    h(
      'div',
      { class: 'card-text' },
      h('div', { class: 'name' }, item.name),
      h('div', { class: 'meta' }, [platformName(item.platform), item.serial].filter(Boolean).join(' · ')),
      h('div', { class: 'badges' }, levelBadge(item.evidenceLevel), item.held ? null : h('span', { class: 'gone' }, t('notHeld'))),
    ),
  );
}

function renderGrid(full = true): void {
  const items = (holdings?.items ?? []).filter((i) => matches(i, query));
  const grid = items.length ? h('div', { class: 'grid', 'data-testid': 'grid' }, ...items.map(card)) : h('p', { class: 'empty' }, t('noMatch'));
  if (!full) {
    document.querySelector('.grid, .empty')?.replaceWith(grid);
    return;
  }
  app.replaceChildren(header(), h('main', {}, grid), footer());
}

function field(key: Key, value: string | null | undefined, mono = false): HTMLElement | null {
  if (value === null || value === undefined || value === '') return null;
  return h('div', { class: 'field' }, h('dt', {}, t(key)), h('dd', mono ? { class: 'mono' } : {}, value));
}

function media(item: BundleItem): HTMLElement {
  const stage = h('div', { class: 'stage', 'data-testid': 'stage' });
  const models = item.files.filter((f) => f.role === 'model');
  const model = models.find((f) => f.viewerScript);
  const video = item.files.find((f) => f.mime.startsWith('video/'));
  const audio = item.files.find((f) => f.mime.startsWith('audio/'));
  const picture = item.files.find((f) => (f.role === 'image' || f.role === 'animation') && f.mime.startsWith('image/')) ?? previewOf(item);
  // The still and a sentence saying why the 3D view is not there.
  const stillWith = (message: string) =>
    stage.replaceChildren(picture ? h('img', { src: picture.path, alt: item.name }) : '', h('p', { class: 'error', 'data-testid': 'model-message' }, message));
  if (model?.viewerScript) {
    stage.classList.add('stage-3d');
    stage.append(h('p', { class: 'muted' }, t('loadingModel')));
    // A .gltf's buffers and textures: the item's other files the export wrapped as scripts.
    const resources = item.files.filter((f) => f !== model && f.viewerScript).map((f) => ({ sha256: f.sha256, viewerScript: f.viewerScript!, fileName: f.fileName }));
    showModel(stage, { sha256: model.sha256, viewerScript: model.viewerScript, fileName: model.fileName }, resources)
      .then((view) => {
        modelView = view;
        stage.append(h('p', { class: 'hint' }, t('dragHint')));
      })
      .catch((error: unknown) => {
        if (!stage.isConnected) return;
        stage.classList.remove('stage-3d');
        stillWith(t('modelFailed', { reason: error instanceof Error ? error.message : String(error) }));
      });
  } else if (models.length && !video) {
    // Too large to carry as a script, or a format the viewer does not read (USDZ…).
    const first = models[0]!;
    stillWith(t('modelNotShown', { file: first.fileName ?? first.path.split('/').pop() ?? first.path, size: formatBytes(first.size) }));
  } else if (video) {
    const player = h('video', { src: video.path, controls: '', playsinline: '', ...(picture ? { poster: picture.path } : {}) });
    player.addEventListener('error', () => notShown(stage, item, video));
    stage.append(player);
  } else if (audio) {
    if (picture) stage.append(h('img', { src: picture.path, alt: item.name }));
    stage.append(h('audio', { src: audio.path, controls: '' }));
  } else if (picture) {
    const img = h('img', { src: picture.path, alt: item.name });
    img.addEventListener('error', () => notShown(stage, item, picture));
    stage.append(img);
  }
  return stage;
}

/** Media this browser cannot decode (a TIFF or HEIC picture, a video codec it lacks): another
 *  picture of the item if it has one (its thumbnail or poster), and which file to open instead. */
function notShown(stage: HTMLElement, item: BundleItem, failed: BundleFile): void {
  const still = PREVIEW_ROLES.map((role) => item.files.find((f) => f !== failed && f.role === role && f.mime.startsWith('image/'))).find(Boolean);
  const name = failed.fileName ?? failed.path.split('/').pop() ?? failed.path;
  const message = h('p', { class: 'error', 'data-testid': 'media-message' }, t('mediaNotShown', { file: name, mime: failed.mime }));
  stage.replaceChildren(...(still ? [h('img', { src: still.path, alt: item.name })] : []), message);
}

function fileRow(file: BundleFile): HTMLElement {
  return h(
    'li',
    {},
    h('a', { href: file.path, target: '_blank', rel: 'noopener' }, file.fileName ?? file.path.split('/').pop() ?? file.path),
    ` · ${file.role} · ${file.mime} · ${formatBytes(file.size)}`,
    h('div', { class: 'mono small' }, `SHA-256 ${file.sha256}`),
  );
}

function evidenceRow(e: BundleEvidence): HTMLElement {
  const recorded = e.verified === true ? t('verifiedYes') : e.verified === false ? t('verifiedNo') : t('verifiedUnknown');
  const summary = Object.entries(e.summary).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return h(
    'li',
    { class: 'evidence', 'data-testid': 'evidence' },
    h('div', {}, levelBadge(e.level), ' ', h('strong', {}, e.kind), ` · ${t('captured')} ${e.capturedAt.slice(0, 10)} · ${t('recorded')}: ${recorded}`),
    e.verifyMessage ? h('div', { class: 'muted' }, e.verifyMessage) : null,
    summary.length
      ? h('dl', { class: 'summary' }, ...summary.map(([k, v]) => h('div', { class: 'field' }, h('dt', {}, k), h('dd', { class: 'mono' }, typeof v === 'string' ? v : JSON.stringify(v)))))
      : null,
    e.file ? h('a', { href: e.file.path, target: '_blank', rel: 'noopener' }, `${t('open')} ${t('document')} (${e.file.mime}, ${formatBytes(e.file.size)})`) : null,
  );
}

function renderItem(id: string): void {
  const item = holdings?.items.find((i) => i.id === id);
  if (!item) {
    location.hash = '#/';
    return;
  }
  const details = h(
    'dl',
    { class: 'fields' },
    field('field_platform', platformName(item.platform)),
    field('field_account', accountName(item.accountId)),
    field('field_creator', item.creator),
    field('field_issuer', item.issuer),
    field('field_collection', item.collection),
    field('field_serial', item.serial),
    field('field_chain', item.chain),
    field('field_contract', item.contract, true),
    field('field_tokenId', item.tokenId, true),
    field('field_txHash', item.txHash, true),
    field('field_standard', item.standard),
    field('field_issuedAt', item.issuedAt),
    field('field_acquiredAt', item.acquiredAt),
    field('field_externalId', item.externalId, true),
    field('field_firstSeenAt', item.firstSeenAt),
    field('field_lastSeenAt', item.lastSeenAt),
  );
  const page = h(
    'article',
    { class: 'item', 'data-testid': 'item-page' },
    h('a', { href: '#/', class: 'back' }, t('back')),
    h('h1', {}, item.name, ' ', levelBadge(item.evidenceLevel), item.held ? null : h('span', { class: 'gone' }, t('notHeld'))),
    h('p', { class: 'muted' }, t(`level${item.evidenceLevel}` as Key)),
    media(item),
    item.description ? h('section', {}, h('h2', {}, t('description')), h('p', { class: 'description' }, item.description)) : null,
    h('section', {}, h('h2', {}, t('details')), details),
    item.attributes.length
      ? h('section', {}, h('h2', {}, t('attributes')), h('dl', { class: 'fields' }, ...item.attributes.map((a) => h('div', { class: 'field' }, h('dt', {}, a.trait), h('dd', {}, a.value)))))
      : null,
    h('section', {}, h('h2', {}, t('evidence')), item.evidence.length ? h('ul', { class: 'list' }, ...item.evidence.map(evidenceRow)) : h('p', { class: 'muted' }, t('noEvidence'))),
    h('section', {}, h('h2', {}, t('files')), h('ul', { class: 'list' }, ...item.files.map(fileRow))),
  );
  app.replaceChildren(header(), h('main', {}, page), footer());
  window.scrollTo(0, 0);
}

function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1000).toFixed(1)} KB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

function route(): void {
  modelView?.dispose();
  modelView = null;
  document.documentElement.lang = lang;
  document.title = `Holdfast · ${t('title')}`;
  if (!holdings) {
    app.replaceChildren(h('p', { class: 'error' }, 'holdings.js is missing or damaged: this folder is not a complete Holdfast bundle.'));
    return;
  }
  const match = /^#\/item\/([0-9a-f]{24})$/.exec(location.hash);
  if (match) renderItem(match[1]!);
  else renderGrid();
}

window.addEventListener('hashchange', route);
route();
