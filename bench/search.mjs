// Search ranking (www/core/search.js) on a 50,000-node synthetic graph: the first
// query (which builds the per-index cache) and later ones. `node bench/search.mjs`.
import { syntheticGraph } from '../tests/browser/app.fixtures.mjs';
import { GraphIndex } from '../www/core/model.js';
import { rankSearch } from '../www/core/search.js';
const ix = new GraphIndex(syntheticGraph(50000));
let t = performance.now();
rankSearch(ix, 'S1');
const first = performance.now() - t;
const qs = ['S', 'S1', 'S12', 'meth', 'm3', 'T4', 'f0'];
const times = [];
for (let r = 0; r < 5; r++)
  for (const q of qs) {
    t = performance.now();
    rankSearch(ix, q);
    times.push(performance.now() - t);
  }
times.sort((a, b) => a - b);
console.log(
  `nodes ${ix.n}; first query (builds the per-index cache) ${first.toFixed(1)} ms; later queries median ${times[times.length >> 1].toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms`,
);
