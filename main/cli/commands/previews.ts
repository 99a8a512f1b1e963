// `holdfast previews`: builds the thumbnails and AR files that are missing (or all of them
// with --rebuild), with progress; Ctrl+C stops after the current item. `holdfast ar ITEM`
// shows an item's AR files and can copy them out for a phone.
import { InvalidArgumentError, type Command } from 'commander';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { previewProblems } from '../../core/db/previews.js';
import type { PreviewProgress } from '../../core/previews/build-previews.js';
import { call, withBackend, withLibrary } from '../context.js';

const parseCentimetres = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1 || n > 2000) throw new InvalidArgumentError('give the size in centimetres, from 1 to 2000');
  return n;
};

function progressLine(p: PreviewProgress): string {
  const eta = p.etaSeconds === null ? '' : ` · ETA ${Math.ceil(p.etaSeconds)} s`;
  const rate = p.itemsPerSecond ? ` · ${p.itemsPerSecond.toFixed(1)} items/s` : '';
  return `previews: ${p.itemsDone}/${p.itemsTotal} items · ${p.built} built · ${p.failed} failed${rate}${eta}${p.currentItem ? ` · ${p.currentItem}` : ''}`;
}

export function register(program: Command): void {
  withLibrary(program.command('previews'))
    .description('build missing thumbnails and AR files (GLB + USDZ) for every item')
    .option('--rebuild', 'rebuild everything, not only what is missing or out of date')
    .option('--item <id...>', 'only these items')
    .option('--artwork-size-cm <n>', 'long side of a framed picture in AR, in centimetres (default 40)', parseCentimetres)
    .option('--no-render', 'do not start a browser to render 3D models (their posters are used)')
    .action((opts: { library?: string; rebuild?: boolean; item?: string[]; artworkSizeCm?: number; render: boolean }) =>
      withBackend(opts.library, async (backend) => {
        const tty = Boolean(process.stdout.isTTY);
        const controller = new AbortController();
        const cancel = () => controller.abort();
        process.once('SIGINT', cancel);
        let lastPrinted = 0;
        try {
          // The builder (sharp, the 3D tools) loads when previews are built, not at every start.
          const { buildPreviews } = await import('../../core/previews/build-previews.js');
          const result = await buildPreviews(backend.ctx.library, {
            itemIds: opts.item,
            rebuild: opts.rebuild,
            signal: controller.signal,
            renderer3d: opts.render ? 'auto' : null,
            artworkLongSideMeters: opts.artworkSizeCm === undefined ? undefined : opts.artworkSizeCm / 100,
            onProgress: (p) => {
              if (tty) process.stdout.write(`\r\x1b[2K${progressLine(p)}`);
              else if (p.itemsDone - lastPrinted >= 25 || p.itemsDone === p.itemsTotal) {
                lastPrinted = p.itemsDone;
                console.log(progressLine(p));
              }
            },
          });
          if (tty) process.stdout.write('\n');
          backend.ctx.events.emit({ type: 'library.changed' });
          console.log(
            `${result.cancelled ? 'Cancelled' : 'Done'}: ${result.items} items · ${result.built} built · ${result.upToDate} already up to date` +
              (result.renderer ? ` · 3D rendered with ${result.renderer}` : result.rendererProblem ? ` · 3D not rendered: ${result.rendererProblem}` : ''),
          );
          const problems = previewProblems(backend.ctx.library.db, opts.item);
          for (const p of problems.slice(0, 30)) console.log(`  ${p.status === 'error' ? '!' : '~'} ${p.name} (${p.stage}): ${p.message}`);
          if (problems.length > 30) console.log(`  … and ${problems.length - 30} more`);
          if (result.cancelled) process.exitCode = 130;
        } finally {
          process.off('SIGINT', cancel);
        }
      }),
    );

  withLibrary(program.command('ar'))
    .description("show an item's AR files (GLB for Android, USDZ for iPhone) and optionally copy them out")
    .argument('<item>', 'item id (see `holdfast list`)')
    .option('--out <dir>', 'copy the AR files into this folder, named after the item')
    .option('--json', 'print JSON')
    .action((itemId: string, opts: { library?: string; out?: string; json?: boolean }) =>
      withBackend(opts.library, async (backend) => {
        const item = await call(backend, 'items.get', { id: itemId });
        const info = await call(backend, 'previews.get', { id: itemId });
        const copied: string[] = [];
        if (opts.out) {
          const dir = resolve(opts.out);
          mkdirSync(dir, { recursive: true });
          const base = [...item.name].map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('').slice(0, 80) || item.id;
          for (const [file, ext] of [
            [info.ar.glb, 'glb'],
            [info.ar.usdz, 'usdz'],
          ] as const) {
            if (!file) continue;
            const target = join(dir, `${base}.${ext}`);
            copyFileSync(file.path, target);
            copied.push(target);
          }
        }
        if (opts.json) return console.log(JSON.stringify({ ...info, copied }, null, 2));
        console.log(`${item.name}`);
        const ar = info.stages.find((s) => s.stage === 'ar');
        if (!info.ar.glb && !info.ar.usdz) {
          console.log(`  no AR files${ar?.message ? `: ${ar.message}` : ' yet; run `holdfast previews`'}`);
          process.exitCode = 1;
          return;
        }
        const kind = info.ar.framed ? 'framed picture' : info.ar.glbIsOriginal ? 'original model, unchanged' : 'AR-optimized model';
        if (info.ar.glb) console.log(`  GLB  (Android Scene Viewer, ${kind}): ${info.ar.glb.path}`);
        if (info.ar.usdz) console.log(`  USDZ (iPhone/iPad AR Quick Look):     ${info.ar.usdz.path}`);
        if (ar?.message) console.log(`  note: ${ar.message}`);
        for (const target of copied) console.log(`  copied to ${target}`);
        console.log('  To open on a phone: `holdfast serve --lan`, then "View in AR" on the item page shows a QR code.');
      }),
    );
}
