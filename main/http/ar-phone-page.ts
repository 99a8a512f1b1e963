// The page a phone on the same network opens to place an item in the room (`holdfast serve
// --lan`): Android gets a Scene Viewer link to the AR GLB, iPhone and iPad an AR Quick Look
// link to the USDZ. Each URL carries a key that unlocks only this item's page and AR files
// (see core/ar/phone-access.ts); the page has no script and loads nothing from elsewhere.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Backend } from '../api/backend.js';
import { blobResponse } from '../core/blob/blob-response.js';
import { phoneKeyMatches } from '../core/ar/phone-access.js';
import type { OpOutput } from '../api/contract.js';

const TEXT = {
  en: {
    title: 'View in your room',
    android: 'Android: open in AR (Scene Viewer)',
    ios: 'iPhone / iPad: tap the picture to open AR Quick Look',
    framed: 'A framed picture, {size} cm on its long side: point the phone at a wall.',
    model: 'A 3D object at its real size: point the phone at the floor or a table.',
    files: 'Files',
    none: 'This item has no AR files yet. On the computer, run `holdfast previews`.',
    denied: 'This link is not valid (it belongs to another item or an older server). Scan the QR code on the item page again.',
  },
  zh: {
    title: '在房间中查看',
    android: '安卓：用 AR 打开（Scene Viewer）',
    ios: 'iPhone / iPad：轻点图片，用“AR 快速查看”打开',
    framed: '装裱好的画作，长边 {size} 厘米：请将手机对准墙面。',
    model: '真实尺寸的三维物件：请将手机对准地面或桌面。',
    files: '文件',
    none: '此藏品还没有 AR 文件。请在电脑上运行 `holdfast previews`。',
    denied: '此链接无效（属于其他藏品或旧的服务）。请重新扫描藏品页上的二维码。',
  },
};

const PAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function language(req: IncomingMessage): keyof typeof TEXT {
  return /^\s*zh/i.test(req.headers['accept-language'] ?? '') ? 'zh' : 'en';
}

/** Answers /ar/<itemId>[/model.glb|/model.usdz|/poster.webp]?k=<key>; returns false for other
 *  paths so the caller goes on with its own routes. */
export async function handleArPhoneRequest(req: IncomingMessage, res: ServerResponse, url: URL, backend: Backend, secret: string): Promise<boolean> {
  const m = /^\/ar\/([A-Za-z0-9_-]{1,100})(?:\/(model\.glb|model\.usdz|poster\.webp))?$/.exec(url.pathname);
  if (!m) return false;
  const [, itemId, file] = m as unknown as [string, string, string | undefined];
  const key = url.searchParams.get('k');
  const t = TEXT[language(req)];
  if (!phoneKeyMatches(secret, itemId, key)) {
    res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(t.denied);
    return true;
  }
  // Through the API table, like every other caller: the preview code (sharp, the 3D tools)
  // loads only when a phone asks, not when the server starts.
  const answer = await backend.call('previews.get', { id: itemId });
  if (!answer.ok) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('not found');
    return true;
  }
  const info = answer.result as OpOutput<'previews.get'>;
  if (file) {
    const ref = file === 'model.glb' ? info.ar.glb : file === 'model.usdz' ? info.ar.usdz : info.thumbnails.large;
    if (!ref) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return true;
    }
    const r = blobResponse(backend.ctx.library, ref.sha256, req.headers.range);
    // Scene Viewer and Quick Look fetch these from their own processes, not from this page.
    const headers: Record<string, string> = { ...r.headers, 'Cross-Origin-Resource-Policy': 'cross-origin' };
    if (file === 'model.usdz') headers['Content-Type'] = 'model/vnd.usdz+zip';
    if (file === 'model.glb') headers['Content-Type'] = 'model/gltf-binary';
    res.writeHead(r.status, headers);
    if (req.method === 'HEAD' || r.body === null) res.end();
    else if (typeof r.body === 'string') res.end(r.body);
    else {
      r.body.on('error', () => res.destroy());
      r.body.pipe(res);
    }
    return true;
  }

  const item = backend.ctx.library.db.prepare(`SELECT name FROM items WHERE id = ?`).pluck().get(itemId) as string;
  const origin = `http://${req.headers.host}`;
  const fileUrl = (name: string) => `${origin}/ar/${itemId}/${name}?k=${encodeURIComponent(key!)}`;
  const rel = (name: string) => `/ar/${itemId}/${name}?k=${encodeURIComponent(key!)}`;
  const size = /@([\d.]+)m$/.exec(info.stages.find((s) => s.stage === 'ar')?.source ?? '')?.[1];
  const body: string[] = [];
  if (!info.ar.glb && !info.ar.usdz) body.push(`<p>${escapeHtml(t.none)}</p>`);
  else {
    body.push(`<p class="hint">${escapeHtml(info.ar.framed ? t.framed.replace('{size}', String(Math.round(Number(size ?? 0.4) * 100))) : t.model)}</p>`);
    if (info.ar.usdz) {
      // Quick Look wants <a rel="ar"> whose first child is an <img>.
      body.push(`<a rel="ar" href="${escapeHtml(rel('model.usdz'))}"><img src="${escapeHtml(rel('poster.webp'))}" alt="${escapeHtml(item)}"></a>`);
      body.push(`<p>${escapeHtml(t.ios)}</p>`);
    }
    if (info.ar.glb) {
      const params = new URLSearchParams({ file: fileUrl('model.glb'), mode: 'ar_preferred', title: item });
      if (info.ar.framed) params.set('enable_vertical_placement', 'true');
      const intent = `intent://arvr.google.com/scene-viewer/1.2?${params.toString()}#Intent;scheme=https;package=com.google.android.googlequicksearchbox;action=android.intent.action.VIEW;S.browser_fallback_url=${encodeURIComponent(fileUrl('model.glb'))};end;`;
      body.push(`<p><a class="button" href="${escapeHtml(intent)}">${escapeHtml(t.android)}</a></p>`);
    }
    body.push(
      `<p class="files">${escapeHtml(t.files)}: ${info.ar.glb ? `<a href="${escapeHtml(rel('model.glb'))}" download>GLB</a>` : ''} ${info.ar.usdz ? `<a href="${escapeHtml(rel('model.usdz'))}" download>USDZ</a>` : ''}</p>`,
    );
  }
  const html = `<!doctype html><html lang="${language(req) === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(item)} · ${escapeHtml(t.title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:20px;background:#f4f2ee;color:#222;text-align:center}
img{max-width:100%;border-radius:12px;box-shadow:0 4px 18px rgba(0,0,0,.15)}h1{font-size:20px}
.button{display:inline-block;padding:12px 18px;border-radius:10px;background:#1f5f8b;color:#fff;text-decoration:none}
.hint{color:#555}.files a{margin:0 6px}</style></head>
<body><h1>${escapeHtml(item)}</h1>${body.join('\n')}</body></html>`;
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP, 'Cache-Control': 'no-store' });
  res.end(html);
  return true;
}
