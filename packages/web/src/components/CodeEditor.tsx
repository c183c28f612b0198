// A code editor for exercises: CodeMirror 6 with JavaScript or TypeScript highlighting, line numbers, bracket
// matching and Tab to indent. This module (CodeMirror with it) is its own chunk: pages import it with React.lazy, so
// only a page that shows code downloads it. Tab indents, so the editor would trap keyboard focus; CodeMirror lets
// Escape then Tab (or Ctrl-M / Alt-Shift-M on macOS to toggle) move focus on, and the hint under it says so.
// CodeMirror's styles reach the page through a constructed stylesheet (see withConstructedStyles).
import { indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { Compartment, EditorState } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { basicSetup, EditorView } from "codemirror";
import { useEffect, useId, useRef } from "react";

export interface CodeEditorProps {
  /** The visible label; the editor's accessible name. */
  label: string;
  /** Shown under the editor, before the keyboard hint. */
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  language: "javascript" | "typescript";
  readOnly?: boolean;
  /** The longest text the editor takes (longer input is refused). */
  maxLength?: number;
}

let stylesAdopted = false;

/**
 * Makes the first editor. CodeMirror (through style-mod) writes its styles into a <style> element in the document's
 * head, which the app's Content-Security-Policy (style-src 'self', nothing inline) refuses; given a root without a
 * head, it keeps them in a constructed stylesheet instead, which the policy allows, and does so from then on. So for
 * the first editor only, the document shows no head while the editor mounts its styles.
 */
function withConstructedStyles<T>(make: () => T): T {
  if (stylesAdopted || typeof CSSStyleSheet === "undefined" || !("adoptedStyleSheets" in document)) return make();
  stylesAdopted = true;
  Object.defineProperty(document, "head", { value: null, configurable: true });
  try {
    return make();
  } finally {
    Reflect.deleteProperty(document, "head");
  }
}

const theme = EditorView.theme({
  "&": { fontSize: "0.875rem", backgroundColor: "#fff", borderRadius: "0.5rem" },
  "&.cm-focused": { outline: "2px solid #4f46e5", outlineOffset: "0" },
  ".cm-scroller": {
    fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
    minHeight: "12rem",
    maxHeight: "32rem",
    lineHeight: "1.5",
  },
  ".cm-content": { padding: "0.5rem 0" },
  ".cm-gutters": { backgroundColor: "#f8fafc", color: "#475569", borderRight: "1px solid #e2e8f0" },
  ".cm-activeLineGutter": { backgroundColor: "#e0e7ff", color: "#1e1b4b" },
});

export function CodeEditor({ label, hint, value, onChange, language, readOnly = false, maxLength }: CodeEditorProps) {
  const id = useId();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const editable = useRef(new Compartment());
  // The latest callback, so the editor (made once) always reports to the current one.
  const changed = useRef(onChange);
  changed.current = onChange;

  // Made once per language; the value and readOnly are synced into it below.
  useEffect(() => {
    const v = withConstructedStyles(
      () =>
        new EditorView({
          parent: host.current!,
          state: EditorState.create({
            doc: value,
            extensions: [
              basicSetup,
              keymap.of([indentWithTab]),
              javascript({ typescript: language === "typescript" }),
              theme,
              editable.current.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
              EditorView.contentAttributes.of({
                "aria-labelledby": `${id}-label`,
                "aria-describedby": `${id}-hint`,
                spellcheck: "false",
                autocapitalize: "off",
                autocorrect: "off",
              }),
              ...(maxLength ? [EditorState.changeFilter.of((tr) => tr.newDoc.length <= maxLength)] : []),
              EditorView.updateListener.of((u) => {
                if (u.docChanged) changed.current(u.state.doc.toString());
              }),
            ],
          }),
        }),
    );
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, [language]);

  // A value set from outside (another draft, a reset) replaces the text; the learner's own typing already matches.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({
      effects: editable.current.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
    });
  }, [readOnly]);

  return (
    <div className="space-y-1">
      <p id={`${id}-label`} className="block text-sm font-medium text-slate-800">
        {label}
      </p>
      <div
        ref={host}
        data-code-editor
        className="overflow-hidden rounded-lg ring-1 ring-slate-400 focus-within:ring-2 focus-within:ring-indigo-600"
      />
      <p id={`${id}-hint`} className="text-sm text-slate-600">
        {hint ? `${hint} ` : ""}
        Tab indents. To leave the editor with the keyboard, press Escape, then Tab.
      </p>
    </div>
  );
}

export default CodeEditor;
