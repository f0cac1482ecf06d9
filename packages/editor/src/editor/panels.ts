// Problems (transpile errors from the server, runtime errors from the preview) and the preview's console.
import { isPreviewMessage } from "@live/shared/bridge";
import { MAX_RUNTIME_ERRORS } from "@live/shared/limits";
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

  const goTo = (d: Diagnostic) => {
    editor.revealLineInCenter(d.line);
    editor.setPosition({ lineNumber: d.line, column: d.column + 1 });
    editor.focus();
  };

  const render = () => {
    const rows: HTMLElement[] = [];
    for (const d of transpile) {
      const row = el("button", "problem error", "");
      row.append(el("span", "where", `${d.line}:${d.column + 1}`), el("span", "what", d.text));
      row.onclick = () => goTo(d);
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
    const first = transpile[0];
    const latest = runtime[runtime.length - 1];
    overlay.hidden = !first && !latest;
    overlay.replaceChildren();
    if (first) {
      overlay.append(
        el("strong", "", "Syntax error"),
        el("span", "msg", `${first.line}:${first.column + 1}  ${first.text}`),
        el("small", "", "The preview shows the last version that compiled. Click to go to the line."),
      );
    } else if (latest) {
      overlay.append(
        el("strong", "", "Runtime error"),
        el("span", "msg", latest.message),
        el("small", "", "The preview shows the last render that worked. Details in Problems."),
      );
    }
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
    if (d) goTo(d);
    else (document.querySelector("[data-dock='problems']") as HTMLElement | null)?.click();
  };

  window.addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow || !isPreviewMessage(event.data, bridgeId)) return;
    const m = event.data;
    if (m.type === "console") {
      const line = el("div", `log ${m.level}`, m.text);
      consoleEl.append(line);
      line.scrollIntoView({ block: "nearest" });
    } else if (m.type === "runtime-error") {
      // The stack starts with the message again; the same error thrown on every keystroke is shown once.
      const stack = m.stack?.startsWith(m.message) ? m.stack.slice(m.message.length).replace(/^\n/, "") : m.stack;
      const same = runtime.findIndex((r) => r.message === m.message);
      if (same >= 0) runtime.splice(same, 1);
      runtime.push({ message: m.message, stack });
      if (runtime.length > MAX_RUNTIME_ERRORS) runtime.shift();
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
