// Checks that a file is a USDZ a phone will open: the package rules of the USDZ spec (zip,
// stored not compressed, no encryption or data descriptors, every file's data 64-byte aligned,
// the root layer first, only the allowed file types, textures really PNG/JPEG) and that the
// root layer loads back: a USDA layer with meters and Y-up, meshes whose indices fit their
// points, each bound to a UsdPreviewSurface material, and every asset it names in the package.
import { crc32 } from 'node:zlib';

export interface UsdzReport {
  ok: boolean;
  problems: string[];
  files: Array<{ name: string; offset: number; size: number }>;
  rootLayer: string | null;
  meshes: Array<{ name: string; points: number; triangles: number; material: string | null }>;
  materials: string[];
  textures: string[];
}

const ALLOWED = /\.(usda|usdc|usd|png|jpe?g|m4a|mp3|wav)$/i;

export function checkUsdz(bytes: Uint8Array): UsdzReport {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const problems: string[] = [];
  const files: UsdzReport['files'] = [];
  const contents = new Map<string, Buffer>();
  const report = (): UsdzReport => ({ ok: problems.length === 0, problems, files, rootLayer: null, meshes: [], materials: [], textures: [] });

  let offset = 0;
  while (offset + 4 <= buf.length && buf.readUInt32LE(offset) === 0x04034b50) {
    if (offset + 30 > buf.length) {
      problems.push(`truncated local header at ${offset}`);
      return report();
    }
    const flags = buf.readUInt16LE(offset + 6);
    const method = buf.readUInt16LE(offset + 8);
    const crc = buf.readUInt32LE(offset + 14);
    const compressed = buf.readUInt32LE(offset + 18);
    const size = buf.readUInt32LE(offset + 22);
    const nameLength = buf.readUInt16LE(offset + 26);
    const extraLength = buf.readUInt16LE(offset + 28);
    const name = buf.toString('utf8', offset + 30, offset + 30 + nameLength);
    const dataStart = offset + 30 + nameLength + extraLength;
    if (method !== 0) problems.push(`${name}: compressed (method ${method}); USDZ files must be stored`);
    if (flags & 0x1) problems.push(`${name}: encrypted`);
    if (flags & 0x8) problems.push(`${name}: uses a data descriptor; sizes must be in the local header`);
    if (compressed !== size) problems.push(`${name}: stored size ${compressed} differs from size ${size}`);
    if (dataStart % 64 !== 0) problems.push(`${name}: data starts at byte ${dataStart}, not a multiple of 64`);
    if (dataStart + size > buf.length) {
      problems.push(`${name}: data runs past the end of the file`);
      return report();
    }
    const data = buf.subarray(dataStart, dataStart + size);
    if (crc32(data) !== crc) problems.push(`${name}: CRC-32 does not match its data`);
    if (!ALLOWED.test(name)) problems.push(`${name}: file type not allowed in a USDZ package`);
    if (/\.png$/i.test(name) && !data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
      problems.push(`${name}: named .png but is not a PNG`);
    }
    if (/\.jpe?g$/i.test(name) && !(data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff)) problems.push(`${name}: named .jpg but is not a JPEG`);
    files.push({ name, offset: dataStart, size });
    contents.set(name, data);
    offset = dataStart + compressed;
  }
  if (files.length === 0) {
    problems.push('not a zip archive (no local file header at the start)');
    return report();
  }
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) problems.push('no end-of-central-directory record');
  else {
    const entries = buf.readUInt16LE(eocd + 10);
    const centralStart = buf.readUInt32LE(eocd + 16);
    if (entries !== files.length) problems.push(`central directory lists ${entries} files, the archive holds ${files.length}`);
    if (centralStart !== offset) problems.push(`central directory starts at ${centralStart}, expected ${offset}`);
  }

  const first = files[0]!.name;
  if (!/\.usd[ac]?$/i.test(first)) problems.push(`the first file is ${first}, not a USD layer`);
  const rootData = contents.get(first)!;
  const result: UsdzReport = { ...report(), rootLayer: first };
  if (/\.usdc$/i.test(first) || rootData.subarray(0, 8).toString('latin1') === 'PXR-USDC') {
    // Crate files are binary; this checker reads text layers (Holdfast writes USDA).
    problems.push(`${first}: binary USDC root layers are not checked by this reader`);
    return { ...result, ok: false };
  }
  const text = rootData.toString('utf8');
  checkUsda(text, contents, problems, result);
  result.ok = problems.length === 0;
  return result;
}

