// The editor's preview iframe: its bridge channel (rule U4) and the moment it has first painted, after which
// the editor starts what the first paint does not need (the TypeScript worker, React's types, its own
// transpiler).
import { bridgeHash, isPreviewMessage, parseBridgeHash } from "@live/shared/bridge";

/**
 * The bridge channel id of the iframe. The page's HTML already names it in the iframe's URL, so the preview
 * loads while this bundle arrives; a page served under another origin than it was asked for gets a new URL.
 */
export function previewChannel(frame: HTMLIFrameElement, codeSpace: string): string {
  const given = parseBridgeHash(new URL(frame.src || "about:blank", location.href).hash);
  if (given && given.origin === location.origin) return given.id;
  const id = crypto.randomUUID();
  frame.src = `/live/${codeSpace}/${bridgeHash({ origin: location.origin, id })}`;
  return id;
}

/** The performance mark at which the deferred loads begin (bench/latency weighs what loaded before it). */
export const LATER_MARK = "live:later";

/**
 * Resolves once the preview reports its first render (or after `fallbackMs`), when the page is next idle; marks
 * that moment as LATER_MARK.
 */
export function afterFirstPaint(frame: HTMLIFrameElement, channel: string, fallbackMs = 3000): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      window.removeEventListener("message", onMessage);
      clearTimeout(timer);
      const idle = (window as { requestIdleCallback?: (f: () => void, o: object) => void }).requestIdleCallback;
      const go = () => {
        performance.mark(LATER_MARK);
        resolve();
      };
      if (idle) idle(go, { timeout: 1000 });
      else setTimeout(go, 0);
    };
    const onMessage = (event: MessageEvent) => {
      if (event.source === frame.contentWindow && isPreviewMessage(event.data, channel)) {
        if (event.data.type === "rendered") done();
      }
    };
    const timer = setTimeout(done, fallbackMs);
    window.addEventListener("message", onMessage);
  });
}
