// The code editor: CodeMirror 6 with Python highlighting, bundled by esbuild into the
// global `MemplayEditor`, which the Yew UI drives through a handful of calls
// (src/editor_bindings.rs). Snippets only ever reach the DOM as text through CodeMirror.
import { EditorState, StateEffect, StateField, Compartment } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, Decoration,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  indentOnInput, bracketMatching, syntaxHighlighting, defaultHighlightStyle,
} from "@codemirror/language";
import { python } from "@codemirror/lang-python";

const setErrorLine = StateEffect.define();
const errorLineMark = Decoration.line({ class: "cm-error-line" });

// The line Python reported an error on, highlighted until the code changes.
const errorLineField = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    if (tr.docChanged) marks = Decoration.none;
    for (const effect of tr.effects) {
      if (!effect.is(setErrorLine)) continue;
      const line = effect.value;
      marks = line >= 1 && line <= tr.state.doc.lines
        ? Decoration.set([errorLineMark.range(tr.state.doc.line(line).from)])
        : Decoration.none;
    }
    return marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

class Editor {
  constructor(parent, doc, readOnly, onChange, onRun) {
    this.readOnly = new Compartment();
    const runKeys = keymap.of([
      { key: "Mod-Enter", run: () => { onRun(); return true; } },
    ]);
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc,
        extensions: [
          runKeys,
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          python(),
          EditorState.tabSize.of(4),
          keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap]),
          errorLineField,
          this.readOnly.of(EditorState.readOnly.of(readOnly)),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
  }

  // Replaces the text only when it differs, so typing never resets the cursor.
  setDoc(doc) {
    const current = this.view.state.doc.toString();
    if (current === doc) return;
    this.view.dispatch({ changes: { from: 0, to: current.length, insert: doc } });
  }

  markErrorLine(line) {
    this.view.dispatch({ effects: setErrorLine.of(line) });
  }

  setReadOnly(readOnly) {
    this.view.dispatch({
      effects: this.readOnly.reconfigure(EditorState.readOnly.of(readOnly)),
    });
  }

  focus() {
    this.view.focus();
  }

  destroy() {
    this.view.destroy();
  }
}

export function create(parent, doc, readOnly, onChange, onRun) {
  return new Editor(parent, doc, readOnly, onChange, onRun);
}
