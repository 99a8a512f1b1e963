// Deterministic generators for the built-in demo library's media. Everything is drawn by code:
// no downloads, no clock, no Math.random. The same inputs give the same bytes on a given machine
// (text is rendered with the system's sans-serif font, so another machine's fonts may change the
// pixels that carry the title).

export type { ModelKind } from './model.js';
export { makeModelGlb } from './model.js';
export { makeArtwork, makeSvgArtwork } from './artwork.js';
export { makeVideoMp4 } from './video.js';
export { makeMelodyWav } from './audio.js';
