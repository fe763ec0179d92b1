import init, { makeGraph, asObject, asJsonString, asJsonBytes } from '../../bench-out/transfer-pkg/cratemap_transfer_bench.js';

// Listening before the module is ready: a message that arrives while no
// listener is set is lost.
const ready = init();
const now = () => performance.timeOrigin + performance.now();
self.onmessage = async ({ data }) => {
  await ready;
  if (data.type === 'make') {
    makeGraph(data.nodes);
    self.postMessage({});
    return;
  }
  const start = now();
  let payload;
  switch (data.method) {
    case 'object':
      payload = asObject();
      break;
    case 'jsonString':
      payload = asJsonString();
      break;
    case 'jsonStringParsedInWorker':
      payload = JSON.parse(asJsonString());
      break;
    case 'jsonBytes':
      payload = asJsonBytes();
      break;
  }
  // The structured clone (or the buffer's transfer) happens in postMessage.
  const converted = now();
  self.postMessage({ start, converted, payload }, payload instanceof Uint8Array ? [payload.buffer] : []);
};
