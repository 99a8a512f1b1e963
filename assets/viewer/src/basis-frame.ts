// Runs inside viewer/basis-frame.html, a hidden sandboxed frame with a policy of its own that
// allows code generation (the Basis transcoder's bindings need it), so that the viewer's page
// does not have to. The page sends the worker's source once, then messages for each worker;
// this frame starts the real workers (they inherit this frame's policy) and passes messages
// both ways. It shows nothing and reads nothing: there is nothing here to steal.
type FromPage = { type: 'source'; source: string } | { type: 'post'; worker: number; data: unknown } | { type: 'terminate'; worker: number };

let sourceUrl = '';
const workers = new Map<number, Worker>();

addEventListener('message', (event: MessageEvent<FromPage>) => {
  if (event.source !== parent) return;
  const message = event.data;
  if (message.type === 'source') {
    if (sourceUrl) URL.revokeObjectURL(sourceUrl);
    sourceUrl = URL.createObjectURL(new Blob([message.source], { type: 'text/javascript' }));
  } else if (message.type === 'post') {
    let worker = workers.get(message.worker);
    if (!worker) {
      worker = new Worker(sourceUrl);
      const id = message.worker;
      worker.addEventListener('message', (e: MessageEvent) => parent.postMessage({ worker: id, data: e.data }, '*'));
      worker.addEventListener('error', (e) => parent.postMessage({ worker: id, error: e.message || 'the KTX2 transcoder failed' }, '*'));
      workers.set(id, worker);
    }
    worker.postMessage(message.data);
  } else if (message.type === 'terminate') {
    workers.get(message.worker)?.terminate();
    workers.delete(message.worker);
  }
});
parent.postMessage({ ready: true }, '*');
