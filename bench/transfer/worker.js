import init, { makeGraph, asObject, asJsonString, asJsonBytes } from '../../bench-out/transfer-pkg/cratemap_transfer_bench.js';

await init();
const now = () => performance.timeOrigin + performance.now();
self.onmessage = ({ data }) => {
  if (data.type === 'make') {
    makeGraph(data.nodes);
    self.postMessage({});
    return;
  }
  const start = now();
  switch (data.method) {
    case 'object':
      self.postMessage({ start, payload: asObject() });
      break;
    case 'jsonString':
      self.postMessage({ start, payload: asJsonString() });
      break;
    case 'jsonStringParsedInWorker':
      self.postMessage({ start, payload: JSON.parse(asJsonString()) });
      break;
    case 'jsonBytes': {
      const bytes = asJsonBytes();
      self.postMessage({ start, payload: bytes }, [bytes.buffer]);
      break;
    }
  }
};
