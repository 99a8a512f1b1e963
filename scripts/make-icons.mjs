#!/usr/bin/env node
// One-off: renders the app icon (a shield holding an anchor) to assets/icons/*.png with sharp.
// The PNGs are committed; run again only when the design changes: node scripts/make-icons.mjs
import sharp from 'sharp';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets', 'icons');
mkdirSync(out, { recursive: true });

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#1f3a5f"/><stop offset="1" stop-color="#0f1e33"/>
    </linearGradient>
    <linearGradient id="shield" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#f4c95d"/><stop offset="1" stop-color="#d99a2b"/>
    </linearGradient>
  </defs>
  <rect x="24" y="24" width="464" height="464" rx="104" fill="url(#bg)"/>
  <path d="M256 72 L404 124 V250 C404 348 340 412 256 444 C172 412 108 348 108 250 V124 Z" fill="url(#shield)"/>
  <g fill="none" stroke="#0f1e33" stroke-width="22" stroke-linecap="round" stroke-linejoin="round">
    <circle cx="256" cy="152" r="24"/>
    <line x1="256" y1="176" x2="256" y2="372"/>
    <line x1="206" y1="212" x2="306" y2="212"/>
    <path d="M176 300 C184 350 220 372 256 372 C292 372 328 350 336 300"/>
    <path d="M160 314 L176 296 L194 314"/>
    <path d="M318 314 L336 296 L352 314"/>
  </g>
</svg>`;

for (const size of [512, 256]) {
  await sharp(Buffer.from(svg)).resize(size, size).png({ compressionLevel: 9 }).toFile(join(out, `${size}x${size}.png`));
}
await sharp(Buffer.from(svg)).resize(512, 512).png({ compressionLevel: 9 }).toFile(join(out, 'icon.png'));
console.log(`icons written to ${out}`);
