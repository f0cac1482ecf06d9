// Reports the rendered html and css, so the next visitor gets an instant first paint (rule U3), and the
// runtime errors seen since the last report (for the MCP get_errors tool).
import { takeErrors } from "./bridge.ts";

// The page's own console, taken before the bridge forwards console output to the editor's Console panel: a lost
// report is this runtime's business, not the user's.
const warn = console.warn.bind(console);
let timer: ReturnType<typeof setTimeout> | undefined;
let last = "";

function collectCss(): string {
  const rules: string[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    if ((sheet.ownerNode as Element | null)?.id === "live-css") continue;
    try {
      for (const rule of Array.from(sheet.cssRules)) rules.push(rule.cssText);
    } catch {
      // A cross-origin sheet cannot be read; it is loaded again on the next visit anyway.
    }
  }
  return rules.join("\n");
}

/**
 * What the server has stored: a preview whose render equals it does not report, so of many open previews only
 * the first to finish a new render reports it (the others then receive it and stay quiet).
 */
export function noteStored(html: string, css: string): void {
  last = JSON.stringify({ html, css });
}

/** `codeHash`: `codeDigest` of the code this render came from, so the server refuses it once that changed (U3). */
export function reportRender(codeSpace: string, embed: HTMLElement, codeHash: string | undefined): void {
  clearTimeout(timer);
  // Wait for effects, Emotion and Tailwind to settle, then send only if something changed.
  timer = setTimeout(() => {
    const html = embed.innerHTML;
    const css = collectCss();
    const runtimeErrors = takeErrors();
    const rendered = JSON.stringify({ html, css });
    if (rendered === last && runtimeErrors.length === 0) return;
    const previous = last;
    last = rendered;
    // A13: the ticket the editor page put in this frame's URL fragment proves the preview was opened by an editor.
    const ticket = new URLSearchParams(location.hash.slice(1)).get("ticket") ?? undefined;
    send(codeSpace, JSON.stringify({ html, css, runtimeErrors, ticket, codeHash }), rendered, previous, 0);
  }, 400);
}

/** Attempts after the first, for a report refused by a server that is restarting (or a network that blinked). */
const RETRIES = 3;

function send(codeSpace: string, body: string, rendered: string, previous: string, attempt: number): void {
  // From the sandboxed preview (an opaque origin) this is cross-origin: a text/plain POST is a simple request,
  // sent without a preflight that could fail or cost a round trip (rule U3).
  fetch(`/live/${codeSpace}/api/session`, {
    method: "POST",
    headers: { "Content-Type": "text/plain;charset=UTF-8" },
    body,
  })
    .then(async (res) => {
      if (res.ok) return;
      const { error } = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      throw Object.assign(new Error(`${res.status} ${error?.message ?? res.statusText}`), { status: res.status });
    })
    .catch((err: Error & { status?: number }) => {
      // A 4xx is the server's answer (the report is refused for good); anything else may pass on a later try,
      // unless a newer render has been reported meanwhile. A 409 says the server's code is not the code of this
      // render (U3): either it changed since (a newer render follows here, and ends the retries) or this
      // editor's edit has not reached the server yet (a reconnecting socket), when a later try passes.
      const stale = err.status === 409;
      const transient = err.status === undefined || err.status >= 500 || stale;
      if (transient && attempt < RETRIES && last === rendered) {
        setTimeout(() => send(codeSpace, body, rendered, previous, attempt + 1), 500 * 2 ** attempt);
        return;
      }
      // Not stored: the next render may report it again.
      if (last === rendered) last = previous;
      if (stale) return;
      warn(`live: the render report was not stored (${err.message})`);
    });
}
