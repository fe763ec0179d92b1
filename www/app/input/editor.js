// The source editor: CodeMirror 6 with Rust highlighting.
// It lives in a shadow root so CodeMirror's styles go into an adopted (constructed)
// stylesheet instead of a <style> element, which the page's CSP does not allow.

import { EditorView, basicSetup } from 'codemirror';
import { EditorState, StateEffect, StateField, Compartment } from '@codemirror/state';
import { Decoration } from '@codemirror/view';
import { rust } from '@codemirror/lang-rust';
import { oneDarkHighlightStyle } from '@codemirror/theme-one-dark';
import { syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';

const setMark = StateEffect.define();
const lineMark = Decoration.line({ class: 'cm-cratemap-mark' });
const markField = StateField.define({
  create: () => Decoration.none,
  update(value, tr) {
    value = value.map(tr.changes);
    for (const e of tr.effects) if (e.is(setMark)) value = e.value;
    return value;
  },
  provide: (f) => EditorView.decorations.from(f),
});

function themeFor(dark) {
  return [
    EditorView.theme(
      {
        '&': {
          height: '100%',
          fontSize: '12.5px',
          backgroundColor: dark ? '#161a20' : '#ffffff',
          color: dark ? '#e4e7ec' : '#1d2330',
        },
        '.cm-scroller': {
          fontFamily: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace',
          lineHeight: '1.5',
        },
        '.cm-gutters': {
          backgroundColor: dark ? '#1b1f26' : '#f6f7f9',
          color: dark ? '#6b7485' : '#9aa3b1',
          border: 'none',
        },
        '.cm-activeLine': { backgroundColor: dark ? '#1f242c' : '#f3f6fb' },
        '.cm-activeLineGutter': { backgroundColor: dark ? '#232830' : '#eaeef4' },
        '.cm-cratemap-mark': {
          backgroundColor: dark ? '#3b3220' : '#fff1c7',
          boxShadow: `inset 3px 0 0 ${dark ? '#b8862b' : '#f0b429'}`,
        },
        '&.cm-focused': { outline: 'none' },
        '.cm-cursor': { borderLeftColor: dark ? '#e4e7ec' : '#1d2330' },
        '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
          backgroundColor: dark ? '#2c3b55' : '#cfe0ff',
        },
      },
      { dark },
    ),
    // Not a fallback: basicSetup brings the light default as its fallback, which would win.
    syntaxHighlighting(dark ? oneDarkHighlightStyle : defaultHighlightStyle),
  ];
}

export class SourceEditor {
  constructor(host, { onChange }) {
    this.shadow = host.attachShadow({ mode: 'open' });
    const mount = document.createElement('div');
    mount.className = 'cm-host';
    this.shadow.appendChild(mount);
    // The shadow root's only rule: fill the host.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(
      ':host { display: block; height: 100%; } .cm-host { height: 100%; } .cm-editor { height: 100%; }',
    );
    this.shadow.adoptedStyleSheets = [sheet];
    this.theme = new Compartment();
    this.readOnly = new Compartment();
    this.onChange = onChange;
    this.silent = false;
    this.view = new EditorView({
      parent: mount,
      root: this.shadow,
      state: this.makeState(''),
    });
  }

  makeState(text) {
    const dark = document.documentElement.dataset.theme === 'dark';
    return EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        rust(),
        markField,
        this.theme.of(themeFor(dark)),
        this.readOnly.of(EditorState.readOnly.of(false)),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && !this.silent) this.onChange?.(u.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ 'aria-label': 'Rust source' }),
      ],
    });
  }

  setText(text) {
    this.silent = true;
    this.view.setState(this.makeState(text));
    this.silent = false;
  }

  getText() {
    return this.view.state.doc.toString();
  }

  setDark(dark) {
    this.view.dispatch({ effects: this.theme.reconfigure(themeFor(dark)) });
  }

  /** Highlights lines [from, to] (1-based) and scrolls the first into view. */
  revealLines(from, to = from, column = 0) {
    const doc = this.view.state.doc;
    const a = Math.max(1, Math.min(from, doc.lines));
    const b = Math.max(a, Math.min(to, doc.lines));
    const marks = [];
    for (let l = a; l <= b && l - a < 2000; l++) marks.push(lineMark.range(doc.line(l).from));
    const line = doc.line(a);
    const pos = Math.min(line.from + Math.max(0, column), line.to);
    this.view.dispatch({
      effects: [setMark.of(Decoration.set(marks)), EditorView.scrollIntoView(pos, { y: 'center' })],
      selection: { anchor: pos },
    });
  }

  focus() {
    this.view.focus();
  }
}
