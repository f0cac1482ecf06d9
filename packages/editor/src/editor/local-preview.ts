// Instant own preview (rule U7): every change is transpiled in a worker and sent to this editor's preview
// over the bridge. One transpile runs at a time; changes during it are coalesced into the next.
import { BRIDGE_CHANNEL, type EditorMessage } from "@live/shared/bridge";

export function setupLocalPreview(
  workerUrl: string,
  frame: HTMLIFrameElement,
  bridgeId: string,
  onChange: (listener: () => void) => void,
  text: () => string,
): void {
  let worker: Worker | null = null;
  let running = false;
  let pending = false;
  let seq = 0;

  const run = () => {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    pending = false;
    worker ??= new Worker(workerUrl, { type: "module" });
    worker.onmessage = (event: MessageEvent<{ ok: boolean; source: string; code?: string }>) => {
      running = false;
      const { ok, source, code } = event.data;
      if (ok && code !== undefined && frame.contentWindow) {
        const message: EditorMessage = { channel: `${BRIDGE_CHANNEL}:${bridgeId}`, type: "module", source, js: code };
        // The preview has an opaque origin, which no target origin can name; it is our own iframe's window.
        frame.contentWindow.postMessage(message, "*");
      }
      if (pending) run();
    };
    worker.postMessage({ id: ++seq, source: text() });
  };
  onChange(run);
}
