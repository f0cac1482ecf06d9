// The editor's first load (rule U10): the page's HTML carries the codeSpace's Yjs state and shows its code at
// once; Monaco starts on that state and takes over the pane when it has rendered, where the code already was.
import * as Y from "yjs";
import type { Monaco } from "./monaco-setup.ts";

type Editor = ReturnType<Monaco["editor"]["create"]>;

export interface Diagnostic {
  line: number;
  column: number;
  text: string;
}

/** The transaction origin of the state the page brought (not an edit of this person's: never undone). */
export const PAGE_STATE = Symbol("page-state");

/**
 * The document as the server had it when it served this page. Every edit made on it before the socket
 * connects is an operation on the server's own items, so on connect the two merge to exactly what was typed.
 */
export function embeddedDoc(): { doc: Y.Doc; version: number; errors: Diagnostic[] } {
  const doc = new Y.Doc();
  const raw = document.getElementById("live-doc")?.textContent;
  if (!raw) return { doc, version: 0, errors: [] };
  const state = JSON.parse(raw) as { update: string; version: number; errors: Diagnostic[] };
  const binary = atob(state.update);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  Y.applyUpdate(doc, bytes, PAGE_STATE);
  return { doc, version: state.version, errors: state.errors };
}

/**
 * Removes the code the HTML showed once Monaco has drawn its lines (in the same frame: nothing flickers). A
 * click on that code while Monaco was loading puts Monaco's cursor there and focuses it.
 */
export function handOver(editor: Editor, monaco: Monaco): void {
  const shown = document.getElementById("code-first");
  if (!shown) return;
  let clicked: { lineNumber: number; column: number } | null = null;
  shown.addEventListener("mousedown", (event) => {
    clicked = positionAt(shown, event.clientX, event.clientY) ?? clicked;
  });
  const swap = () => {
    // Drawn: a line of text laid out with its width (Monaco may create the lines before their first layout).
    const line = document.querySelector("#monaco .view-lines .view-line span");
    if (!line || line.getBoundingClientRect().width === 0) {
      requestAnimationFrame(swap);
      return;
    }
    shown.remove();
    performance.mark("live:monaco");
    if (clicked) {
      editor.setPosition(clicked);
      editor.revealPositionInCenterIfOutsideViewport(clicked, monaco.editor.ScrollType.Immediate);
      editor.focus();
    }
  };
  requestAnimationFrame(swap);
}

/** Line and column (1-based) of the character under a point of the first-paint code. */
function positionAt(shown: HTMLElement, x: number, y: number): { lineNumber: number; column: number } | null {
  const code = shown.querySelector(".cf-code");
  const range = document.caretRangeFromPoint?.(x, y);
  if (!code || !range || !code.contains(range.startContainer)) return null;
  const before = document.createRange();
  before.setStart(code, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const text = before.toString();
  const lineStart = text.lastIndexOf("\n") + 1;
  return { lineNumber: text.split("\n").length, column: text.length - lineStart + 1 };
}
