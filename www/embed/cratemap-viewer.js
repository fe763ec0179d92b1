// Entry of the engine-less viewer: <cratemap-graph> for precomputed graphs only,
// built as one file so that `cratemap export --format html` can inline it.
import { defineCratemapGraph } from './element.js';

defineCratemapGraph({ loadLive: null });
