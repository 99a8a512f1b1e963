import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appMetaContentSecurityPolicy } from '../main/common/app-csp.js';
import { MEDIA_SCHEME } from '../main/electron/channels.js';

const here = dirname(fileURLToPath(import.meta.url));

// The renderer is loaded by Electron (custom protocol) and by the local HTTP shell, both under a
// strict CSP with no inline scripts: relative asset URLs and no inline modulepreload polyfill.
export default defineConfig({
  root: here,
  base: './',
  plugins: [
    react(),
    {
      // index.html carries the app's policy as a <meta> tag too, written from its one home
      // (main/common/app-csp.ts) rather than by hand.
      name: 'holdfast-csp-meta',
      transformIndexHtml: () => [
        { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: appMetaContentSecurityPolicy(`${MEDIA_SCHEME}:`) }, injectTo: 'head-prepend' },
      ],
    },
  ],
  // The 3D viewer's worker (viewer3d/model-worker.ts) is a module worker: three's loaders in it
  // import their decoders lazily, which the default (iife) worker format cannot split.
  worker: { format: 'es' },
  build: {
    outDir: join(here, '..', 'out', 'renderer'),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'es2022',
  },
});
