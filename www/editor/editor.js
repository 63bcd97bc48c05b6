// The code editor: CodeMirror 6 with Python highlighting, bundled by esbuild into the
// global `MemplayEditor`, which the Yew UI drives through a handful of calls
// (src/editor_bindings.rs). Snippets only ever reach the DOM as text through CodeMirror.
import { EditorState, StateEffect, StateField, Compartment } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, Decoration, gutter, GutterMarker,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { indentOnInput, bracketMatching, syntaxHighlighting } from "@codemirror/language";
import { classHighlighter } from "@lezer/highlight";
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

const setMomentLine = StateEffect.define();

// The line that was running at the moment the page travelled to; kept until the next
// moment (or none), and dropped when the code changes (it belonged to the code that ran).
const momentLineField = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    if (tr.docChanged) marks = Decoration.none;
    for (const effect of tr.effects) {
      if (!effect.is(setMomentLine)) continue;
      const line = effect.value;
      marks = line >= 1 && line <= tr.state.doc.lines
        ? Decoration.set([Decoration.line({
          class: "cm-moment-line",
          attributes: { "data-testid": "moment-line", "data-line": String(line) },
        }).range(tr.state.doc.line(line).from)])
        : Decoration.none;
    }
    return marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

// One line's memory figures in the gutter: the net bytes (a heat colour from them, against
// the line that kept the most) with hits and the rest in its title. Text only: nothing from a snippet's run
// is ever parsed as HTML.
class LineMark extends GutterMarker {
  constructor(row) {
    super();
    this.row = row;
  }

  eq(other) {
    const a = this.row;
    const b = other.row;
    return a.line === b.line && a.hits === b.hits && a.bytes === b.bytes
      && a.objects === b.objects && a.label === b.label && a.heat === b.heat && a.title === b.title;
  }

  toDOM() {
    const mark = document.createElement("span");
    mark.className = "cm-line-figures";
    mark.textContent = this.row.label;
    mark.title = this.row.title;
    mark.dataset.testid = "gutter-mark";
    mark.dataset.line = String(this.row.line);
    mark.dataset.bytes = String(this.row.bytes);
    mark.dataset.hits = String(this.row.hits);
    mark.dataset.objects = String(this.row.objects);
    mark.style.setProperty("--heat", String(this.row.heat));
    return mark;
  }
}

const setLineFigures = StateEffect.define();

const lineFiguresField = StateField.define({
  create: () => new Map(),
  update(rows, tr) {
    if (tr.docChanged) rows = new Map();
    for (const effect of tr.effects) {
      if (effect.is(setLineFigures)) rows = effect.value;
    }
    return rows;
  },
});

const memoryGutter = gutter({
  class: "cm-memory-gutter",
  lineMarker(view, line) {
    const number = view.state.doc.lineAt(line.from).number;
    const row = view.state.field(lineFiguresField).get(number);
    return row ? new LineMark(row) : null;
  },
  lineMarkerChange: (update) => update.transactions.some(
    (tr) => tr.effects.some((e) => e.is(setLineFigures)),
  ),
  initialSpacer: () => new LineMark({ line: 0, hits: 0, bytes: 0, objects: 0, label: "≈+99.9 MB", title: "", heat: 0 }),
});

// Tab indents, so it cannot also leave the editor; CodeMirror lets Escape then Tab leave.
// Screen readers hear it as the editor's description; sighted people see it on focus
// (style.css).
const LEAVE_HINT = "Tab indents. To leave the editor, press Escape, then Tab.";

// The editor's accessible name (the pane's) and how to leave it.
const labelled = (label) => EditorView.contentAttributes.of({
  "aria-label": label, "aria-description": LEAVE_HINT,
});

class Editor {
  constructor(parent, doc, readOnly, onChange, onRun, label) {
    this.readOnly = new Compartment();
    this.label = new Compartment();
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
          // Tokens get classes (tok-keyword...), coloured by style.css for each theme.
          syntaxHighlighting(classHighlighter),
          python(),
          EditorState.tabSize.of(4),
          keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap]),
          errorLineField,
          momentLineField,
          lineFiguresField,
          memoryGutter,
          this.readOnly.of(EditorState.readOnly.of(readOnly)),
          this.label.of(labelled(label)),
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

  // The line running at the chosen moment (1-based; 0 clears), scrolled into view.
  markMomentLine(line) {
    const effects = [setMomentLine.of(line)];
    if (line >= 1 && line <= this.view.state.doc.lines) {
      effects.push(EditorView.scrollIntoView(this.view.state.doc.line(line).from, { y: "nearest" }));
    }
    this.view.dispatch({ effects });
  }

  // Per-line memory figures for the gutter: [{line, hits, bytes, objects, label, title, heat}].
  setLineFigures(rows) {
    const byLine = new Map();
    for (const row of rows) byLine.set(row.line, row);
    this.view.dispatch({ effects: setLineFigures.of(byLine) });
  }

  setReadOnly(readOnly) {
    this.view.dispatch({
      effects: this.readOnly.reconfigure(EditorState.readOnly.of(readOnly)),
    });
  }

  setLabel(label) {
    this.view.dispatch({ effects: this.label.reconfigure(labelled(label)) });
  }

  focus() {
    this.view.focus();
  }

  destroy() {
    this.view.destroy();
  }
}

export function create(parent, doc, readOnly, onChange, onRun, label) {
  return new Editor(parent, doc, readOnly, onChange, onRun, label);
}
