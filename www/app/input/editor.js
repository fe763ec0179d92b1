// The source editor: CodeMirror 6 with Rust highlighting, the graph's diagnostics as
// lint markers, the selected node's span highlighted, and go-to-definition (Ctrl/Cmd-click,
// F12) handed to the page with the name and place under the cursor. It lives in a shadow root so CodeMirror's styles go into an adopted (constructed)
// stylesheet instead of a <style> element, which the page's CSP does not allow.

import { EditorView, basicSetup } from 'codemirror';
import { EditorState, StateEffect, StateField, Compartment } from '@codemirror/state';
import { Decoration, keymap } from '@codemirror/view';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
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

/** A position from a 1-based line and a 0-based column in chars (the graph's columns), clamped. */
function posAt(doc, lineNo, column) {
  const line = doc.line(Math.max(1, Math.min(lineNo, doc.lines)));
  let offset = 0;
  let chars = 0;
  for (const ch of line.text) {
    if (chars++ >= column) break;
    offset += ch.length;
  }
  return line.from + offset;
}

/** The graph's diagnostics of one file as CodeMirror's: each marks the word (or char) it points at. */
function lintDiagnostics(doc, list) {
  return list.map((d) => {
    const from = posAt(doc, d.line, d.column);
    const line = doc.lineAt(from);
    const word = /^[\w$]+/.exec(line.text.slice(from - line.from));
    const to = Math.min(line.to, from + (word ? word[0].length : 1));
    const severity = d.severity === 'error' || d.severity === 'warning' ? d.severity : 'info';
    return { from: to > from ? from : Math.max(line.from, from - 1), to, severity, message: d.message };
  });
}

export class SourceEditor {
  /**
   * `onChange(text)`: the text was edited; `onGoto({ line, column, name })`: the reader asked
   * for the definition of `name` at that place (1-based line, 0-based column in chars).
   */
  constructor(host, { onChange, onGoto }) {
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
    this.onGoto = onGoto;
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
        lintGutter(),
        keymap.of([{ key: 'F12', run: (view) => this.goto(view.state.selection.main.head) }]),
        EditorView.domEventHandlers({
          mousedown: (e, view) => {
            if (e.button !== 0 || !(e.ctrlKey || e.metaKey)) return false;
            const pos = view.posAtCoords({ x: e.clientX, y: e.clientY });
            if (pos === null) return false;
            view.dispatch({ selection: { anchor: pos } });
            this.goto(pos);
            return true;
          },
        }),
        this.theme.of(themeFor(dark)),
        this.readOnly.of(EditorState.readOnly.of(false)),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && !this.silent) this.onChange?.(u.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ 'aria-label': 'Rust source' }),
      ],
    });
  }

  /** Shows `text` with the graph's `diagnostics` for it ({line, column, severity, message}). */
  setText(text, diagnostics = []) {
    this.silent = true;
    this.view.setState(this.makeState(text));
    this.silent = false;
    this.setDiagnostics(diagnostics);
  }

  setDiagnostics(diagnostics) {
    const { state } = this.view;
    this.view.dispatch(setDiagnostics(state, lintDiagnostics(state.doc, diagnostics)));
  }

  /** Asks the page for the definition of the name at `pos`; true when there is a name. */
  goto(pos) {
    const { state } = this.view;
    const word = state.wordAt(pos);
    if (!word) return false;
    const line = state.doc.lineAt(word.from);
    const column = [...line.text.slice(0, word.from - line.from)].length;
    this.onGoto?.({ line: line.number, column, name: state.sliceDoc(word.from, word.to) });
    return true;
  }

  getText() {
    return this.view.state.doc.toString();
  }

  setDark(dark) {
    this.view.dispatch({ effects: this.theme.reconfigure(themeFor(dark)) });
  }

  /**
   * Highlights lines [from, to] (1-based), puts the cursor at `column` (chars) of the
   * first and scrolls it into view: centred, or near the top when the lines do not fit.
   */
  revealLines(from, to = from, column = 0) {
    const doc = this.view.state.doc;
    const a = Math.max(1, Math.min(from, doc.lines));
    const b = Math.max(a, Math.min(to, doc.lines));
    const marks = [];
    for (let l = a; l <= b && l - a < 2000; l++) marks.push(lineMark.range(doc.line(l).from));
    const pos = posAt(doc, a, Math.max(0, column));
    const fits = (b - a + 1) * this.view.defaultLineHeight < this.view.scrollDOM.clientHeight * 0.8;
    this.view.dispatch({
      effects: [
        setMark.of(Decoration.set(marks)),
        EditorView.scrollIntoView(pos, fits ? { y: 'center' } : { y: 'start', yMargin: 24 }),
      ],
      selection: { anchor: pos },
    });
  }

  focus() {
    this.view.focus();
  }
}
