import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// The renderer is loaded by Electron (custom protocol) and by the local HTTP shell, both under a
// strict CSP with no inline scripts: relative asset URLs and no inline modulepreload polyfill.
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
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
