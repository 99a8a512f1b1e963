// `npm run bench -- <name>`: runs bench/<name>/bench.ts, which prints its table and ends with
// one line `<name>: key=value …`. Benchmarks are not part of `npm test`.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const name = process.argv[2];
const available = readdirSync(import.meta.dirname, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(import.meta.dirname, e.name, 'bench.ts')))
  .map((e) => e.name);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>   (available: ${available.join(', ') || 'none yet'})`);
  process.exit(2);
}
const mod = (await import(pathToFileURL(join(import.meta.dirname, name, 'bench.ts')).href)) as { run(args: string[]): Promise<void> };
await mod.run(process.argv.slice(3));
