// Entry of the embeddable build: <cratemap-graph> with live analysis. The engine
// (worker + wasm) is a separate chunk, fetched only by embeds that analyze.
import { defineCratemapGraph } from './element.js';

defineCratemapGraph({ loadLive: () => import('./live.js') });