function checkUsda(text: string, contents: Map<string, Buffer>, problems: string[], out: UsdzReport): void {
  if (!text.startsWith('#usda 1.0')) problems.push('root layer does not start with "#usda 1.0"');
  if (!/metersPerUnit\s*=\s*1\b/.test(text)) problems.push('root layer does not say metersPerUnit = 1');
  if (!/upAxis\s*=\s*"Y"/.test(text)) problems.push('root layer does not say upAxis = "Y"');
  const defaultPrim = /defaultPrim\s*=\s*"([^"]+)"/.exec(text)?.[1];
  if (!defaultPrim) problems.push('root layer names no defaultPrim');
  else if (!new RegExp(`def \\w+ "${defaultPrim}"`).test(text)) problems.push(`defaultPrim ${defaultPrim} is not defined`);
  let depth = 0;
  for (const ch of text.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if (ch === '{' || ch === '(' || ch === '[') depth++;
    if (ch === '}' || ch === ')' || ch === ']') depth--;
    if (depth < 0) break;
  }
  if (depth !== 0) problems.push('root layer has unbalanced brackets');

  // Materials: every `def Material "X"` with a UsdPreviewSurface inside, by its path.
  const materialPaths = new Set<string>();
  for (const m of text.matchAll(/def Material "(\w+)"/g)) {
    const block = blockAfter(text, m.index);
    out.materials.push(m[1]!);
    if (!/info:id = "UsdPreviewSurface"/.test(block)) problems.push(`material ${m[1]} has no UsdPreviewSurface shader`);
    if (!/outputs:surface\.connect = <[^>]+PreviewSurface\.outputs:surface>/.test(block)) problems.push(`material ${m[1]} has no surface output`);
    const prefix = /outputs:surface\.connect = <([^>]+)\/PreviewSurface/.exec(block)?.[1];
    if (prefix) materialPaths.add(prefix);
  }
  for (const m of text.matchAll(/def Mesh "(\w+)"/g)) {
    const block = blockAfter(text, m.index);
    const points = arrayCount(block, /point3f\[\] points = \[/);
    const counts = arrayNumbers(block, /int\[\] faceVertexCounts = \[/);
    const indices = arrayNumbers(block, /int\[\] faceVertexIndices = \[/);
    const material = /rel material:binding = <([^>]+)>/.exec(block)?.[1] ?? null;
    if (points === 0) problems.push(`mesh ${m[1]} has no points`);
    if (!counts || !indices) problems.push(`mesh ${m[1]} has no faces`);
    else {
      const total = counts.reduce((a, b) => a + b, 0);
      if (total !== indices.length) problems.push(`mesh ${m[1]}: faceVertexCounts add up to ${total}, ${indices.length} indices given`);
      const maxIndex = indices.reduce((a, b) => Math.max(a, b), -1);
      if (maxIndex >= points) problems.push(`mesh ${m[1]}: index ${maxIndex} but only ${points} points`);
      if (indices.some((i) => i < 0 || !Number.isInteger(i))) problems.push(`mesh ${m[1]}: invalid index`);
    }
    for (const primvar of block.matchAll(/texCoord2f\[\] primvars:(\w+) = \[/g)) {
      const n = arrayCount(block, new RegExp(`texCoord2f\\[\\] primvars:${primvar[1]} = \\[`));
      if (n !== points) problems.push(`mesh ${m[1]}: ${n} texture coordinates for ${points} points`);
    }
    if (!material) problems.push(`mesh ${m[1]} has no material binding`);
    else if (!materialPaths.has(material)) problems.push(`mesh ${m[1]} is bound to ${material}, which is not a material here`);
    out.meshes.push({ name: m[1]!, points, triangles: counts?.length ?? 0, material });
  }
  if (out.meshes.length === 0) problems.push('root layer has no meshes');
  if (out.materials.length === 0) problems.push('root layer has no materials');
  for (const m of text.matchAll(/@([^@]+)@/g)) {
    const path = m[1]!;
    out.textures.push(path);
    if (!contents.has(path)) problems.push(`root layer refers to ${path}, which is not in the package`);
    if (!/\.(png|jpe?g)$/i.test(path)) problems.push(`texture ${path} is not PNG or JPEG`);
  }
}

/** The text of the `{ … }` block that follows position `from`. */
function blockAfter(text: string, from: number): string {
  const open = text.indexOf('{', from);
  if (open < 0) return '';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

function arrayText(block: string, start: RegExp): string | null {
  const m = start.exec(block);
  if (!m) return null;
  const from = m.index + m[0].length;
  const end = block.indexOf(']', from);
  return end < 0 ? null : block.slice(from, end);
}

function arrayNumbers(block: string, start: RegExp): number[] | null {
  const body = arrayText(block, start);
  if (body === null) return null;
  return body.trim() ? body.split(',').map((s) => Number(s.trim())) : [];
}

/** How many tuples `( … )` an array of vectors holds. */
function arrayCount(block: string, start: RegExp): number {
  const body = arrayText(block, start);
  return body === null ? 0 : (body.match(/\(/g) ?? []).length;
}
