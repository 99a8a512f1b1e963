// 3D models for the offline viewer. A page opened from file:// may not fetch() or XHR local
// files (Chromium and Firefox both refuse), but it may load a <script>. So each GLB or .gltf
// (and each buffer and texture a .gltf names) is also
// written as data/viewer/models/<sha256>.js: `HOLDFAST_MODEL("<sha256>","<base64>");` — the
// viewer defines HOLDFAST_MODEL, adds the script tag, and decodes the bytes. Encoding and
// decoding both stream, so a model of any size passes through a few MB of memory.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { fileForUri, filesByName } from '../../common/gltf-files.js';
import { MAX_VIEWER_MODEL_BYTES, isViewableModel } from './layout.js';

const prefix = (sha256: string) => `HOLDFAST_MODEL("${sha256}","`;
const SUFFIX = '");\n';

export function modelScriptSize(sha256: string, size: number): number {
  return prefix(sha256).length + 4 * Math.ceil(size / 3) + SUFFIX.length;
}

/** The script for a model, from a stream of the model's bytes. */
export function modelScriptStream(sha256: string, bytes: AsyncIterable<Buffer>): Readable {
  return Readable.from(
    (async function* () {
      yield Buffer.from(prefix(sha256));
      let carry = Buffer.alloc(0);
      for await (const chunk of bytes) {
        const joined = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        const whole = joined.length - (joined.length % 3);
        if (whole) yield Buffer.from(joined.subarray(0, whole).toString('base64'));
        carry = Buffer.from(joined.subarray(whole));
      }
      if (carry.length) yield Buffer.from(carry.toString('base64'));
      yield Buffer.from(SUFFIX);
    })(),
    { objectMode: false },
  );
}

/** Passes a model script through and works out the SHA-256 of the model it carries; `result()`
 *  says whether it is well formed and carries the bytes named by `sha256`. */
export class ModelScriptCheck extends Transform {
  private head = '';
  private headDone = false;
  private carry = '';
  private tail = '';
  private readonly hash = createHash('sha256');

  constructor(private readonly sha256: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let text = chunk.toString('latin1');
    if (!this.headDone) {
      const want = prefix(this.sha256).length;
      const need = want - this.head.length;
      this.head += text.slice(0, need);
      text = text.slice(need);
      if (this.head.length < want) return callback(null, chunk);
      this.headDone = true;
    }
    if (text) this.feed(text);
    callback(null, chunk);
  }

  private feed(text: string): void {
    // Keep the last few characters back: they may be the suffix.
    const joined = this.tail + text;
    const keep = Math.min(joined.length, SUFFIX.length);
    const body = this.carry + joined.slice(0, joined.length - keep);
    this.tail = joined.slice(joined.length - keep);
    const whole = body.length - (body.length % 4);
    if (whole) this.hash.update(Buffer.from(body.slice(0, whole), 'base64'));
    this.carry = body.slice(whole);
  }

  result(): { ok: true } | { ok: false; reason: string } {
    if (!this.headDone || this.head !== prefix(this.sha256)) return { ok: false, reason: 'does not start with the HOLDFAST_MODEL header naming its model' };
    if (this.tail !== SUFFIX) return { ok: false, reason: 'does not end with the HOLDFAST_MODEL trailer (truncated?)' };
    if (this.carry.length) this.hash.update(Buffer.from(this.carry, 'base64'));
    const actual = this.hash.digest('hex');
    return actual === this.sha256 ? { ok: true } : { ok: false, reason: `carries a model whose SHA-256 is ${actual}, not ${this.sha256}` };
  }
}

export interface ModelFileRef {
  role: string;
  mime: string;
  size: number;
  sha256: string;
  fileName: string | null;
}

/** The SHA-256s of the files a viewable .gltf of the item refers to (its buffers and textures,
 *  found among the item's files by name: the whole relative path, else the last part), so they
 *  travel as scripts too. A .gltf that cannot be read names none; the viewer then says so. */
export async function gltfResourceFiles(files: ModelFileRef[], pathOf: (sha256: string) => string): Promise<Set<string>> {
  const wanted = new Set<string>();
  const gltfs = files.filter((f) => isViewableModel(f.role, f.mime, f.size) && f.mime === 'model/gltf+json');
  if (!gltfs.length) return wanted;
  const byName = filesByName(files.filter((f) => f.fileName && f.size <= MAX_VIEWER_MODEL_BYTES && !gltfs.includes(f)).map((f) => [f.fileName!, f] as const));
  for (const gltf of gltfs) {
    let json: { buffers?: Array<{ uri?: unknown }>; images?: Array<{ uri?: unknown }> };
    try {
      json = JSON.parse(await readFile(pathOf(gltf.sha256), 'utf8')) as typeof json;
    } catch {
      continue;
    }
    for (const entry of [...(json.buffers ?? []), ...(json.images ?? [])]) {
      if (typeof entry?.uri !== 'string' || /^[a-z][a-z0-9+.-]*:/i.test(entry.uri)) continue;
      const file = fileForUri(byName, entry.uri);
      if (file) wanted.add(file.sha256);
    }
  }
  return wanted;
}
