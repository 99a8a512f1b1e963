// Holdfast's side of the thumbnail benchmark, as its own process so its time and peak memory
// are measured alone: makeThumbnails (the exact code the preview pipeline runs) on every file
// of a folder, one after another as buildPreviews does, given the file's path as buildPreviews
// gives a blob's, writing the 256 and 768 px WebPs.
import { readdirSync, writeFileSync } from 'node:fs';
import { join, parse } from 'node:path';
import { makeThumbnails } from '../../main/core/previews/thumbnails.js';

const [inDir, outDir] = process.argv.slice(2) as [string, string];
let placeholders = 0;
for (const name of readdirSync(inDir).filter((n) => !n.startsWith('.')).sort()) {
  const t = await makeThumbnails(join(inDir, name));
  const base = parse(name).name;
  writeFileSync(join(outDir, `${base}_256.webp`), t.small);
  writeFileSync(join(outDir, `${base}_768.webp`), t.large);
  placeholders += t.placeholder.length;
}
console.log(`placeholders=${placeholders}`);
