// Problems (transpile errors from the server, runtime errors from the preview) and the preview's console.
import { isPreviewMessage } from "@live/shared/bridge";
import type { Diagnostic } from "@live/shared/session";
import type { Monaco } from "./monaco-setup.ts";

type Editor = ReturnType<Monaco["editor"]["create"]>;

export interface Panels {
  setTranspileErrors(errors: Diagnostic[]): void;
}

const el = (tag: string, cls: string, text = "") => {
  const e = document.createElement(tag);
  e.className = cls;
  e.textContent = text;
  return e;
};

export function setupPanels(monaco: Monaco, editor: Editor, frame: HTMLIFrameElement, bridgeId: string): Panels {
  const problems = document.getElementById("problems") as HTMLElement;
  const consoleEl = document.getElementById("console") as HTMLElement;
  const count = document.getElementById("problem-count") as HTMLElement;
  const overlay = document.getElementById("overlay") as HTMLElement;
  let transpile: Diagnostic[] = [];
  const runtime: { message: string; stack?: string }[] = [];

  const render = () => {
    const rows: HTMLElement[] = [];
    for (const d of transpile) {
      const row = el("button", "problem error", "");
      row.append(el("span", "where", `${d.line}:${d.column + 1}`), el("span", "what", d.text));
      row.onclick = () => {
        editor.revealLineInCenter(d.line);
        editor.setPosition({ lineNumber: d.line, column: d.column + 1 });
        editor.focus();
      };
      rows.push(row);
    }
    for (const r of runtime) {
      const row = el("div", "problem runtime");
      row.append(el("span", "what", r.message), el("pre", "stack", r.stack ?? ""));
      rows.push(row);
    }
    problems.replaceChildren(...(rows.length ? rows : [el("p", "empty", "No problems. Nice.")]));
    const n = transpile.length + runtime.length;
    count.textContent = n ? String(n) : "";
    // The preview keeps its last good render; the overlay says why it is not updating.
    overlay.hidden = transpile.length === 0;
    overlay.textContent = transpile.length
      ? `${transpile[0]?.line}:${(transpile[0]?.column ?? 0) + 1} ${transpile[0]?.text}`
      : "";
    monaco.editor.setModelMarkers(
      editor.getModel() as NonNullable<ReturnType<Editor["getModel"]>>,
      "server",
      transpile.map((d) => ({
        severity: monaco.MarkerSeverity.Error,
        message: d.text,
        startLineNumber: d.line,
        startColumn: d.column + 1,
        endLineNumber: d.line,
        endColumn: d.column + 2,
      })),
    );
  };
  overlay.onclick = () => {
    const d = transpile[0];
    if (d) editor.revealLineInCenter(d.line);
  };

  window.addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow || !isPreviewMessage(event.data, bridgeId)) return;
    const m = event.data;
    if (m.type === "console") {
      const line = el("div", `log ${m.level}`, m.text);
      consoleEl.append(line);
      line.scrollIntoView({ block: "nearest" });
    } else if (m.type === "runtime-error") {
      runtime.push({ message: m.message, stack: m.stack });
      if (runtime.length > 20) runtime.shift();
      render();
    } else if (m.type === "rendered" && runtime.length > 0) {
      runtime.length = 0;
      render();
    }
  });
  render();
  return {
    setTranspileErrors(errors) {
      // Every session update carries the errors, mostly the same ones: redraw (and re-mark Monaco) on change only.
      if (JSON.stringify(errors) === JSON.stringify(transpile)) return;
      transpile = errors;
      render();
    },
  };
}
