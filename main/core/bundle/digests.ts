// SHA-256 and SHA-512 of bytes as they stream past, for BagIt manifests (written on export,
// checked on verify), computed in the same single read as the zip entry itself.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export interface Digests {
  sha256: string;
  sha512: string;
  size: number;
}

export class DigestTap extends Transform {
  private readonly h256: Hash = createHash('sha256');
  private readonly h512: Hash = createHash('sha512');
  private bytes = 0;

  constructor(private readonly onBytes?: (n: number) => void) {
    super({ highWaterMark: 1 << 20 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.h256.update(chunk);
    this.h512.update(chunk);
    this.bytes += chunk.length;
    this.onBytes?.(chunk.length);
    callback(null, chunk);
  }

  digests(): Digests {
    return { sha256: this.h256.digest('hex'), sha512: this.h512.digest('hex'), size: this.bytes };
  }
}

export function digestsOf(bytes: Uint8Array): Digests {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sha512: createHash('sha512').update(bytes).digest('hex'),
    size: bytes.length,
  };
}
