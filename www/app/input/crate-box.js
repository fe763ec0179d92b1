// "Open a crate": a name, a version picker filled from the registry's index (newest first;
// the newest release that is not yanked is the one chosen, yanked versions are marked),
// and the registry's host, so a person sees where the code comes from.

import { $, h } from '../../core/dom.js';
import {
  clearCrateCache,
  configuredRegistry,
  crateVersions,
  parseCrateSpec,
  pickVersion,
  suggestCrates,
} from './registry.js';

/** How long typing must pause before the index is asked for the name's versions. */
const LOOKUP_DELAY_MS = 400;
/** The registry's search API takes one request a second at most (crates.io's policy). */
const SEARCH_INTERVAL_MS = 1000;

/**
 * Wires the dialog; `open(spec, {deps})` opens `name@version`, with `deps` `direct`,
 * `all` or null. Returns a function that shows it.
 */
export function crateBox(open) {
  const dialog = $('#crate-dialog');
  const name = $('#crate-name');
  const version = $('#crate-version');
  const note = $('#crate-note');
  let registry = null;
  let timer = 0;
  let asked = '';

  const say = (text, kind = '') => {
    note.textContent = text;
    note.dataset.kind = kind;
  };
  const resetVersions = () => {
    version.replaceChildren(h('option', { value: '', text: 'Newest' }));
    version.disabled = true;
  };

  const lookUp = async () => {
    const text = name.value.trim();
    if (!text || text === asked) return;
    asked = text;
    resetVersions();
    let spec;
    try {
      spec = parseCrateSpec(text);
    } catch (err) {
      say(err.message, 'error');
      return;
    }
    say(`Looking up ${spec.name}…`);
    try {
      const versions = await crateVersions(registry, spec.name);
      if (asked !== text) return;
      const chosen = spec.version ?? safePick(versions, spec.name);
      version.replaceChildren(
        ...versions.map((v) =>
          h('option', { value: v.vers, text: v.yanked ? `${v.vers} (yanked)` : v.vers, selected: v.vers === chosen }),
        ),
      );
      version.disabled = false;
      say(`${versions.length} version${versions.length === 1 ? '' : 's'}.`);
    } catch (err) {
      if (asked === text) say(err.message, 'error');
    }
  };

  // Name suggestions: answers are kept per query, and a query waits its turn.
  const answers = new Map();
  let lastSearch = 0;
  let searchTimer = 0;
  const suggest = () => {
    clearTimeout(searchTimer);
    const query = name.value.trim().split('@')[0];
    const show = (found) => {
      if (name.value.trim().split('@')[0] !== query) return;
      $('#crate-suggestions').replaceChildren(
        ...found.map((c) =>
          h('option', { value: c.name, label: [c.version, c.description].filter(Boolean).join(' — ') }),
        ),
      );
    };
    if (answers.has(query)) return show(answers.get(query));
    if (!registry || query.length < 2) return;
    searchTimer = setTimeout(
      async () => {
        lastSearch = Date.now();
        try {
          const found = await suggestCrates(registry, query);
          answers.set(query, found);
          show(found);
        } catch {
          // Suggestions are a convenience: a name typed whole still opens.
        }
      },
      Math.max(LOOKUP_DELAY_MS, lastSearch + SEARCH_INTERVAL_MS - Date.now()),
    );
  };

  name.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(lookUp, LOOKUP_DELAY_MS);
    suggest();
  });
  name.addEventListener('change', lookUp);
  $('#crate-cancel').addEventListener('click', () => dialog.close());
  $('#crate-deps').addEventListener('change', (e) => {
    $('#crate-depth').disabled = !e.target.checked;
  });
  $('#crate-forget').addEventListener('click', async () => {
    await clearCrateCache();
    say('Downloaded crates forgotten: the next open downloads again.');
  });
  $('#crate-form').addEventListener('submit', (e) => {
    e.preventDefault();
    let spec;
    try {
      spec = parseCrateSpec(name.value);
    } catch (err) {
      say(err.message, 'error');
      return;
    }
    const vers = spec.version ?? (version.disabled ? '' : version.value);
    dialog.close();
    const deps = $('#crate-deps').checked ? $('#crate-depth').value : null;
    open(vers ? `${spec.name}@${vers}` : spec.name, { deps });
  });

  return () => {
    try {
      registry = configuredRegistry();
    } catch (err) {
      registry = null;
      say(err.message, 'error');
    }
    $('#crate-registry').textContent = registry ? registry.host : 'no registry';
    $('#crate-open').disabled = !registry;
    dialog.showModal();
    name.select();
  };
}

/** The default pick, or none when every version is yanked (the person then picks one). */
function safePick(versions, name) {
  try {
    return pickVersion(versions, null, name).vers;
  } catch {
    return null;
  }
}
