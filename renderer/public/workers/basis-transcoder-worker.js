/* global self, importScripts */
// Runs three.js's Basis Universal transcoder (KTX2 textures) in a worker of its own.
// The transcoder's Emscripten bindings generate their glue code at start-up (new Function), which
// the app's policy forbids everywhere else. This file is served with a policy of its own
// (main/common/app-csp.ts) that allows exactly that and nothing more: no network, no DOM.
// The loader's worker body (constants + transcoder + message handler) arrives as a blob: URL
// made by the page; it is loaded once, before any other message is handled.
self.onmessage = (event) => {
  const data = event.data;
  if (!data || data.type !== 'holdfast:load' || typeof data.url !== 'string' || !data.url.startsWith('blob:')) return;
  self.onmessage = null;
  importScripts(data.url);
};
