// The filters panel: node kinds and edge kinds (per view), visibility, call confidence and form,
// and hiding externals and tests.

import { h, clear } from '../../core/dom.js';
import { CONFIDENCES, defaultFilters } from '../../core/filters.js';
import {
  CALL_FORMS,
  CALL_FORM_STYLE,
  NODE_KINDS,
  EDGE_KINDS,
  KIND_STYLE,
  EDGE_STYLE,
  VIEWS,
} from '../../core/kinds.generated.js';

export class FiltersPanel {
  constructor(root, { onChange }) {
    this.root = root;
    this.onChange = onChange;
  }

  render(filters, view, index) {
    this.filters = filters;
    this.view = view;
    const root = clear(this.root);
    const pv = filters.perView[view];
    const counts = index ? index.kindCounts : {};
    const ecounts = index ? index.edgeKindCounts : {};
    const formCounts = index ? index.callFormCounts : {};
    const check = (set, value, label, extra = '', name = '') => {
      const input = h('input', { type: 'checkbox', name: name || undefined, value, 'data-filter': name });
      input.checked = set.has(value);
      input.addEventListener('change', () => {
        if (input.checked) set.add(value);
        else set.delete(value);
        this.onChange();
      });
      return h(
        'label',
        { title: label },
        input,
        h('span', { text: label }),
        extra ? h('span', { class: 'muted small', text: extra }) : null,
      );
    };
    root.appendChild(h('div', { class: 'muted small', text: `Filters for the ${VIEWS[view].title} view.` }));
    root.appendChild(
      h(
        'fieldset',
        {},
        h('legend', { text: 'Node kinds' }),
        h(
          'div',
          { class: 'checks' },
          NODE_KINDS.filter((k) => k !== 'module').map((k) =>
            check(
              pv.nodeKinds,
              k,
              KIND_STYLE[k].label === k ? k : `${k.replace('_', ' ')}`,
              counts[k] ? String(counts[k]) : '',
              'node-kind',
            ),
          ),
        ),
      ),
    );
    root.appendChild(
      h(
        'fieldset',
        {},
        h('legend', { text: 'Edge kinds' }),
        h(
          'div',
          { class: 'checks' },
          EDGE_KINDS.filter((k) => k !== 'contains').map((k) =>
            check(pv.edgeKinds, k, EDGE_STYLE[k].label, ecounts[k] ? String(ecounts[k]) : '', 'edge-kind'),
          ),
        ),
      ),
    );
    root.appendChild(
      h(
        'fieldset',
        {},
        h('legend', { text: 'Visibility' }),
        h(
          'div',
          { class: 'checks' },
          [
            ['pub', 'pub'],
            ['crate', 'pub(…)'],
            ['private', 'private'],
          ].map(([v, l]) => check(filters.visibility, v, l, '', 'visibility')),
        ),
      ),
    );
    root.appendChild(
      h(
        'fieldset',
        {},
        h('legend', { text: 'Edge confidence' }),
        h(
          'div',
          { class: 'checks' },
          CONFIDENCES.map((v) => check(filters.confidence, v, v, '', 'confidence')),
        ),
      ),
    );
    root.appendChild(
      h(
        'fieldset',
        {},
        h('legend', { text: 'Call form' }),
        h(
          'div',
          { class: 'checks' },
          CALL_FORMS.map((v) => {
            const label = check(
              filters.form,
              v,
              CALL_FORM_STYLE[v].label,
              formCounts[v] ? String(formCounts[v]) : '',
              'form',
            );
            label.title = CALL_FORM_STYLE[v].title;
            return label;
          }),
        ),
      ),
    );
    const toggle = (key, label, title = '') => {
      const input = h('input', { type: 'checkbox', 'data-filter': key });
      input.checked = filters[key];
      input.addEventListener('change', () => {
        filters[key] = input.checked;
        this.onChange();
      });
      return h('label', title ? { title } : {}, input, h('span', { text: label }));
    };
    root.appendChild(
      h(
        'fieldset',
        {},
        h('legend', { text: 'Hide' }),
        h(
          'div',
          { class: 'checks' },
          toggle('hideExternal', 'externals'),
          toggle('hideTests', 'tests', 'tests, benches and examples'),
        ),
      ),
    );
    root.appendChild(
      h(
        'div',
        { class: 'filter-actions' },
        h('button', {
          type: 'button',
          class: 'btn small',
          text: 'Reset this view',
          onclick: () => {
            const d = defaultFilters();
            filters.perView[view] = d.perView[view];
            this.onChange();
          },
        }),
      ),
    );
  }
}
