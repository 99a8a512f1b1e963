import { describe, expect, it } from 'vitest';
import { mediaTypeOfMime, sniffMime } from '../../main/core/blob/mime.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s));

describe('MIME sniffing from bytes', () => {
  it('recognises text formats the binary sniffer cannot', async () => {
    expect(await sniffMime(bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('image/svg+xml');
    expect(await sniffMime(bytes('\uFEFF<svg viewBox="0 0 1 1"></svg>'))).toBe('image/svg+xml');
    expect(await sniffMime(bytes('<?xml version="1.0"?><note/>'))).toBe('application/xml');
    expect(await sniffMime(bytes('<!DOCTYPE html><html></html>'))).toBe('text/html');
    expect(await sniffMime(bytes('{"name":"x"}'))).toBe('application/json');
    expect(await sniffMime(bytes('just text'))).toBe('application/octet-stream');
  });

  it('recognises binary formats by their magic bytes, whatever the name says', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect(await sniffMime(png)).toBe('image/png');
    const glb = Buffer.concat([Buffer.from('glTF'), Buffer.from([2, 0, 0, 0, 20, 0, 0, 0])]);
    expect(await sniffMime(glb)).toBe('model/gltf-binary');
    expect(mediaTypeOfMime('model/gltf-binary')).toBe('model');
    expect(mediaTypeOfMime('image/svg+xml')).toBe('image');
    expect(mediaTypeOfMime('application/json')).toBe('other');
  });
});
